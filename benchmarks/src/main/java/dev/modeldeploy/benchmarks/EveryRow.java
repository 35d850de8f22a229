package dev.modeldeploy.benchmarks;

import dev.modeldeploy.api.prediction.Classification;

import java.nio.FloatBuffer;
import java.util.List;

/**
 * What a consumer of a batch's predictions does with every row, e.g. a sink writing them out: reads
 * its class and that class's probability. Applied to modeldeploy's typed results and to ONNX
 * Runtime's plain output alike, so that results made only when read are charged as a real consumer
 * would charge them.
 */
final class EveryRow {
    private EveryRow() {
    }

    /** Sums every row's class index and probability. */
    static double read(List<Classification> predictions) {
        double sum = 0;
        for (Classification c : predictions) {
            sum += c.labelIndex() + c.probability();
        }
        return sum;
    }

    /** The same from a row-major {@code [rows, classes]} tensor of probabilities: the most probable class (the first on a tie). */
    static double read(FloatBuffer probabilities, int classes) {
        double sum = 0;
        for (int at = 0, end = probabilities.limit(); at < end; at += classes) {
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (probabilities.get(at + c) > probabilities.get(at + best)) {
                    best = c;
                }
            }
            sum += best + probabilities.get(at + best);
        }
        return sum;
    }
}

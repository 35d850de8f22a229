package dev.modeldeploy.runtime.monitor;

import dev.modeldeploy.api.testing.WeightedSumModel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Synthetic training and live data for the monitor's tests: one numeric input {@code x}, predicted as {@code 2x + 1}. */
final class Samples {
    private Samples() {
    }

    static WeightedSumModel model() {
        return WeightedSumModel.of("scores", Map.of("x", 2f), 1f);
    }

    static List<Map<String, Object>> normal(int rows, double mean, Random random) {
        List<Map<String, Object>> out = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            out.add(Map.of("x", mean + random.nextGaussian()));
        }
        return out;
    }

    /** The baseline of {@link #model()} on {@code rows} training rows from N(0, 1). */
    static Baseline baseline(int rows, Random random) {
        return HistogramBaselineComputer.baseline(model(), normal(rows, 0, random));
    }

    /** Feeds {@code rows} live records from N(mean, 1), with their predictions, into the monitor. */
    static void feed(DriftMonitor monitor, int rows, double mean, Random random) {
        WeightedSumModel model = model();
        for (Map<String, Object> r : normal(rows, mean, random)) {
            monitor.record(r, model.predictRecord(r));
        }
    }
}

package dev.modeldeploy.onnx;

import dev.modeldeploy.api.DenseBatch;
import dev.modeldeploy.api.prediction.Classification;
import dev.modeldeploy.api.prediction.Regression;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Differential testing with ONNX Runtime as the oracle: loads one graph on both engines and requires
 * equal predictions (equal labels, probabilities and values within {@link #TOLERANCE}) for every row,
 * from the batch path and from the single-row path.
 */
final class EngineParity {
    static final double TOLERANCE = 1e-5;
    /**
     * For PROBIT outputs. ONNX Runtime's PROBIT (an approximate inverse erf in float, reproduced by the
     * pure-Java engine) cancels catastrophically near a score of 0.5: its result moves in steps from
     * 1.8e-5 up to ~1e-3 there, so a last-bit difference between the engines' sums moves it by a step.
     */
    static final double PROBIT_TOLERANCE = 1e-3;

    private EngineParity() {
    }

    static OnnxModel<float[], ?> load(Path file, OnnxOptions.Engine engine, List<String> labels) {
        OnnxModel.Builder<float[]> builder = OnnxModel.builder(file).options(OnnxOptions.builder().engine(engine).intraOpThreads(1).build());
        if (labels != null) {
            builder.labels(labels);
        }
        return builder.build();
    }

    /** Asserts that both engines predict the same for every row, and that AUTO picks the pure-Java engine. */
    static void assertSamePredictions(Path file, float[][] rows, String what) {
        assertSamePredictions(file, null, rows, what);
    }

    /** The same for a classifier with these labels (null: those the model names, or numbers). */
    static void assertSamePredictions(Path file, List<String> labels, float[][] rows, String what) {
        assertSamePredictions(file, labels, rows, what, TOLERANCE);
    }

    /** The same with another tolerance for probabilities and values. */
    static void assertSamePredictions(Path file, List<String> labels, float[][] rows, String what, double tolerance) {
        try (OnnxModel<float[], ?> ort = load(file, OnnxOptions.Engine.ONNX_RUNTIME, labels);
             OnnxModel<float[], ?> pure = load(file, OnnxOptions.Engine.JAVA, labels);
             OnnxModel<float[], ?> auto = load(file, OnnxOptions.Engine.AUTO, labels)) {
            assertThat(auto.engine()).as(what + ": the engine AUTO picks").isEqualTo(OnnxOptions.Engine.JAVA);
            assertThat(ort.engine()).isEqualTo(OnnxOptions.Engine.ONNX_RUNTIME);
            DenseBatch batch = pure.newBatch(rows.length);
            for (float[] row : rows) {
                batch.add(row);
            }
            List<?> expected = ort.predictBatch(batch);
            List<?> actual = pure.predictBatch(batch);
            assertThat(actual).hasSameSizeAs(expected);
            for (int r = 0; r < rows.length; r++) {
                String where = what + ", row " + r + " " + Arrays.toString(rows[r]) + " batch row " + Arrays.toString(batch.row(r));
                assertSame(expected.get(r), actual.get(r), where + " (batch)", tolerance);
                if (r % 7 == 0) {
                    assertSame(expected.get(r), pure.predict(rows[r]), where + " (single)", tolerance);
                }
            }
            assertThat(pure.labels()).isEqualTo(ort.labels());
        }
    }

    static void assertSame(Object expected, Object actual, String where, double tolerance) {
        if (expected instanceof Regression e && actual instanceof Regression a) {
            if (!close(e.value(), a.value(), tolerance)) {
                fail(where + ": ONNX Runtime " + e.value() + ", pure Java " + a.value());
            }
        } else if (expected instanceof Classification e && actual instanceof Classification a) {
            assertThat(a.labels()).as(where).isEqualTo(e.labels());
            for (int c = 0; c < e.classCount(); c++) {
                if (!close(e.probability(c), a.probability(c), tolerance)) {
                    fail(where + ": probabilities ONNX Runtime " + Arrays.toString(e.probabilities()) + ", pure Java "
                            + Arrays.toString(a.probabilities()));
                }
            }
            assertThat(a.label()).as(where + ": label; probabilities " + Arrays.toString(e.probabilities())).isEqualTo(e.label());
        } else {
            fail(where + ": ONNX Runtime " + expected + ", pure Java " + actual);
        }
    }

    private static boolean close(double e, double a, double tolerance) {
        if (e == a) {
            return true;
        }
        if (Double.isNaN(e) || Double.isNaN(a)) {
            return Double.isNaN(e) && Double.isNaN(a);
        }
        return Math.abs(e - a) <= tolerance * Math.max(1, Math.abs(e));
    }
}

package dev.modeldeploy.onnx;

import dev.modeldeploy.api.DenseBatch;
import dev.modeldeploy.api.prediction.Classification;
import dev.modeldeploy.api.prediction.ClassificationList;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The predictions of a batch share one array of probabilities on both engines: each must equal the same
 * row predicted alone, keep its values after later batches, and hand out copies only.
 */
class BatchPredictionsTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(value = OnnxOptions.Engine.class, names = {"JAVA", "ONNX_RUNTIME"})
    void threeClassBatchesAreIndependentViews(OnnxOptions.Engine engine) throws IOException {
        // Softmax scores: a [N, 3] tensor of probabilities, read by ProbabilityReader or the pure-Java scorer.
        Path file = OnnxGraphs.graph().input("X", OnnxGraphs.FLOAT, -1, 4)
                .floats("W", new long[] {4, 3}, TestGraphs.W)
                .floats("B", new long[] {3}, TestGraphs.B)
                .node("Gemm", List.of("X", "W", "B"), List.of("scores"))
                .node("Softmax", List.of("scores"), List.of("probabilities"), OnnxGraphs.intAttr("axis", 1))
                .output("probabilities", OnnxGraphs.FLOAT, -1, 3)
                .write(dir.resolve("softmax.onnx"));
        try (OnnxModel<float[], Classification> model = load(file, engine, "a", "b", "c")) {
            checkBatches(model, 4, (x, c) -> assertThat(c.probabilities()).containsExactly(TestGraphs.softmax(x), within(1e-6f)));
        }
    }

    @ParameterizedTest
    @EnumSource(value = OnnxOptions.Engine.class, names = {"JAVA", "ONNX_RUNTIME"})
    void oneColumnBatchesAreIndependentViews(OnnxOptions.Engine engine) throws IOException {
        try (OnnxModel<float[], Classification> model = load(TestGraphs.sigmoid(dir.resolve("sigmoid.onnx")), engine, "no", "yes")) {
            checkBatches(model, 3, (x, c) -> {
                float p = (float) (1 / (1 + Math.exp(-(x[0] - 2 * x[1] + 0.5 * x[2]))));
                assertThat(c.probability(1)).isCloseTo(p, within(1e-5f));
                assertThat(c.probability(0)).isEqualTo(1f - c.probability(1));
            });
        }
    }

    @ParameterizedTest(name = "direct batch: {0}")
    @ValueSource(booleans = {false, true})
    void aBatchLargerThanOneRunIsScoredInRunsAndKeepsItsOrder(boolean direct) throws IOException {
        // 2^18 floats go to ONNX Runtime per run: 100 000 rows of 3 features take two runs (87 381 + 12 619 rows),
        // whose lists are joined.
        try (OnnxModel<float[], Classification> model = load(TestGraphs.sigmoid(dir.resolve("sigmoid.onnx")),
                OnnxOptions.Engine.ONNX_RUNTIME, "no", "yes")) {
            float[][] rows = rows(new Random(11), 100_000, 3);
            DenseBatch batch = direct ? fill(DenseBatch.direct(3, 16), rows) : batch(model, rows);
            List<Classification> all = model.predictBatch(batch);
            assertThat(all).hasSize(rows.length);
            for (int r : new int[] {0, 1, 87_380, 87_381, 87_382, rows.length - 1}) {
                EngineParity.assertSame(model.predict(rows[r]), all.get(r), "row " + r + " alone", EngineParity.TOLERANCE);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = OnnxOptions.Engine.class, names = {"JAVA", "ONNX_RUNTIME"})
    void aDirectBatchScoresAsTheSameRowsOnTheHeap(OnnxOptions.Engine engine) throws IOException {
        // ONNX Runtime reads the direct batch's native memory in place; the pure-Java engine copies it to the heap.
        try (OnnxModel<float[], Classification> model = load(TestGraphs.sigmoid(dir.resolve("sigmoid.onnx")), engine, "no", "yes")) {
            float[][] rows = rows(new Random(13), 300, 3);
            DenseBatch direct = fill(DenseBatch.direct(3, 4), rows);
            List<Classification> fromDirect = model.predictBatch(direct);
            assertThat(fromDirect).isEqualTo(model.predictBatch(batch(model, rows)));
            // Reused as a batch job reuses it: cleared, refilled with fewer rows, scored again.
            direct.clear();
            float[][] fewer = rows(new Random(17), 40, 3);
            fill(direct, fewer);
            List<Classification> again = model.predictBatch(direct);
            assertThat(again).hasSize(40).isEqualTo(model.predictBatch(batch(model, fewer)));
            assertThat(fromDirect.get(0)).as("the first batch's results outlive the batch's reuse")
                    .isEqualTo(model.predictBatch(batch(model, new float[][] {rows[0]})).get(0));
        }
    }

    private static DenseBatch fill(DenseBatch batch, float[][] rows) {
        for (float[] row : rows) {
            batch.add(row);
        }
        return batch;
    }

    private static OnnxModel<float[], Classification> load(Path file, OnnxOptions.Engine engine, String... labels) {
        OnnxModel<float[], Classification> model = OnnxModel.builder(file).labels(labels)
                .options(OnnxOptions.builder().engine(engine).intraOpThreads(1).build()).classifier();
        assertThat(model.engine()).isEqualTo(engine);
        return model;
    }

    /** Two batches (the first larger than the pure-Java engine's block of rows), each row checked against itself alone. */
    private static void checkBatches(OnnxModel<float[], Classification> model, int width, java.util.function.BiConsumer<float[], Classification> expected) {
        Random random = new Random(7);
        float[][] first = rows(random, 150, width);
        float[][] second = rows(random, 40, width);
        List<Classification> one = model.predictBatch(batch(model, first));
        // One array for the batch; each row's Classification is made when it is read.
        assertThat(one).isInstanceOf(ClassificationList.class);
        List<Classification> kept = new ArrayList<>();
        for (Classification c : one) {
            kept.add(Classification.of(c.labels(), c.labelIndex(), c.probabilities()));
        }
        List<Classification> two = model.predictBatch(batch(model, second));
        for (int r = 0; r < first.length; r++) {
            Classification c = one.get(r);
            assertThat(c).as("row %d after a later batch", r).isEqualTo(kept.get(r)).hasSameHashCodeAs(kept.get(r));
            EngineParity.assertSame(model.predict(first[r]), c, "row " + r + " alone", EngineParity.TOLERANCE);
            assertThat(c.label()).isEqualTo(c.labels().get(Classification.argmax(c.probabilities())));
            expected.accept(first[r], c);
            c.probabilities()[0] = 42f;
            assertThat(c.probability(0)).isNotEqualTo(42f);
        }
        for (int r = 0; r < second.length; r++) {
            EngineParity.assertSame(model.predict(second[r]), two.get(r), "second batch row " + r + " alone", EngineParity.TOLERANCE);
            expected.accept(second[r], two.get(r));
        }
        assertThat(one.get(0)).isNotEqualTo(one.get(1));
    }

    private static DenseBatch batch(OnnxModel<float[], Classification> model, float[][] rows) {
        DenseBatch batch = model.newBatch(rows.length);
        for (float[] row : rows) {
            batch.add(row);
        }
        return batch;
    }

    private static float[][] rows(Random random, int n, int width) {
        float[][] rows = new float[n][width];
        for (float[] row : rows) {
            for (int i = 0; i < width; i++) {
                row[i] = (float) random.nextGaussian() * 2;
            }
        }
        return rows;
    }
}

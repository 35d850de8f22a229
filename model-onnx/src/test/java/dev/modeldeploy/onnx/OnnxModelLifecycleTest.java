package dev.modeldeploy.onnx;

import dev.modeldeploy.api.DenseBatch;
import dev.modeldeploy.api.error.ModelException;
import dev.modeldeploy.api.prediction.Classification;
import dev.modeldeploy.api.prediction.Regression;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.classification.Label;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Closing frees the session: later calls, from any thread, are clear errors, and calls in flight finish first. */
class OnnxModelLifecycleTest {
    @TempDir
    static Path shared;
    static TribuoModels.Trained<Label> trained;

    @TempDir
    Path tmp;

    /** A raw record as a Java record, for the view that reads it. */
    public record Point(double x0, double x1, double x2, double x3, double x4) {
        static Point of(Map<String, Object> m) {
            return new Point((double) m.get("x0"), (double) m.get("x1"), (double) m.get("x2"), (double) m.get("x3"), (double) m.get("x4"));
        }
    }

    @BeforeAll
    static void train() throws IOException {
        trained = TribuoModels.logisticRegression(shared);
    }

    private static OnnxModel<Map<String, Object>, Classification> open() {
        return OnnxModel.builder(trained.onnx()).features(trained.spec()).labels(trained.labels()).classifier();
    }

    @Test
    void everyCallAfterCloseIsAModelException() throws IOException {
        OnnxModel<Map<String, Object>, Classification> model = open();
        Map<String, Object> record = trained.records().get(0);
        float[] features = model.preprocess(record);
        DenseBatch batch = model.newBatch(2);
        batch.add(features);
        model.predictRecord(record);
        model.close();
        model.close(); // idempotent

        assertThat(model.isClosed()).isTrue();
        assertClosed(() -> model.predict(features));
        assertClosed(() -> model.predictRecord(record));
        assertClosed(() -> model.predictBatch(batch));
        assertClosed(() -> model.predictBatch(model.newBatch(0)));
        assertClosed(() -> model.predictRecords(List.of(record)));
        assertClosed(() -> model.forClass(Point.class));
        Path bundle = Files.createDirectories(tmp.resolve("bundle"));
        assertClosed(() -> new OnnxFormat().save(model, bundle));
    }

    @Test
    void aThreadThatScoredBeforeGetsTheErrorToo() throws Exception {
        OnnxModel<Map<String, Object>, Classification> model = open();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Map<String, Object> record = trained.records().get(0);
            // The pool thread makes its tensors, the model is closed, the thread calls again.
            assertThat(pool.submit(() -> model.predictRecord(record)).get()).isNotNull();
            model.close();
            Future<?> after = pool.submit(() -> model.predictRecord(record));
            assertThatThrownBy(after::get).hasCauseInstanceOf(ModelException.class).hasMessageContaining("is closed");
        } finally {
            pool.shutdownNow();
        }
    }

    private static void assertClosed(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOf(ModelException.class).hasMessageContaining("is closed");
    }

    @Test
    void aViewSharesTheSessionUntilBothAreClosed() {
        OnnxModel<Map<String, Object>, Classification> model = open();
        OnnxModel<Point, Classification> points = model.forClass(Point.class);
        assertThat(points.types().input()).isEqualTo(Point.class);
        for (Map<String, Object> record : trained.records().subList(0, 20)) {
            assertThat(points.predictRecord(Point.of(record))).isEqualTo(model.predictRecord(record));
        }
        model.close();
        Map<String, Object> record = trained.records().get(0);
        assertThat(points.predictRecord(Point.of(record)).label()).isEqualTo(trained.tribuoPredict(record).getOutput().getLabel());
        points.close();
        assertClosed(() -> points.predictRecord(Point.of(record)));
    }

    @Test
    void closeWaitsForCallsInFlightAndLaterCallsFailCleanly() throws Exception {
        OnnxModel<Map<String, Object>, Classification> model = open();
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch running = new CountDownLatch(threads);
        AtomicInteger scored = new AtomicInteger();
        List<Future<Throwable>> ends = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            boolean batches = t % 2 == 0;
            ends.add(pool.submit(() -> {
                running.countDown();
                try {
                    for (int i = 0; ; i++) {
                        if (batches) {
                            assertThat(model.predictRecords(trained.records())).hasSize(trained.records().size());
                        } else {
                            assertThat(model.predictRecord(trained.records().get(i % 200))).isNotNull();
                        }
                        scored.incrementAndGet();
                    }
                } catch (Throwable e) {
                    return e;
                }
            }));
        }
        running.await();
        while (scored.get() < 50) {
            Thread.onSpinWait();
        }
        model.close();
        for (Future<Throwable> end : ends) {
            Throwable error = end.get(1, TimeUnit.MINUTES);
            assertThat(error).isInstanceOf(ModelException.class).hasMessageContaining("is closed");
        }
        pool.shutdown();
    }

    @Test
    void batchesLargerThanOneRunAreScoredInChunks() throws IOException {
        // 2^18 features per run at most: 87,381 rows of 3; this batch needs two runs and a short third.
        try (OnnxModel<float[], ?> model = OnnxModel.fromFile(TestGraphs.sigmoid(tmp.resolve("sigmoid.onnx")))) {
            int rows = 200_000;
            DenseBatch batch = model.newBatch(rows);
            for (int r = 0; r < rows; r++) {
                int at = batch.appendRow();
                batch.data()[at] = (r % 1000) / 100f;
                batch.data()[at + 1] = (r % 7) - 3;
                batch.data()[at + 2] = r / 100_000f;
            }
            List<?> scored = model.predictBatch(batch);
            assertThat(scored).hasSize(rows);
            for (int r = 0; r < rows; r += 997) {
                float[] x = batch.row(r);
                double p = 1 / (1 + Math.exp(-(x[0] - 2 * x[1] + 0.5 * x[2])));
                assertThat(((Regression) scored.get(r)).value()).as("row %d", r).isCloseTo(p, within(1e-6));
            }
            assertThat(scored.get(rows - 1)).isEqualTo(model.predict(batch.row(rows - 1)));
        }
    }
}

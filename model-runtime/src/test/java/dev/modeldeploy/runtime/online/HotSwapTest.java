package dev.modeldeploy.runtime.online;

import dev.modeldeploy.api.ModelInfo;
import dev.modeldeploy.api.error.ModelException;
import dev.modeldeploy.api.error.TypeMismatchException;
import dev.modeldeploy.api.linear.LinearModel;
import dev.modeldeploy.api.prediction.Classification;
import dev.modeldeploy.api.prediction.Regression;
import dev.modeldeploy.api.repository.ModelRepository;
import dev.modeldeploy.api.repository.PublishOptions;
import dev.modeldeploy.api.testing.TestRepositories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static dev.modeldeploy.runtime.online.TestModels.expected;
import static dev.modeldeploy.runtime.online.TestModels.quick;
import static dev.modeldeploy.runtime.online.TestModels.records;
import static dev.modeldeploy.runtime.online.TestModels.version;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Hot swap and rollback: no request fails, none mixes versions, and a model closes after its last request. */
class HotSwapTest {

    private static OnlinePredictorConfig config(boolean batching) {
        OnlinePredictorConfig.Builder b = quick();
        return (batching ? b.microBatching(16, Duration.ZERO) : b).build();
    }

    @Test
    void swapAndRollbackMoveTheCurrentAndThePreviousVersion() {
        var v1 = version(1);
        var v2 = version(2);
        var v3 = version(3);
        Map<String, Object> record = records(1, 40).get(0);
        List<String> swaps = new ArrayList<>();
        PredictorListener listener = new PredictorListener() {
            @Override
            public void onSwap(ModelInfo from, ModelInfo to) {
                swaps.add(from.version() + "->" + to.version());
            }
        };
        OnlinePredictor<Map<String, Object>, Regression> predictor =
                OnlinePredictor.builder(v1).config(quick().listener(listener).build()).build();
        try (predictor) {
            assertThat(predictor.previous()).isEmpty();
            assertThatThrownBy(predictor::rollback).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("no previous model");

            assertThat(predictor.swap(v2).version()).isEqualTo(1);
            assertThat(predictor.current().version()).isEqualTo(2);
            assertThat(predictor.previous()).map(ModelInfo::version).contains(1);
            assertThat(predictor.predict(record).version()).isEqualTo(2);
            assertThat(predictor.predict(record).value().value()).isEqualTo(expected(record, 2));

            assertThat(predictor.rollback().version()).isEqualTo(1);
            assertThat(predictor.previous()).map(ModelInfo::version).contains(2);
            assertThat(predictor.predict(record).value().value()).isEqualTo(expected(record, 1));
            assertThat(predictor.rollback().version()).isEqualTo(2); // and forward again

            assertThatThrownBy(() -> predictor.swap(v1)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("already in service");

            predictor.swap(v3); // v1 leaves service, with no request in flight: closed at once
            assertThat(v1.closes()).isEqualTo(1);
            assertThat(v2.isClosed()).isFalse();
            assertThat(predictor.previous()).map(ModelInfo::version).contains(2);
        }
        assertThat(List.of(v1.closes(), v2.closes(), v3.closes())).containsOnly(1);
        assertThat(swaps).containsExactly("1->2", "2->1", "1->2", "2->3");
    }

    @Test
    void aModelThatFailsItsWarmUpNeverServesAndStaysTheCallers() {
        var v1 = version(1);
        ModelInfo brokenExample = TestModels.regression(0).info().toBuilder().version(9)
                .inputExample(List.of(Map.of("a", "not a number", "b", 1, "c", 1))).build();
        var broken = new ProbeModel<>(TestModels.regression(9000), brokenExample);
        try (OnlinePredictor<Map<String, Object>, Regression> predictor =
                     OnlinePredictor.builder(v1).config(OnlinePredictorConfig.builder().warmUpIterations(5).build()).build()) {
            assertThatThrownBy(() -> predictor.swap(broken)).isInstanceOf(ModelException.class)
                    .hasMessageContaining("input example");
            assertThat(predictor.current().version()).isEqualTo(1);
            assertThat(predictor.previous()).isEmpty();
        }
        assertThat(broken.isClosed()).isFalse();
    }

    @Test
    void swapToLoadsAPublishedVersionThroughTheRepository(@TempDir Path tmp) {
        try (ModelRepository repo = TestRepositories.repository(tmp)) {
            URI eta = TestRepositories.modelUri(tmp, "eta");
            URI first = repo.publish(TestModels.regression(1000), eta, PublishOptions.defaults());
            URI second = repo.publish(TestModels.regression(2000), eta, PublishOptions.defaults());
            URI other = TestRepositories.modelUri(tmp, "churn");
            repo.publish(LinearModel.logisticRegression("churn", TestModels.SPEC).coefficients(new double[][] {{1, 2, 3}})
                    .intercepts(0).build(), other, PublishOptions.defaults());
            Map<String, Object> record = records(1, 41).get(0);

            try (OnlinePredictor<Map, Regression> predictor =
                         OnlinePredictor.builder(repo, first, Map.class, Regression.class).config(quick().build()).build()) {
                assertThat(predictor.predict(record).version()).isEqualTo(1);
                assertThat(predictor.swapTo(second).version()).isEqualTo(1);
                Prediction<Regression> answer = predictor.predict(record);
                assertThat(answer.version()).isEqualTo(2);
                assertThat(answer.value().value()).isEqualTo(expected(record, 2));

                assertThatThrownBy(() -> predictor.swapTo(other)).isInstanceOf(TypeMismatchException.class);
                assertThat(predictor.current().version()).isEqualTo(2);

                repo.setAlias(URI.create(eta + "@production"), 1);
                predictor.swapTo(URI.create(eta + "@production"));
                assertThat(predictor.predict(record).version()).isEqualTo(1);
            }
        }
    }

    @Test
    void loadingByUriFailsCleanlyForAModelOfOtherTypes(@TempDir Path tmp) {
        try (ModelRepository repo = TestRepositories.repository(tmp)) {
            URI eta = repo.publish(TestModels.regression(1), TestRepositories.modelUri(tmp, "eta"), PublishOptions.defaults());
            assertThatThrownBy(() -> OnlinePredictor.builder(repo, eta, Map.class, Classification.class).build())
                    .isInstanceOf(TypeMismatchException.class);
        }
    }

    @ParameterizedTest(name = "micro-batching {0}")
    @ValueSource(booleans = {false, true})
    void theReplacedModelClosesOnlyAfterItsLastRequestFinished(boolean batching) throws Exception {
        var v1 = version(1);
        Map<String, Object> record = records(1, 42).get(0);
        try (OnlinePredictor<Map<String, Object>, Regression> predictor =
                     OnlinePredictor.builder(v1).config(config(batching)).build()) {
            ProbeModel.Gate gate = v1.arm();
            CompletableFuture<Prediction<Regression>> inFlight = predictor.predictAsync(record);
            gate.awaitEntered();
            predictor.swap(version(2));
            predictor.swap(version(3)); // v1 leaves service while its request runs
            assertThat(v1.isClosed()).isFalse();
            gate.open();
            Prediction<Regression> answer = inFlight.get(30, TimeUnit.SECONDS);
            assertThat(answer.version()).isEqualTo(1);
            assertThat(answer.value().value()).isEqualTo(expected(record, 1));
            await(v1::isClosed);
            assertThat(v1.violations()).isZero();
            assertThat(predictor.predict(record).version()).isEqualTo(3);
        }
    }

    @ParameterizedTest(name = "micro-batching {0}")
    @ValueSource(booleans = {false, true})
    void twoHundredThousandPredictionsDuringSwapsAndRollbacksNeverFailNorMixVersions(boolean batching) throws Exception {
        int threads = 4;
        int perThread = 50_000;
        List<Map<String, Object>> records = records(1024, 43);
        double[][] expected = new double[3][records.size()];
        for (int v = 1; v <= 2; v++) {
            for (int i = 0; i < records.size(); i++) {
                expected[v][i] = expected(records.get(i), v);
            }
        }
        Queue<ProbeModel<Map<String, Object>, float[], Regression>> models = new ConcurrentLinkedQueue<>();
        var first = version(1);
        models.add(first);
        OnlinePredictorConfig config = config(batching).toBuilder().queueCapacity(threads * 64).build();
        AtomicLong predictions = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        AtomicLong mixed = new AtomicLong();
        AtomicInteger[] byVersion = {new AtomicInteger(), new AtomicInteger(), new AtomicInteger()};
        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger swaps = new AtomicInteger();

        OnlinePredictor<Map<String, Object>, Regression> predictor = OnlinePredictor.builder(first).config(config).build();
        ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
        try (predictor) {
            Future<?> swapper = pool.submit(() -> {
                int n = 0;
                while (!done.get()) {
                    switch (n++ % 4) {
                        case 0, 2 -> {
                            var next = version(predictor.current().version() == 1 ? 2 : 1);
                            models.add(next);
                            predictor.swap(next);
                        }
                        default -> predictor.rollback();
                    }
                    swaps.incrementAndGet();
                    LockSupport.parkNanos(100_000);
                }
            });
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                long seed = t;
                workers.add(pool.submit(() -> {
                    Random random = new Random(seed);
                    int done0 = 0;
                    while (done0 < perThread) {
                        int i = random.nextInt(records.size());
                        try {
                            if (random.nextInt(8) == 0) {
                                int j = (i + 1) % records.size();
                                int k = (i + 2) % records.size();
                                Prediction<List<Regression>> all =
                                        predictor.predictAll(List.of(records.get(i), records.get(j), records.get(k)));
                                int v = all.version();
                                byVersion[v].incrementAndGet();
                                if (all.value().get(0).value() != expected[v][i] || all.value().get(1).value() != expected[v][j]
                                        || all.value().get(2).value() != expected[v][k]) {
                                    mixed.incrementAndGet();
                                }
                                done0 += 3;
                            } else {
                                Prediction<Regression> one = random.nextBoolean()
                                        ? predictor.predict(records.get(i))
                                        : predictor.predictAsync(records.get(i)).get();
                                byVersion[one.version()].incrementAndGet();
                                if (one.value().value() != expected[one.version()][i]) {
                                    mixed.incrementAndGet();
                                }
                                done0++;
                            }
                        } catch (Exception e) {
                            failures.incrementAndGet();
                            done0++;
                        }
                    }
                    predictions.addAndGet(done0);
                }));
            }
            for (Future<?> w : workers) {
                w.get();
            }
            done.set(true);
            swapper.get();
        } finally {
            pool.shutdownNow();
        }
        assertThat(predictions.get()).isGreaterThanOrEqualTo(200_000);
        assertThat(failures.get()).isZero();
        assertThat(mixed.get()).isZero();
        assertThat(swaps.get()).isPositive();
        assertThat(byVersion[1].get()).isPositive();
        assertThat(byVersion[2].get()).isPositive();
        // every model ever in service was closed exactly once, never while (or before) it answered
        assertThat(models).allSatisfy(m -> {
            assertThat(m.closes()).isEqualTo(1);
            assertThat(m.violations()).isZero();
        });
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("condition not met within 30 s");
            }
            Thread.sleep(1);
        }
    }
}

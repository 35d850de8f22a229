package dev.modeldeploy.runtime.online;

import dev.modeldeploy.api.prediction.Regression;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static dev.modeldeploy.runtime.online.TestModels.quick;
import static dev.modeldeploy.runtime.online.TestModels.records;
import static dev.modeldeploy.runtime.online.TestModels.version;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PredictorMetricsTest {

    @Test
    void countsRequestsBatchesOverloadsFailuresAndSwaps() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        var model = version(1);
        List<Map<String, Object>> records = records(6, 50);
        try (OnlinePredictor<Map<String, Object>, Regression> predictor = OnlinePredictor.builder(model)
                .config(quick().microBatching(8, Duration.ofMillis(1)).queueCapacity(3)
                        .listener(PredictorMetrics.of(registry, "eta")).build()).build()) {
            ProbeModel.Gate gate = model.arm();
            CompletableFuture<Prediction<Regression>> first = predictor.predictAsync(records.get(0));
            gate.awaitEntered();
            CompletableFuture<Prediction<List<Regression>>> three = predictor.predictAllAsync(records.subList(1, 4));
            assertThatThrownBy(() -> predictor.predict(records.get(4))).isInstanceOf(OverloadedException.class);
            gate.open();
            first.get();
            three.get();
            assertThatThrownBy(() -> predictor.predict(Map.of("a", "x", "b", 1, "c", 1))).isInstanceOf(RuntimeException.class);
            predictor.swap(version(2));
        }
        // Everything happened while version 1 served; the swap is counted under the version swapped to.
        assertThat(count(registry, "modeldeploy.online.requests", "1")).isEqualTo(3);
        assertThat(count(registry, "modeldeploy.online.records", "1")).isEqualTo(5);
        var batches = registry.get("modeldeploy.online.batch.size").tags("model", "eta", "version", "1").summary();
        assertThat(batches.count()).isEqualTo(2);
        assertThat(batches.totalAmount()).isEqualTo(4);
        assertThat(count(registry, "modeldeploy.online.overloads", "1")).isEqualTo(1);
        assertThat(count(registry, "modeldeploy.online.failures", "1")).isEqualTo(1);
        assertThat(count(registry, "modeldeploy.online.swaps", "1")).isZero();
        assertThat(count(registry, "modeldeploy.online.swaps", "2")).isEqualTo(1);
        assertThat(count(registry, "modeldeploy.online.requests", "2")).isZero();
        assertThat(count(registry, "modeldeploy.online.timeouts", "1")).isZero();
    }

    private static double count(SimpleMeterRegistry registry, String name, String version) {
        return registry.get(name).tags("predictor", "eta", "model", "eta", "version", version).counter().count();
    }

    @Test
    void countsUnderTheVersionInServiceBeforeAndAfterASwapAndARollback() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        List<Map<String, Object>> records = records(10, 53);
        Map<String, Object> invalid = Map.of("a", "x", "b", 1, "c", 1);
        try (OnlinePredictor<Map<String, Object>, Regression> predictor = OnlinePredictor.builder(version(1))
                .config(quick().listener(PredictorMetrics.of(registry, "eta", "canary")).build()).build()) {
            for (Map<String, Object> r : records.subList(0, 4)) {
                assertThat(predictor.predict(r).version()).isEqualTo(1);
            }
            assertThatThrownBy(() -> predictor.predict(invalid)).isInstanceOf(RuntimeException.class);

            predictor.swap(version(2));
            assertThat(predictor.predictAll(records.subList(4, 10)).version()).isEqualTo(2);
            assertThat(predictor.predict(records.get(0)).version()).isEqualTo(2);
            for (int i = 0; i < 2; i++) {
                assertThatThrownBy(() -> predictor.predict(invalid)).isInstanceOf(RuntimeException.class);
            }

            predictor.rollback();
            assertThat(predictor.predict(records.get(1)).version()).isEqualTo(1);
        }
        // v1: 4 answers, 1 failure, 1 answer after the rollback; v2: a request of 6 records, 1 answer, 2 failures
        assertThat(variantCount(registry, "modeldeploy.online.requests", "1")).isEqualTo(6);
        assertThat(variantCount(registry, "modeldeploy.online.records", "1")).isEqualTo(6);
        assertThat(variantCount(registry, "modeldeploy.online.failures", "1")).isEqualTo(1);
        assertThat(variantCount(registry, "modeldeploy.online.swaps", "1")).isEqualTo(1); // the rollback
        assertThat(variantCount(registry, "modeldeploy.online.requests", "2")).isEqualTo(4);
        assertThat(variantCount(registry, "modeldeploy.online.records", "2")).isEqualTo(9);
        assertThat(variantCount(registry, "modeldeploy.online.failures", "2")).isEqualTo(2);
        assertThat(variantCount(registry, "modeldeploy.online.swaps", "2")).isEqualTo(1);
        // every request was timed as a whole under the version that answered it
        assertThat(registry.get("modeldeploy.online.stage").tags("stage", "total", "version", "2").timer().count()).isEqualTo(4);
        assertThat(registry.get("modeldeploy.online.requests").counters()).hasSize(2);
    }

    private static double variantCount(SimpleMeterRegistry registry, String name, String version) {
        return registry.get(name).tags("predictor", "eta", "variant", "canary", "model", "eta", "version", version)
                .counter().count();
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "micro-batching {0}")
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void timesEveryStagePerModelVersionAndVariant(boolean batching) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        List<Map<String, Object>> records = records(20, 52);
        java.util.concurrent.atomic.AtomicInteger lookups = new java.util.concurrent.atomic.AtomicInteger();
        RequestEnricher<Map<String, Object>> enricher = r -> {
            lookups.incrementAndGet();
            return r;
        };
        OnlinePredictorConfig.Builder config = quick().listener(PredictorMetrics.of(registry, "eta", "canary"));
        if (batching) {
            config.microBatching(4, Duration.ofMillis(1));
        }
        try (OnlinePredictor<Map<String, Object>, Regression> predictor = OnlinePredictor.builder(version(3))
                .config(config.build()).enricher(enricher).build()) {
            for (Map<String, Object> r : records.subList(0, 10)) {
                predictor.predict(r);
            }
            predictor.predictAll(records.subList(10, 20));
        }
        io.micrometer.core.instrument.search.RequiredSearch stage = registry.get("modeldeploy.online.stage")
                .tag("predictor", "eta").tag("variant", "canary").tag("model", version(3).info().name()).tag("version", "3");
        // One total per request; the other stages once per call of the model or enricher (a micro-batch is one).
        assertThat(stage.tag("stage", "total").timer().count()).isEqualTo(11);
        for (String s : List.of("feature_lookup", "preprocess", "inference")) {
            var timer = registry.get("modeldeploy.online.stage").tag("stage", s).timer();
            assertThat(timer.count()).as(s).isBetween(2L, 20L);
            assertThat(timer.totalTime(java.util.concurrent.TimeUnit.NANOSECONDS)).as(s).isPositive();
        }
        if (!batching) {
            assertThat(registry.get("modeldeploy.online.stage").tag("stage", "preprocess").timer().count()).isEqualTo(11);
        }
        assertThat(lookups.get()).isEqualTo(20);
    }

    @Test
    void aListenerThatThrowsNeverFailsARequest() {
        PredictorListener broken = new PredictorListener() {
            @Override
            public void onRequest(int records) {
                throw new IllegalStateException("boom");
            }
        };
        Map<String, Object> record = records(1, 51).get(0);
        try (OnlinePredictor<Map<String, Object>, Regression> predictor =
                     OnlinePredictor.builder(version(1)).config(quick().listener(broken).build()).build()) {
            assertThat(predictor.predict(record).version()).isEqualTo(1);
        }
    }
}

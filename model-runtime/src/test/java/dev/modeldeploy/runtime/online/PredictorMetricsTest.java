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
        assertThat(registry.get("modeldeploy.online.requests").tag("predictor", "eta").counter().count()).isEqualTo(3);
        assertThat(registry.get("modeldeploy.online.records").counter().count()).isEqualTo(5);
        assertThat(registry.get("modeldeploy.online.batch.size").summary().count()).isEqualTo(2);
        assertThat(registry.get("modeldeploy.online.batch.size").summary().totalAmount()).isEqualTo(4);
        assertThat(registry.get("modeldeploy.online.overloads").counter().count()).isEqualTo(1);
        assertThat(registry.get("modeldeploy.online.failures").counter().count()).isEqualTo(1);
        assertThat(registry.get("modeldeploy.online.swaps").counter().count()).isEqualTo(1);
        assertThat(registry.get("modeldeploy.online.timeouts").counter().count()).isZero();
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

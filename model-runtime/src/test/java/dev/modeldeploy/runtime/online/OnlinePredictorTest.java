package dev.modeldeploy.runtime.online;

import dev.modeldeploy.api.error.SchemaViolationException;
import dev.modeldeploy.api.prediction.Regression;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import static dev.modeldeploy.runtime.online.TestModels.expected;
import static dev.modeldeploy.runtime.online.TestModels.quick;
import static dev.modeldeploy.runtime.online.TestModels.records;
import static dev.modeldeploy.runtime.online.TestModels.version;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OnlinePredictorTest {

    private static OnlinePredictorConfig config(boolean batching) {
        OnlinePredictorConfig.Builder b = quick();
        return (batching ? b.microBatching(8, Duration.ofMillis(1)) : b).build();
    }

    @ParameterizedTest(name = "micro-batching {0}")
    @ValueSource(booleans = {false, true})
    void answersCarryTheValueAndTheVersionThatComputedIt(boolean batching) throws Exception {
        List<Map<String, Object>> records = records(5, 1);
        try (OnlinePredictor<Map<String, Object>, Regression> predictor =
                     OnlinePredictor.builder(version(3)).config(config(batching)).build()) {
            Prediction<Regression> one = predictor.predict(records.get(0));
            assertThat(one.value().value()).isEqualTo(expected(records.get(0), 3));
            assertThat(one.model()).isEqualTo("eta");
            assertThat(one.version()).isEqualTo(3);
            assertThat(one.fallback()).isFalse();
            assertThat(one.modelVersion()).isEqualTo("eta/3");

            Prediction<Regression> async = predictor.predictAsync(records.get(1)).get();
            assertThat(async.value().value()).isEqualTo(expected(records.get(1), 3));
            assertThat(async.version()).isEqualTo(3);

            Prediction<List<Regression>> all = predictor.predictAll(records);
            assertThat(all.version()).isEqualTo(3);
            assertThat(all.value()).extracting(Regression::value)
                    .containsExactlyElementsOf(records.stream().map(r -> expected(r, 3)).toList());
            assertThat(predictor.predictAllAsync(records).get().value()).isEqualTo(all.value());

            assertThat(predictor.predictAll(List.of()).value()).isEmpty();
            assertThat(predictor.predictAllAsync(List.of()).get().value()).isEmpty();
        }
    }

    @Test
    void predictAllCopiesTheCallersListSoAnAsyncCallerMayReuseIt() throws Exception {
        List<Map<String, Object>> records = new ArrayList<>(records(4, 2));
        List<Double> want = records.stream().map(r -> expected(r, 1)).toList();
        ProbeModel<Map<String, Object>, float[], Regression> model = version(1);
        try (OnlinePredictor<Map<String, Object>, Regression> predictor =
                     OnlinePredictor.builder(model).config(config(true)).build()) {
            ProbeModel.Gate gate = model.arm();
            var blocker = predictor.predictAsync(records.get(0));
            gate.awaitEntered();
            var answer = predictor.predictAllAsync(records);
            records.clear();
            gate.open();
            assertThat(answer.get().value()).extracting(Regression::value).containsExactlyElementsOf(want);
            blocker.get();
        }
    }

    @ParameterizedTest(name = "micro-batching {0}")
    @ValueSource(booleans = {false, true})
    void anInvalidRecordFailsWithTheSchemaViolationNamingItsIndexWithinTheRequest(boolean batching) {
        List<Map<String, Object>> records = new ArrayList<>(records(3, 3));
        records.set(2, Map.of("a", 1.0, "b", "not a number", "c", 3.0));
        try (OnlinePredictor<Map<String, Object>, Regression> predictor =
                     OnlinePredictor.builder(version(1)).config(config(batching)).build()) {
            assertThatThrownBy(() -> predictor.predict(records.get(2))).isInstanceOf(SchemaViolationException.class)
                    .satisfies(e -> assertThat(((SchemaViolationException) e).field()).isEqualTo("b"));
            assertThatThrownBy(() -> predictor.predictAll(records)).isInstanceOf(SchemaViolationException.class)
                    .satisfies(e -> assertThat(((SchemaViolationException) e).recordIndex()).isEqualTo(2));
            assertThatThrownBy(() -> predictor.predictAsync(records.get(2)).get()).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(SchemaViolationException.class);
            // and the predictor goes on serving
            assertThat(predictor.predict(records.get(0)).value().value()).isEqualTo(expected(records.get(0), 1));
        }
    }

    @ParameterizedTest(name = "micro-batching {0}")
    @ValueSource(booleans = {false, true})
    void aClosedPredictorRefusesRequestsAndClosesItsModel(boolean batching) {
        ProbeModel<Map<String, Object>, float[], Regression> model = version(1);
        OnlinePredictor<Map<String, Object>, Regression> predictor =
                OnlinePredictor.builder(model).config(config(batching)).build();
        predictor.close();
        predictor.close(); // idempotent
        assertThat(model.closes()).isEqualTo(1);
        Map<String, Object> record = records(1, 4).get(0);
        assertThatThrownBy(() -> predictor.predict(record)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThat(predictor.predictAsync(record)).isCompletedExceptionally();
        assertThatThrownBy(() -> predictor.swap(version(2))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void closeAnswersTheRequestsAlreadyQueuedBeforeClosingTheModel() throws Exception {
        ProbeModel<Map<String, Object>, float[], Regression> model = version(1);
        List<Map<String, Object>> records = records(6, 5);
        OnlinePredictor<Map<String, Object>, Regression> predictor =
                OnlinePredictor.builder(model).config(config(true)).build();
        ProbeModel.Gate gate = model.arm();
        var first = predictor.predictAsync(records.get(0));
        gate.awaitEntered();
        var queued = records.subList(1, 6).stream().map(predictor::predictAsync).toList();
        Thread closer = new Thread(predictor::close);
        closer.start();
        gate.open();
        closer.join();
        assertThat(first.get().version()).isEqualTo(1);
        for (int i = 0; i < queued.size(); i++) {
            assertThat(queued.get(i).get().value().value()).isEqualTo(expected(records.get(i + 1), 1));
        }
        assertThat(model.closes()).isEqualTo(1);
        assertThat(model.violations()).isZero();
    }

    @Test
    void configRejectsNonsense() {
        assertThatThrownBy(() -> OnlinePredictorConfig.builder().microBatching(0, Duration.ofMillis(1)).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OnlinePredictorConfig.builder().deadline(Duration.ofMillis(-1)).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OnlinePredictorConfig.builder().queueCapacity(0).build())
                .isInstanceOf(IllegalArgumentException.class);
        OnlinePredictorConfig defaults = OnlinePredictorConfig.defaults();
        assertThat(defaults.microBatching()).isFalse();
        assertThat(defaults.hasDeadline()).isFalse();
        assertThat(defaults.toBuilder().build()).isEqualTo(defaults);
    }
}

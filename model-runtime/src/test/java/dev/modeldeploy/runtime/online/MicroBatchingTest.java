package dev.modeldeploy.runtime.online;

import dev.modeldeploy.api.error.SchemaViolationException;
import dev.modeldeploy.api.prediction.Regression;
import dev.modeldeploy.api.testing.WeightedSumModel;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.modeldeploy.runtime.online.TestModels.expected;
import static dev.modeldeploy.runtime.online.TestModels.quick;
import static dev.modeldeploy.runtime.online.TestModels.records;
import static dev.modeldeploy.runtime.online.TestModels.version;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Micro-batching, observed through the model's own {@code predictBatch} calls. A gate in the model
 * holds the dispatcher while the test lines requests up, so nothing here depends on timing.
 */
class MicroBatchingTest {

    @Test
    void requestsThatWaitTogetherAreScoredInOneBatch() throws Exception {
        ProbeModel<Map<String, Object>, float[], Regression> model = version(1);
        List<Map<String, Object>> records = records(11, 10);
        try (OnlinePredictor<Map<String, Object>, Regression> predictor = OnlinePredictor.builder(model)
                .config(quick().microBatching(10, Duration.ofSeconds(10)).build()).build()) {
            ProbeModel.Gate gate = model.arm();
            CompletableFuture<Prediction<Regression>> first = predictor.predictAsync(records.get(0));
            gate.awaitEntered(); // the dispatcher is busy with the first request
            List<CompletableFuture<Prediction<Regression>>> waiting = new ArrayList<>();
            for (Map<String, Object> r : records.subList(1, 11)) {
                waiting.add(predictor.predictAsync(r)); // queued when predictAsync returns
            }
            gate.open();
            assertThat(first.get().value().value()).isEqualTo(expected(records.get(0), 1));
            for (int i = 0; i < waiting.size(); i++) {
                assertThat(waiting.get(i).get().value().value()).isEqualTo(expected(records.get(i + 1), 1));
            }
            assertThat(model.batchSizes()).containsExactly(1, 10);
            assertThat(model.singleCalls()).isZero();
        }
    }

    @Test
    void aLoneRequestIsDispatchedAtOnceWithoutWaitingForMaxDelay() throws Exception {
        ProbeModel<Map<String, Object>, float[], Regression> model = version(1);
        Map<String, Object> record = records(1, 11).get(0);
        try (OnlinePredictor<Map<String, Object>, Regression> predictor = OnlinePredictor.builder(model)
                .config(quick().microBatching(32, Duration.ofSeconds(60)).build()).build()) {
            for (int i = 0; i < 3; i++) {
                // Far below the 60 s maxDelay a waiting batch would take, on any machine.
                Prediction<Regression> answer = predictor.predictAsync(record).get(30, TimeUnit.SECONDS);
                assertThat(answer.value().value()).isEqualTo(expected(record, 1));
            }
            assertThat(model.batchSizes()).containsExactly(1, 1, 1);
        }
    }

    @Test
    void onceSeveralWaitABatchWaitsUntilItIsFull() throws Exception {
        ProbeModel<Map<String, Object>, float[], Regression> model = version(1);
        List<Map<String, Object>> records = records(5, 12);
        try (OnlinePredictor<Map<String, Object>, Regression> predictor = OnlinePredictor.builder(model)
                .config(quick().microBatching(4, Duration.ofSeconds(30)).build()).build()) {
            ProbeModel.Gate gate = model.arm();
            CompletableFuture<Prediction<Regression>> first = predictor.predictAsync(records.get(0));
            gate.awaitEntered();
            List<CompletableFuture<Prediction<Regression>>> answers = new ArrayList<>();
            answers.add(predictor.predictAsync(records.get(1)));
            answers.add(predictor.predictAsync(records.get(2)));
            gate.open();
            first.get();
            // Two were waiting, so the dispatcher waits (up to 30 s) for the batch of 4 to fill.
            answers.add(predictor.predictAsync(records.get(3)));
            answers.add(predictor.predictAsync(records.get(4)));
            for (int i = 0; i < answers.size(); i++) {
                assertThat(answers.get(i).get().value().value()).isEqualTo(expected(records.get(i + 1), 1));
            }
            assertThat(model.batchSizes()).containsExactly(1, 4);
        }
    }

    @Test
    void aBatchNeverExceedsMaxBatchSizeAndSplitsLargeRequestsOnOneVersion() throws Exception {
        ProbeModel<Map<String, Object>, float[], Regression> model = version(1);
        List<Map<String, Object>> pool = records(60, 13);
        int[] sizes = {3, 3, 3, 25, 1, 8, 2, 7, 1};
        try (OnlinePredictor<Map<String, Object>, Regression> predictor = OnlinePredictor.builder(model)
                .config(quick().microBatching(8, Duration.ofMillis(1)).build()).build()) {
            ProbeModel.Gate gate = model.arm();
            CompletableFuture<Prediction<Regression>> first = predictor.predictAsync(pool.get(59));
            gate.awaitEntered();
            List<List<Map<String, Object>>> requests = new ArrayList<>();
            List<CompletableFuture<Prediction<List<Regression>>>> answers = new ArrayList<>();
            int at = 0;
            for (int size : sizes) {
                List<Map<String, Object>> request = pool.subList(at, at + size);
                at += size;
                requests.add(request);
                answers.add(predictor.predictAllAsync(request));
            }
            gate.open();
            first.get();
            for (int i = 0; i < requests.size(); i++) {
                Prediction<List<Regression>> answer = answers.get(i).get();
                assertThat(answer.version()).isEqualTo(1);
                assertThat(answer.value()).extracting(Regression::value)
                        .containsExactlyElementsOf(requests.get(i).stream().map(r -> expected(r, 1)).toList());
            }
            assertThat(model.batchSizes()).allSatisfy(size -> assertThat(size).isBetween(1, 8));
            assertThat(model.batchSizes().stream().mapToInt(Integer::intValue).sum()).isEqualTo(1 + at);
            // the 25-record request went in batches of 8, 8, 8 and 1
            assertThat(model.batchSizes()).containsSubsequence(8, 8, 8, 1);
        }
    }

    @Test
    void aFullQueueRefusesWithOverloadedExceptionCountingRecords() throws Exception {
        ProbeModel<Map<String, Object>, float[], Regression> model = version(1);
        List<Map<String, Object>> records = records(8, 14);
        AtomicInteger overloads = new AtomicInteger();
        PredictorListener listener = new PredictorListener() {
            @Override
            public void onOverload() {
                overloads.incrementAndGet();
            }
        };
        try (OnlinePredictor<Map<String, Object>, Regression> predictor = OnlinePredictor.builder(model)
                .config(quick().microBatching(4, Duration.ofMillis(1)).queueCapacity(4).listener(listener).build()).build()) {
            ProbeModel.Gate gate = model.arm();
            CompletableFuture<Prediction<Regression>> first = predictor.predictAsync(records.get(0));
            gate.awaitEntered();
            List<CompletableFuture<Prediction<Regression>>> queued = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                queued.add(predictor.predictAsync(records.get(i)));
            }
            // 3 records wait; a request of 2 records does not fit, one of 1 does, then nothing does.
            assertThatThrownBy(() -> predictor.predictAll(records.subList(4, 6))).isInstanceOf(OverloadedException.class)
                    .hasMessageContaining("overloaded").hasMessageContaining("3 records")
                    .satisfies(e -> assertThat(((OverloadedException) e).capacity()).isEqualTo(4));
            queued.add(predictor.predictAsync(records.get(4)));
            assertThatThrownBy(() -> predictor.predict(records.get(5))).isInstanceOf(OverloadedException.class);
            assertThat(predictor.predictAsync(records.get(6))).failsWithin(Duration.ofSeconds(5))
                    .withThrowableOfType(ExecutionException.class).withCauseInstanceOf(OverloadedException.class);
            assertThat(overloads.get()).isEqualTo(3);

            gate.open();
            first.get();
            for (int i = 0; i < queued.size(); i++) {
                assertThat(queued.get(i).get().value().value()).isEqualTo(expected(records.get(i + 1), 1));
            }
            // once drained, the queue takes requests again
            assertThat(predictor.predict(records.get(7)).value().value()).isEqualTo(expected(records.get(7), 1));
        }
    }

    @Test
    void anInvalidRecordFailsOnlyItsOwnRequestInABatch() throws Exception {
        WeightedSumModel sum = WeightedSumModel.of("sum", Map.of("x", 2f, "y", 3f), 1f);
        ProbeModel<Map<String, Object>, float[], Double> model = new ProbeModel<>(sum, 4);
        try (OnlinePredictor<Map<String, Object>, Double> predictor = OnlinePredictor.builder(model)
                .config(quick().microBatching(8, Duration.ofMillis(1)).build()).build()) {
            ProbeModel.Gate gate = model.arm();
            CompletableFuture<Prediction<Double>> first = predictor.predictAsync(Map.of("x", 0, "y", 0));
            gate.awaitEntered();
            CompletableFuture<Prediction<Double>> good = predictor.predictAsync(Map.of("x", 1, "y", 1));
            CompletableFuture<Prediction<List<Double>>> bad =
                    predictor.predictAllAsync(List.of(Map.of("x", 1, "y", 2), Map.of("x", "one", "y", 2)));
            CompletableFuture<Prediction<List<Double>>> alsoGood =
                    predictor.predictAllAsync(List.of(Map.of("x", 2, "y", 0), Map.of("x", 0, "y", 2)));
            gate.open();
            assertThat(first.get().value()).isEqualTo(1.0);
            assertThat(good.get().value()).isEqualTo(6.0);
            assertThat(alsoGood.get().value()).containsExactly(5.0, 7.0);
            assertThat(bad).failsWithin(Duration.ofSeconds(5)).withThrowableOfType(ExecutionException.class)
                    .withCauseInstanceOf(SchemaViolationException.class)
                    .satisfies(e -> {
                        SchemaViolationException v = (SchemaViolationException) e.getCause();
                        assertThat(v.recordIndex()).isEqualTo(1);
                        assertThat(v.field()).isEqualTo("x");
                    });
            // the good requests of that batch were still scored together
            assertThat(model.batchSizes()).containsExactly(1, 3);
        }
    }

    @Test
    void theEnricherRunsOncePerMicroBatchWithEveryRecordOfIt() throws Exception {
        ProbeModel<Map<String, Object>, float[], Regression> model = version(1);
        List<Integer> enrichedBatchSizes = new java.util.concurrent.CopyOnWriteArrayList<>();
        RequestEnricher<Map<String, Object>> addC = new RequestEnricher<>() {
            @Override
            public Map<String, Object> enrich(Map<String, Object> request) {
                Map<String, Object> out = new java.util.HashMap<>(request);
                out.put("c", ((Number) request.get("key")).doubleValue() * 10);
                return out;
            }

            @Override
            public List<Map<String, Object>> enrichAll(List<Map<String, Object>> requests) {
                enrichedBatchSizes.add(requests.size());
                return RequestEnricher.super.enrichAll(requests);
            }
        };
        try (OnlinePredictor<Map<String, Object>, Regression> predictor = OnlinePredictor.builder(model)
                .config(quick().microBatching(16, Duration.ofMillis(1)).build()).enricher(addC).build()) {
            ProbeModel.Gate gate = model.arm();
            CompletableFuture<Prediction<Regression>> first = predictor.predictAsync(Map.of("a", 1.0, "b", 1.0, "key", 0));
            gate.awaitEntered();
            List<CompletableFuture<Prediction<Regression>>> answers = new ArrayList<>();
            for (int k = 1; k <= 5; k++) {
                answers.add(predictor.predictAsync(Map.of("a", 1.0, "b", 1.0, "key", k)));
            }
            CompletableFuture<Prediction<List<Regression>>> pair =
                    predictor.predictAllAsync(List.of(Map.of("a", 0.0, "b", 0.0, "key", 7), Map.of("a", 0.0, "b", 0.0, "key", 8)));
            gate.open();
            first.get();
            for (int k = 1; k <= 5; k++) {
                assertThat(answers.get(k - 1).get().value().value()).isEqualTo(expected(Map.of("a", 1.0, "b", 1.0, "c", k * 10.0), 1));
            }
            assertThat(pair.get().value()).extracting(Regression::value).containsExactly(1000.0 + 140.0, 1000.0 + 160.0);
            assertThat(enrichedBatchSizes).containsExactly(1, 7);
        }
    }
}

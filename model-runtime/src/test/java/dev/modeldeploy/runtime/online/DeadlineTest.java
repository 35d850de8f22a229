package dev.modeldeploy.runtime.online;

import dev.modeldeploy.api.prediction.Regression;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
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
 * Deadlines: a request that cannot be answered in time fails fast, or gets the fallback. The slow
 * parts (an enricher, a model) are held by latches until the deadline has surely passed, so the
 * outcome never depends on how fast the machine is.
 */
class DeadlineTest {
    private static final Duration DEADLINE = Duration.ofMillis(30);
    /**
     * The deadline of the tests that hold the model at a gate instead: long enough for a dispatcher thread
     * to take the stuck request to the gate, and to answer a request once the gate is open, however slow
     * the machine (a request whose deadline passed before it reached the model is skipped, not held).
     * Those tests take about this long: they wait for the held requests to time out.
     */
    private static final Duration HELD_DEADLINE = Duration.ofSeconds(2);
    private static final Regression DEFAULT = new Regression(-1);

    /** An enricher that sleeps longer than the deadline: the deadline has passed when it returns. */
    private static RequestEnricher<Map<String, Object>> sleeping() {
        return request -> {
            try {
                Thread.sleep(DEADLINE.toMillis() * 4);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return request;
        };
    }

    /** Counts timeouts and fallbacks. */
    private static final class Counts implements PredictorListener {
        final AtomicInteger timeouts = new AtomicInteger();
        final AtomicInteger fallbacks = new AtomicInteger();

        @Override
        public void onTimeout() {
            timeouts.incrementAndGet();
        }

        @Override
        public void onFallback() {
            fallbacks.incrementAndGet();
        }
    }

    @Test
    void onTheCallersThreadASlowEnrichmentFailsBeforeTheModelRuns() {
        ProbeModel<Map<String, Object>, float[], Regression> model = version(1);
        Counts counts = new Counts();
        Map<String, Object> record = records(1, 20).get(0);
        try (OnlinePredictor<Map<String, Object>, Regression> predictor = OnlinePredictor.builder(model)
                .config(quick().deadline(DEADLINE).listener(counts).build()).enricher(sleeping()).build()) {
            assertThatThrownBy(() -> predictor.predict(record)).isInstanceOf(PredictionTimeoutException.class)
                    .hasMessageContaining("eta/1").hasMessageContaining("30 ms")
                    .satisfies(e -> assertThat(((PredictionTimeoutException) e).deadline()).isEqualTo(DEADLINE));
            assertThatThrownBy(() -> predictor.predictAll(List.of(record, record)))
                    .isInstanceOf(PredictionTimeoutException.class);
            assertThat(model.singleCalls()).isZero();
            assertThat(model.batchSizes()).isEmpty();
            assertThat(counts.timeouts.get()).isEqualTo(2);
        }
    }

    @Test
    void aDefaultAnswerStandsInForALateOne() {
        Counts counts = new Counts();
        Map<String, Object> record = records(1, 21).get(0);
        try (OnlinePredictor<Map<String, Object>, Regression> predictor = OnlinePredictor.builder(version(1))
                .config(quick().deadline(DEADLINE).listener(counts).build()).enricher(sleeping())
                .fallback(Fallback.value(DEFAULT)).build()) {
            Prediction<Regression> answer = predictor.predict(record);
            assertThat(answer).isEqualTo(new Prediction<>(DEFAULT, "eta", 0, true));
            Prediction<List<Regression>> all = predictor.predictAll(List.of(record, record, record));
            assertThat(all.value()).containsExactly(DEFAULT, DEFAULT, DEFAULT);
            assertThat(all.fallback()).isTrue();
            assertThat(counts.timeouts.get()).isEqualTo(2);
            assertThat(counts.fallbacks.get()).isEqualTo(2);
        }
    }

    @Test
    void anAsyncRequestFailsAtItsDeadlineWhileTheWorkIsStillStuck() throws Exception {
        CountDownLatch stuck = new CountDownLatch(1);
        ProbeModel<Map<String, Object>, float[], Regression> model = version(1);
        RequestEnricher<Map<String, Object>> hanging = request -> {
            try {
                stuck.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return request;
        };
        Map<String, Object> record = records(1, 22).get(0);
        try (OnlinePredictor<Map<String, Object>, Regression> predictor = OnlinePredictor.builder(model)
                .config(quick().deadline(DEADLINE).build()).enricher(hanging).build()) {
            CompletableFuture<Prediction<Regression>> answer = predictor.predictAsync(record);
            assertThat(answer).failsWithin(Duration.ofSeconds(30)).withThrowableOfType(ExecutionException.class)
                    .withCauseInstanceOf(PredictionTimeoutException.class);
            assertThat(stuck.getCount()).isEqualTo(1); // the enricher still hangs: the deadline did not wait for it
            stuck.countDown();
        }
        assertThat(model.singleCalls()).isZero(); // enriched too late: never scored
    }

    @Test
    void aQueuedRequestFailsAtItsDeadlineAndIsNeverScored() throws Exception {
        ProbeModel<Map<String, Object>, float[], Regression> model = version(1);
        List<Map<String, Object>> records = records(3, 23);
        try (OnlinePredictor<Map<String, Object>, Regression> predictor = OnlinePredictor.builder(model)
                .config(quick().deadline(HELD_DEADLINE).microBatching(8, Duration.ofMillis(1)).build()).build()) {
            ProbeModel.Gate gate = model.arm();
            try {
                CompletableFuture<Prediction<Regression>> stuck = predictor.predictAsync(records.get(0));
                gate.awaitEntered();
                CompletableFuture<Prediction<Regression>> queuedAsync = predictor.predictAsync(records.get(1));
                assertThatThrownBy(() -> predictor.predict(records.get(2))).isInstanceOf(PredictionTimeoutException.class);
                assertThat(queuedAsync).failsWithin(Duration.ofSeconds(30)).withThrowableOfType(ExecutionException.class)
                        .withCauseInstanceOf(PredictionTimeoutException.class);
                assertThat(stuck).failsWithin(Duration.ofSeconds(30)).withThrowableOfType(ExecutionException.class)
                        .withCauseInstanceOf(PredictionTimeoutException.class);
            } finally {
                gate.open();
            }
            // once free, the dispatcher answers new requests; the expired ones were skipped
            Map<String, Object> later = records(1, 24).get(0);
            assertThat(predictor.predict(later).value().value()).isEqualTo(expected(later, 1));
            assertThat(model.batchSizes()).containsExactly(1, 1);
        }
    }

    @Test
    void thePreviousVersionAnswersWhenTheCurrentOneIsStuck() throws Exception {
        ProbeModel<Map<String, Object>, float[], Regression> v2 = version(2);
        List<Map<String, Object>> records = records(4, 25);
        Counts counts = new Counts();
        try (OnlinePredictor<Map<String, Object>, Regression> predictor = OnlinePredictor.builder(version(1))
                .config(quick().deadline(HELD_DEADLINE).microBatching(8, Duration.ofMillis(1)).listener(counts).build())
                .fallback(Fallback.previousVersion()).build()) {
            predictor.swap(v2);
            ProbeModel.Gate gate = v2.arm();
            try {
                CompletableFuture<Prediction<Regression>> stuck = predictor.predictAsync(records.get(0));
                gate.awaitEntered();
                // sent first, so that its deadline passes while the blocking caller below waits for its own
                CompletableFuture<Prediction<List<Regression>>> allAsync = predictor.predictAllAsync(records.subList(2, 4));
                Prediction<Regression> sync = predictor.predict(records.get(1));
                assertThat(sync.version()).isEqualTo(1);
                assertThat(sync.fallback()).isTrue();
                assertThat(sync.value().value()).isEqualTo(expected(records.get(1), 1));

                Prediction<List<Regression>> all = allAsync.get(30, TimeUnit.SECONDS);
                assertThat(all.version()).isEqualTo(1);
                assertThat(all.value()).extracting(Regression::value)
                        .containsExactly(expected(records.get(2), 1), expected(records.get(3), 1));

                Prediction<Regression> first = stuck.get(30, TimeUnit.SECONDS);
                assertThat(first.version()).isEqualTo(1);
                assertThat(first.fallback()).isTrue();
            } finally {
                gate.open();
            }
            assertThat(counts.timeouts.get()).isEqualTo(3);
            assertThat(counts.fallbacks.get()).isEqualTo(3);
        }
    }

    @Test
    void withoutAPreviousVersionThePreviousVersionFallbackIsATimeout() {
        Map<String, Object> record = records(1, 26).get(0);
        try (OnlinePredictor<Map<String, Object>, Regression> predictor = OnlinePredictor.builder(version(1))
                .config(quick().deadline(DEADLINE).build()).enricher(sleeping())
                .fallback(Fallback.previousVersion()).build()) {
            assertThatThrownBy(() -> predictor.predict(record)).isInstanceOf(PredictionTimeoutException.class);
        }
    }

    @Test
    void requestsAnsweredInTimeAreNotAffectedByTheDeadline() throws Exception {
        List<Map<String, Object>> records = records(50, 27);
        Counts counts = new Counts();
        try (OnlinePredictor<Map<String, Object>, Regression> predictor = OnlinePredictor.builder(version(1))
                .config(quick().deadline(Duration.ofSeconds(30)).microBatching(8, Duration.ofMillis(1)).listener(counts).build())
                .build()) {
            for (Map<String, Object> r : records) {
                assertThat(predictor.predict(r).value().value()).isEqualTo(expected(r, 1));
                assertThat(predictor.predictAsync(r).get().fallback()).isFalse();
            }
        }
        assertThat(counts.timeouts.get()).isZero();
    }
}

package dev.modeldeploy.runtime.online;

import dev.modeldeploy.api.error.SchemaViolationException;
import dev.modeldeploy.api.prediction.Regression;
import dev.modeldeploy.api.testing.WeightedSumModel;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.modeldeploy.runtime.online.TestModels.expected;
import static dev.modeldeploy.runtime.online.TestModels.quick;
import static dev.modeldeploy.runtime.online.TestModels.records;
import static dev.modeldeploy.runtime.online.TestModels.version;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Blocking callers of a micro-batching predictor run the queued requests themselves when they are due and
 * no batch is running, and wait (yielding or spinning, then parked) while one is. A gate in the model holds the caller that runs a batch while the
 * test lines the others up, so nothing here depends on timing.
 */
class CallerRunsBatchTest {

    @Test
    void aBlockingCallerThatFindsNoBatchRunningScoresItOnItsOwnThread() {
        ProbeModel<Map<String, Object>, float[], Regression> model = version(1);
        List<Thread> batchThreads = new java.util.concurrent.CopyOnWriteArrayList<>();
        PredictorListener listener = new PredictorListener() {
            @Override
            public void onBatch(int requests, int records) {
                batchThreads.add(Thread.currentThread());
            }
        };
        Map<String, Object> record = records(1, 31).get(0);
        try (OnlinePredictor<Map<String, Object>, Regression> predictor = OnlinePredictor.builder(model)
                .config(quick().microBatching(8, Duration.ofSeconds(30)).listener(listener).build()).build()) {
            for (int i = 0; i < 3; i++) {
                // The dispatcher thread, just started or back from a batch, may still take what it finds
                // queued before it parks; the caller's own path is what this test is about.
                awaitDispatchersParked();
                // A lone caller: its batch does not wait the 30 s for others.
                assertThat(predictor.predict(record).value().value()).isEqualTo(expected(record, 1));
            }
            assertThat(batchThreads).containsOnly(Thread.currentThread()).hasSize(3);
            assertThat(model.batchSizes()).containsExactly(1, 1, 1);
        }
    }

    @Test
    void callersThatWaitWhileAnotherCallersBatchRunsGetTheirOwnAnswersFromOneBatch() throws Exception {
        ProbeModel<Map<String, Object>, float[], Regression> model = version(1);
        List<Map<String, Object>> records = records(13, 32);
        AtomicInteger requests = new AtomicInteger();
        PredictorListener listener = countingRequests(requests);
        ExecutorService callers = Executors.newFixedThreadPool(records.size());
        try (OnlinePredictor<Map<String, Object>, Regression> predictor = OnlinePredictor.builder(model)
                .config(quick().microBatching(16, Duration.ofMillis(1)).listener(listener).build()).build()) {
            ProbeModel.Gate gate = model.arm();
            Future<Double> first = callers.submit(() -> predictor.predict(records.get(0)).value().value());
            gate.awaitEntered(); // the first caller runs its batch on its own thread, held in the model
            List<Future<Double>> others = new ArrayList<>();
            for (Map<String, Object> r : records.subList(1, records.size())) {
                others.add(callers.submit(() -> predictor.predict(r).value().value()));
            }
            awaitCount(requests, records.size()); // every request is queued
            gate.open();
            assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo(expected(records.get(0), 1));
            for (int i = 0; i < others.size(); i++) {
                assertThat(others.get(i).get(30, TimeUnit.SECONDS)).isEqualTo(expected(records.get(i + 1), 1));
            }
            assertThat(model.batchSizes()).containsExactly(1, 12);
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void aBadRecordFailsOnlyTheCallerThatSentIt() throws Exception {
        WeightedSumModel sum = WeightedSumModel.of("sum", Map.of("x", 2f, "y", 3f), 1f);
        ProbeModel<Map<String, Object>, float[], Double> model = new ProbeModel<>(sum, 4);
        AtomicInteger requests = new AtomicInteger();
        PredictorListener listener = countingRequests(requests);
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try (OnlinePredictor<Map<String, Object>, Double> predictor = OnlinePredictor.builder(model)
                .config(quick().microBatching(8, Duration.ofMillis(1)).listener(listener).build()).build()) {
            ProbeModel.Gate gate = model.arm();
            Future<Double> first = callers.submit(() -> predictor.predict(Map.of("x", 0, "y", 0)).value());
            gate.awaitEntered();
            Future<Double> good = callers.submit(() -> predictor.predict(Map.of("x", 1, "y", 1)).value());
            Future<Double> bad = callers.submit(() -> predictor.predict(Map.of("x", "one", "y", 2)).value());
            Future<Double> alsoGood = callers.submit(() -> predictor.predict(Map.of("x", 2, "y", 0)).value());
            awaitCount(requests, 4);
            gate.open();
            assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo(1.0);
            assertThat(good.get(30, TimeUnit.SECONDS)).isEqualTo(6.0);
            assertThat(alsoGood.get(30, TimeUnit.SECONDS)).isEqualTo(5.0);
            assertThat(bad).failsWithin(Duration.ofSeconds(30)).withThrowableOfType(ExecutionException.class)
                    .withCauseInstanceOf(SchemaViolationException.class)
                    .satisfies(e -> assertThat(((SchemaViolationException) e.getCause()).field()).isEqualTo("x"));
            // the good requests of that batch were still scored together
            assertThat(model.batchSizes()).containsExactly(1, 2);
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void aCallerWithADeadlineLeavesTheBatchToTheDispatcherAndTimesOutWhileTheModelIsHeld() throws Exception {
        ProbeModel<Map<String, Object>, float[], Regression> model = version(1);
        Map<String, Object> record = records(1, 33).get(0);
        ExecutorService callers = Executors.newSingleThreadExecutor();
        // Generous: the dispatcher thread must take the request to the gate before its deadline (an expired
        // request is skipped, not held), and answer the last request once the gate is open. The held caller
        // times out after it, so the test takes about this long.
        Duration deadline = Duration.ofSeconds(2);
        try (OnlinePredictor<Map<String, Object>, Regression> predictor = OnlinePredictor.builder(model)
                .config(quick().microBatching(8, Duration.ofMillis(1)).deadline(deadline).build()).build()) {
            ProbeModel.Gate gate = model.arm();
            Future<Prediction<Regression>> held = callers.submit(() -> predictor.predict(record));
            gate.awaitEntered();
            // Had the caller run the batch itself, it would be held in the model with it.
            assertThat(held).failsWithin(Duration.ofSeconds(30)).withThrowableOfType(ExecutionException.class)
                    .withCauseInstanceOf(PredictionTimeoutException.class);
            gate.open();
            assertThat(predictor.predict(record).value().value()).isEqualTo(expected(record, 1));
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void manyBlockingCallersEachGetTheirOwnAnswer() throws Exception {
        List<Map<String, Object>> records = records(400, 34);
        try (OnlinePredictor<Map<String, Object>, Regression> predictor = OnlinePredictor.builder(version(1))
                .config(quick().microBatching(16, Duration.ofMillis(1)).build()).build()) {
            List<List<Double>> results = ConcurrencyTest.runConcurrently(records.size(), (thread, order) -> {
                Double[] out = new Double[records.size()];
                for (int i : order) {
                    out[i] = predictor.predict(records.get(i)).value().value();
                }
                return List.of(out);
            });
            List<Double> expected = records.stream().map(r -> expected(r, 1)).toList();
            assertThat(results).isNotEmpty().allSatisfy(r -> assertThat(r).isEqualTo(expected));
        }
    }

    @Test
    void whileACallersBatchIsHeldInTheModelADispatcherThreadAnswersOnTheOtherState() throws Exception {
        ProbeModel<Map<String, Object>, float[], Regression> model = version(1);
        List<Map<String, Object>> records = records(2, 35);
        ExecutorService callers = Executors.newSingleThreadExecutor();
        try (OnlinePredictor<Map<String, Object>, Regression> predictor = OnlinePredictor.builder(model)
                .config(quick().microBatching(8, Duration.ofMillis(1)).dispatchers(2).build()).build()) {
            ProbeModel.Gate gate = model.arm();
            Future<Double> held = callers.submit(() -> predictor.predict(records.get(0)).value().value());
            gate.awaitEntered();
            // The caller in the model still waits for its answer, but cannot run another batch: the
            // dispatcher threads must not leave the queue to it.
            model.disarm();
            assertThat(predictor.predictAsync(records.get(1)).get(30, TimeUnit.SECONDS).value().value())
                    .isEqualTo(expected(records.get(1), 1));
            gate.open();
            assertThat(held.get(30, TimeUnit.SECONDS)).isEqualTo(expected(records.get(0), 1));
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void thirtyTwoBlockingCallersAndAnAsyncOneAreEachAnsweredInBatchesTheyRunThemselves() throws Exception {
        int threads = 32;
        int calls = 150;
        ProbeModel<Map<String, Object>, float[], Regression> model = version(1);
        List<Map<String, Object>> records = records(threads * calls, 36);
        ExecutorService callers = Executors.newFixedThreadPool(threads + 1);
        try (OnlinePredictor<Map<String, Object>, Regression> predictor = OnlinePredictor.builder(model)
                .config(quick().microBatching(32, Duration.ofMillis(1)).build()).build()) {
            List<Future<List<Double>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                List<Map<String, Object>> own = records.subList(t * calls, (t + 1) * calls);
                results.add(callers.submit(() -> {
                    List<Double> out = new ArrayList<>();
                    for (Map<String, Object> r : own) {
                        out.add(predictor.predict(r).value().value());
                    }
                    return out;
                }));
            }
            // Requests nobody waits for on a thread share the queue with theirs.
            Future<List<Double>> async = callers.submit(() -> {
                List<Double> out = new ArrayList<>();
                for (Map<String, Object> r : records.subList(0, calls)) {
                    out.add(predictor.predictAsync(r).get(30, TimeUnit.SECONDS).value().value());
                }
                return out;
            });
            for (int t = 0; t < threads; t++) {
                // a lost wake-up leaves a caller parked for good: its future never completes
                List<Double> expected = records.subList(t * calls, (t + 1) * calls).stream().map(r -> expected(r, 1)).toList();
                assertThat(results.get(t).get(60, TimeUnit.SECONDS)).isEqualTo(expected);
            }
            assertThat(async.get(60, TimeUnit.SECONDS))
                    .isEqualTo(records.subList(0, calls).stream().map(r -> expected(r, 1)).toList());
            assertThat(model.batchSizes()).allSatisfy(size -> assertThat(size).isBetween(1, 32));
            assertThat(model.batchSizes().stream().mapToInt(Integer::intValue).sum()).isEqualTo(threads * calls + calls);
        } finally {
            callers.shutdownNow();
        }
    }

    /** A listener that counts the records of requests as they are queued. */
    private static PredictorListener countingRequests(AtomicInteger records) {
        return new PredictorListener() {
            @Override
            public void onRequest(int n) {
                records.addAndGet(n);
            }
        };
    }

    private static void awaitCount(AtomicInteger counter, int wanted) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (counter.get() < wanted) {
            if (System.nanoTime() > until) {
                throw new AssertionError("only " + counter.get() + " of " + wanted + " requests arrived");
            }
            Thread.sleep(1);
        }
    }

    /** Waits until every micro-batch dispatcher thread is parked for want of work. */
    private static void awaitDispatchersParked() {
        long giveUp = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().contains("-dispatcher-") && t.getState() != Thread.State.WAITING)) {
            if (System.nanoTime() > giveUp) {
                throw new AssertionError("the dispatcher threads did not park within 10 s");
            }
            Thread.onSpinWait();
        }
    }
}

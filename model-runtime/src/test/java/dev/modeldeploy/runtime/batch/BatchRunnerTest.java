package dev.modeldeploy.runtime.batch;

import dev.modeldeploy.api.repository.ModelRepository;
import dev.modeldeploy.api.repository.PublishOptions;
import dev.modeldeploy.api.testing.WeightedSumModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

@SuppressWarnings({"rawtypes", "unchecked"})
class BatchRunnerTest {
    @TempDir
    Path tmp;
    ModelRepository repo;
    URI modelUri;

    @BeforeEach
    void publishModel() {
        repo = ModelRepository.builder().cacheDirectory(tmp.resolve("cache")).build();
        modelUri = tmp.resolve("store").resolve("lead-scoring").toUri();
        repo.publish(model(1f), modelUri, PublishOptions.defaults());
    }

    @AfterEach
    void close() {
        repo.close();
    }

    private static WeightedSumModel model(float bias) {
        Map<String, Float> weights = new LinkedHashMap<>();
        weights.put("visits", 0.5f);
        weights.put("emails", 2f);
        return WeightedSumModel.of("lead-scoring", weights, bias);
    }

    private static List<Map> leads(int n) {
        List<Map> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(Map.of("id", i, "visits", i % 17, "emails", i % 5));
        }
        return out;
    }

    private static double expected(int id, double bias) {
        return bias + 0.5 * (id % 17) + 2 * (id % 5);
    }

    private BatchRunner runner(BatchConfig config) {
        return BatchRunner.builder().repository(repo).config(config).build();
    }

    private BatchJob<Map, Double> job(RunKey key, Iterable<Map> records, Sink<Double> sink) {
        return job(key, new IterableSource<>(records, r -> r.get("id")), sink);
    }

    private BatchJob<Map, Double> job(RunKey key, Source<Map> source, Sink<Double> sink) {
        return BatchJob.builder(Map.class, Double.class).runKey(key).model(modelUri).source(source).sink(sink).build();
    }

    /** Collects predictions by id, counting how often each id was written. */
    static final class Collecting {
        final Map<Object, Double> scores = new ConcurrentHashMap<>();
        final Map<Object, AtomicInteger> writes = new ConcurrentHashMap<>();
        final Map<Object, String> rejects = new ConcurrentHashMap<>();
        final List<Integer> versions = new CopyOnWriteArrayList<>();

        CallbackSink<Double> sink() {
            return new CallbackSink<>(this::accept);
        }

        void accept(RunInfo run, List<Scored<Double>> predictions, List<Rejected> rejected) {
            versions.add(run.modelVersion());
            for (Scored<Double> s : predictions) {
                scores.put(s.id(), s.prediction());
                writes.computeIfAbsent(s.id(), k -> new AtomicInteger()).incrementAndGet();
            }
            for (Rejected r : rejected) {
                rejects.put(r.id(), r.reason());
            }
        }
    }

    @Test
    void scoresEveryRecordOnceWithSeveralThreads() {
        Collecting out = new Collecting();
        RunSummary summary = runner(BatchConfig.builder().chunkSize(100).threads(2).build())
                .run(job(RunKey.of("lead-scoring", Map.of("date", "2026-11-20")), leads(2_345), out.sink()));
        assertThat(summary.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(summary.read()).isEqualTo(2_345);
        assertThat(summary.written()).isEqualTo(2_345);
        assertThat(summary.chunks()).isEqualTo(24);
        assertThat(summary.run().modelVersion()).isEqualTo(1);
        assertThat(out.scores).hasSize(2_345);
        assertThat(out.writes.values()).allSatisfy(c -> assertThat(c.get()).isEqualTo(1));
        for (int id = 0; id < 2_345; id++) {
            assertThat(out.scores.get(id)).as("id %d", id).isCloseTo(expected(id, 1), within(1e-6));
        }
    }

    @Test
    void badRecordsAreRejectedWithTheirReasonAndTheRunGoesOn() {
        List<Map> records = new ArrayList<>(leads(500));
        Map<String, Object> bad = new HashMap<>(records.get(42));
        bad.put("emails", "many");
        records.set(42, bad);
        Collecting out = new Collecting();
        RunSummary summary = runner(BatchConfig.builder().chunkSize(64).build()).run(job(RunKey.of("leads"), records, out.sink()));
        assertThat(summary.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(summary.rejected()).isEqualTo(1);
        assertThat(summary.written()).isEqualTo(499);
        assertThat(out.rejects).containsOnlyKeys(42);
        assertThat(out.rejects.get(42)).contains("emails").contains("many");
        // The rest of the bad record's chunk was still scored.
        assertThat(out.scores).containsKeys(41, 43);
    }

    @Test
    void aRecordWithoutAnIdFailsTheRunNamingItAndItsChunkIsNotWritten() {
        // Whether a reader thread or the worker takes the ids, a missing one stops the run when its chunk is scored:
        // the chunks before it commit, its own does not.
        List<Map> records = new ArrayList<>(leads(300));
        records.set(150, Map.of("visits", 1, "emails", 1));
        Collecting out = new Collecting();
        assertThatThrownBy(() -> runner(BatchConfig.builder().chunkSize(100).build()).run(job(RunKey.of("no-id"), records, out.sink())))
                .isInstanceOf(BatchRunException.class)
                .satisfies(e -> assertThat(((BatchRunException) e).summary().failure()).contains("record 50 of the chunk has no id"));
        assertThat(out.scores).containsKeys(0, 99).doesNotContainKeys(100, 149, 151, 199);
    }

    @Test
    void theSinkSeesEachPredictionPairedWithItsOwnRecordsId() {
        List<List<Scored<Double>>> commits = new CopyOnWriteArrayList<>();
        CallbackSink<Double> sink = new CallbackSink<>((run, p, r) -> commits.add(p));
        runner(BatchConfig.builder().chunkSize(50).threads(2).build()).run(job(RunKey.of("pairs"), leads(230), sink));
        assertThat(commits).hasSize(5);
        List<Object> ids = new ArrayList<>();
        for (List<Scored<Double>> chunk : commits) {
            for (Scored<Double> s : chunk) {
                ids.add(s.id());
                assertThat(s.prediction()).as("id %s", s.id()).isCloseTo(expected((Integer) s.id(), 1), within(1e-6));
            }
            // What a sink keeps stays as it was committed.
            assertThatThrownBy(() -> chunk.set(0, null)).isInstanceOf(UnsupportedOperationException.class);
        }
        assertThat(ids).containsExactlyInAnyOrderElementsOf(IntStream.range(0, 230).boxed().toList());
    }

    @Test
    void passingTheRejectBudgetFailsTheRun() {
        List<Map> records = new ArrayList<>(leads(300));
        for (int i = 0; i < 300; i += 10) {
            Map<String, Object> bad = new HashMap<>(records.get(i));
            bad.remove("visits");
            records.set(i, bad);
        }
        Collecting out = new Collecting();
        BatchRunner runner = runner(BatchConfig.builder().chunkSize(50).maxRejects(5).build());
        assertThatThrownBy(() -> runner.run(job(RunKey.of("leads"), records, out.sink())))
                .isInstanceOf(RejectBudgetExceededException.class)
                .satisfies(e -> assertThat(((BatchRunException) e).summary().status()).isEqualTo(RunStatus.REJECT_BUDGET_EXCEEDED))
                .hasMessageContaining("reject budget");

        BatchRunner byShare = runner(BatchConfig.builder().chunkSize(50).maxRejectShare(0.05).minRecordsForShare(100).build());
        assertThatThrownBy(() -> byShare.run(job(RunKey.of("leads2"), records, new Collecting().sink())))
                .isInstanceOf(RejectBudgetExceededException.class);
        // 10 % rejected is within a 20 % share budget.
        assertThat(runner(BatchConfig.builder().chunkSize(50).maxRejectShare(0.2).build())
                .run(job(RunKey.of("leads3"), records, new Collecting().sink())).rejected()).isEqualTo(30);
    }

    @Test
    void transientCommitFailuresAreRetried() {
        Collecting out = new Collecting();
        AtomicInteger calls = new AtomicInteger();
        CallbackSink<Double> flaky = new CallbackSink<>((run, p, r) -> {
            if (calls.incrementAndGet() % 2 == 1) { // Every first try of a chunk fails.
                throw new IOException("connection reset");
            }
            out.accept(run, p, r);
        });
        RetryConfig fast = RetryConfig.DEFAULT.withBackoff(Duration.ofMillis(1), Duration.ofMillis(5));
        RunSummary summary = runner(BatchConfig.builder().chunkSize(100).chunkRetry(fast).build())
                .run(job(RunKey.of("leads"), leads(1_000), flaky));
        assertThat(summary.retried()).isEqualTo(10);
        assertThat(out.scores).hasSize(1_000);
        assertThat(out.writes.values()).allSatisfy(c -> assertThat(c.get()).isEqualTo(1));
    }

    @Test
    void aSinkThatCannotRecordTheOutcomeFailsTheRunWithTheCountsOfWhatWasWritten() {
        Collecting out = new Collecting();
        Sink<Double> records = out.sink();
        Sink<Double> sink = new Sink<>() {
            @Override
            public Resume open(RunKey key) throws Exception {
                return records.open(key);
            }

            @Override
            public void commit(RunInfo run, ChunkRange range, List<Scored<Double>> predictions, List<Rejected> rejects) throws Exception {
                records.commit(run, range, predictions, rejects);
            }

            @Override
            public void finish(RunInfo run, RunSummary summary) {
                throw new IllegalStateException("ledger unreachable");
            }
        };
        BatchRunner runner = runner(BatchConfig.builder().chunkSize(100).build());
        assertThatThrownBy(() -> runner.run(job(RunKey.of("leads"), leads(1_000), sink))).isInstanceOf(BatchRunException.class)
                .hasMessageContaining("ledger unreachable")
                .satisfies(e -> {
                    RunSummary summary = ((BatchRunException) e).summary();
                    assertThat(summary.status()).isEqualTo(RunStatus.FAILED);
                    assertThat(summary.failure()).contains("ledger unreachable");
                    // Every chunk was committed before the outcome failed to record: the summary says so.
                    assertThat(summary.read()).isEqualTo(1_000);
                    assertThat(summary.written()).isEqualTo(1_000);
                    assertThat(summary.chunks()).isEqualTo(10);
                });
        assertThat(out.scores).hasSize(1_000);
    }

    @Test
    void aFailedRunResumesAfterItsCommittedChunksWithoutDuplicates() {
        Collecting out = new Collecting();
        AtomicInteger commits = new AtomicInteger();
        AtomicInteger failAt = new AtomicInteger(4);
        CallbackSink<Double> sink = new CallbackSink<>((run, p, r) -> {
            if (commits.incrementAndGet() == failAt.get()) {
                throw new IllegalStateException("disk full");
            }
            out.accept(run, p, r);
        });
        BatchRunner runner = runner(BatchConfig.builder().chunkSize(100).build());
        RunKey key = RunKey.of("leads", Map.of("date", "2026-11-20"));
        assertThatThrownBy(() -> runner.run(job(key, leads(1_000), sink))).isInstanceOf(BatchRunException.class)
                .hasMessageContaining("disk full")
                .satisfies(e -> assertThat(((BatchRunException) e).summary().chunks()).isEqualTo(3));
        assertThat(out.scores).hasSize(300);

        RunSummary resumed = runner.run(job(key, leads(1_000), sink));
        assertThat(resumed.skipped()).isZero(); // The iterable source skips committed chunks itself, unread.
        assertThat(resumed.read()).isEqualTo(700);
        assertThat(out.scores).hasSize(1_000);
        assertThat(out.writes.values()).allSatisfy(c -> assertThat(c.get()).isEqualTo(1));
    }

    @Test
    void runRetriesResumeWithinOneCall() {
        Collecting out = new Collecting();
        AtomicInteger commits = new AtomicInteger();
        CallbackSink<Double> sink = new CallbackSink<>((run, p, r) -> {
            if (commits.incrementAndGet() == 5) {
                throw new IOException("network unreachable");
            }
            out.accept(run, p, r);
        });
        RetryConfig fast = RetryConfig.DEFAULT.withBackoff(Duration.ofMillis(1), Duration.ofMillis(5));
        RunSummary summary = runner(BatchConfig.builder().chunkSize(100).chunkRetry(RetryConfig.none()).runRetry(fast).build())
                .run(job(RunKey.of("leads"), leads(1_000), sink));
        assertThat(summary.run().attempt()).isEqualTo(2);
        assertThat(summary.read()).isEqualTo(600);
        assertThat(out.writes).hasSize(1_000);
        assertThat(out.writes.values()).allSatisfy(c -> assertThat(c.get()).isEqualTo(1));
    }

    @Test
    void transientSourceFailuresReopenTheSourceAfterTheChunksAlreadyRead() {
        Collecting out = new Collecting();
        AtomicInteger opens = new AtomicInteger();
        InterceptingSource<Map> source = new InterceptingSource<>(new IterableSource<>(leads(1_000), r -> r.get("id")), read -> {
            if (read == 0 && opens.incrementAndGet() == 1) {
                throw new java.sql.SQLTransientConnectionException("connection refused");
            }
            if (read == 4 || read == 5) { // Twice in a row: within the three attempts a chunk read gets.
                throw new java.sql.SQLRecoverableException("connection reset");
            }
        });
        RetryConfig fast = RetryConfig.DEFAULT.withBackoff(Duration.ofMillis(1), Duration.ofMillis(5));
        RunSummary summary = runner(BatchConfig.builder().chunkSize(100).threads(2).chunkRetry(fast).build())
                .run(job(RunKey.of("leads"), source, out.sink()));
        assertThat(summary.run().attempt()).isEqualTo(1);
        assertThat(summary.retried()).isEqualTo(3);
        assertThat(source.opens()).isEqualTo(4);
        // Reopened sources skip what was read before the failure: every record is read and written once.
        assertThat(summary.read()).isEqualTo(1_000);
        assertThat(out.scores).hasSize(1_000);
        assertThat(out.writes.values()).allSatisfy(c -> assertThat(c.get()).isEqualTo(1));
        out.scores.forEach((id, score) -> assertThat(score).isCloseTo(expected((Integer) id, 1), within(1e-6)));
    }

    @Test
    void aSourceFailingBeyondItsChunkRetriesFailsTheAttemptAndTheRunRetryResumes() {
        Collecting out = new Collecting();
        List<Integer> committedByFailedAttempt = new CopyOnWriteArrayList<>();
        InterceptingSource<Map> source = new InterceptingSource<>(new IterableSource<>(leads(1_000), r -> r.get("id")), read -> {
            if (read >= 6 && read <= 8) {
                throw new IOException("network unreachable");
            }
        });
        RetryConfig fast = RetryConfig.DEFAULT.withBackoff(Duration.ofMillis(1), Duration.ofMillis(5));
        BatchRunner runner = BatchRunner.builder().repository(repo).listener(new RunListener() {
            @Override
            public void onFinish(RunSummary summary) {
                if (summary.status() == RunStatus.FAILED) {
                    committedByFailedAttempt.add((int) summary.written());
                }
            }
        }).config(BatchConfig.builder().chunkSize(100).chunkRetry(fast).runRetry(fast).build()).build();
        RunSummary summary = runner.run(job(RunKey.of("leads"), source, out.sink()));
        assertThat(summary.run().attempt()).isEqualTo(2);
        assertThat(committedByFailedAttempt).hasSize(1);
        assertThat(summary.read()).isEqualTo(1_000 - committedByFailedAttempt.get(0));
        assertThat(out.scores).hasSize(1_000);
        assertThat(out.writes.values()).allSatisfy(c -> assertThat(c.get()).isEqualTo(1));

        InterceptingSource<Map> broken = new InterceptingSource<>(new IterableSource<>(leads(1_000), r -> r.get("id")), read -> {
            if (read == 2) {
                throw new IllegalStateException("malformed record");
            }
        });
        assertThatThrownBy(() -> runner(BatchConfig.builder().chunkSize(100).chunkRetry(fast).build())
                .run(job(RunKey.of("other"), broken, new Collecting().sink())))
                .isInstanceOf(BatchRunException.class).hasMessageContaining("malformed record")
                .satisfies(e -> assertThat(((BatchRunException) e).summary().retried()).isZero());
        assertThat(broken.opens()).isEqualTo(1); // Not transient: no reopen.
    }

    @Test
    void aStoreFailingWhileTheModelLoadsIsRecoveredByTheRunRetry() {
        FlakyStores flaky = new FlakyStores(2);
        Collecting out = new Collecting();
        RetryConfig fast = RetryConfig.DEFAULT.withMaxAttempts(3).withBackoff(Duration.ofMillis(1), Duration.ofMillis(5));
        try (ModelRepository fresh = ModelRepository.builder().cacheDirectory(tmp.resolve("other-cache")).storeProvider(flaky).build()) {
            BatchRunner runner = BatchRunner.builder().repository(fresh)
                    .config(BatchConfig.builder().chunkSize(100).runRetry(fast).build()).build();
            RunSummary summary = runner.run(job(RunKey.of("leads"), leads(500), out.sink()));
            assertThat(summary.run().attempt()).isEqualTo(3);
            assertThat(summary.run().modelVersion()).isEqualTo(1);
            assertThat(flaky.downloads()).isEqualTo(3);
        }
        assertThat(out.scores).hasSize(500);
        assertThat(out.writes.values()).allSatisfy(c -> assertThat(c.get()).isEqualTo(1));
    }

    @Test
    void aResumedRunKeepsTheModelVersionItStartedWith() {
        repo.publish(model(2f), modelUri, PublishOptions.defaults());
        URI production = URI.create(modelUri + "@production");
        repo.setAlias(production, 1);
        Collecting out = new Collecting();
        AtomicInteger commits = new AtomicInteger();
        CallbackSink<Double> sink = new CallbackSink<>((run, p, r) -> {
            if (commits.incrementAndGet() == 3) {
                throw new IllegalStateException("killed");
            }
            out.accept(run, p, r);
        });
        BatchRunner runner = runner(BatchConfig.builder().chunkSize(100).build());
        RunKey key = RunKey.of("leads");
        BatchJob<Map, Double> job = BatchJob.builder(Map.class, Double.class).runKey(key).model(production)
                .source(new IterableSource<>(leads(500), r -> r.get("id"))).sink(sink).build();
        assertThatThrownBy(() -> runner.run(job)).isInstanceOf(BatchRunException.class);
        repo.setAlias(production, 2); // Promoted while the failed run waits for its rerun.
        RunSummary resumed = runner.run(job);
        assertThat(resumed.run().modelVersion()).isEqualTo(1);
        assertThat(out.versions).containsOnly(1);
        for (int id = 0; id < 500; id++) {
            assertThat(out.scores.get(id)).isCloseTo(expected(id, 1), within(1e-6));
        }
        // A new run key picks up the new version.
        Collecting fresh = new Collecting();
        BatchJob<Map, Double> next = BatchJob.builder(Map.class, Double.class).runKey(RunKey.of("leads", Map.of("date", "2")))
                .model(production).source(new IterableSource<>(leads(10), r -> r.get("id"))).sink(fresh.sink()).build();
        assertThat(runner.run(next).run().modelVersion()).isEqualTo(2);
    }

    @Test
    void theReaderStaysABoundedNumberOfChunksAhead() {
        AtomicLong produced = new AtomicLong();
        AtomicLong committed = new AtomicLong();
        AtomicLong maxAhead = new AtomicLong();
        int chunk = 10;
        Iterable<Map> endless = () -> new Iterator<>() {
            int i;

            @Override
            public boolean hasNext() {
                return i < 20_000;
            }

            @Override
            public Map next() {
                long ahead = produced.incrementAndGet() - committed.get();
                maxAhead.accumulateAndGet(ahead, Math::max);
                return Map.of("id", i, "visits", i++ % 17, "emails", 1);
            }
        };
        CallbackSink<Double> slow = new CallbackSink<>((run, p, r) -> {
            Thread.sleep(1);
            committed.addAndGet(p.size());
        });
        BatchConfig config = BatchConfig.builder().chunkSize(chunk).threads(2).queueCapacity(3).build();
        RunSummary summary = runner(config).run(job(RunKey.of("big"), endless, slow));
        assertThat(summary.written()).isEqualTo(20_000);
        // Queue (3) + one chunk per worker (2) + the chunk being read (1), whatever the input size.
        assertThat(maxAhead.get()).isLessThanOrEqualTo((3 + 2 + 1) * chunk);
    }

    @Test
    void listenersHearStartProgressAndFinish() {
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        RunListener listener = new RunListener() {
            @Override
            public void onStart(RunInfo run) {
                events.add("start " + run.key());
            }

            @Override
            public void onProgress(RunProgress progress) {
                events.add("progress");
            }

            @Override
            public void onFinish(RunSummary summary) {
                events.add("finish " + summary.status());
            }
        };
        BatchRunner runner = BatchRunner.builder().repository(repo).listener(listener)
                .listener(new RunListener() {
                    @Override
                    public void onStart(RunInfo run) {
                        throw new IllegalStateException("a broken listener never fails a run");
                    }
                })
                .config(BatchConfig.builder().chunkSize(10).progressInterval(Duration.ZERO).build()).build();
        runner.run(job(RunKey.of("leads", Map.of("tz", "Europe/Berlin")), leads(35), new Collecting().sink()));
        assertThat(events.get(0)).isEqualTo("start leads[tz=Europe/Berlin]");
        assertThat(events).contains("progress");
        assertThat(events.get(events.size() - 1)).isEqualTo("finish SUCCEEDED");
    }

    @Test
    void wrongModelTypesFailBeforeReadingAnything() {
        AtomicInteger read = new AtomicInteger();
        Iterable<Map> counting = () -> IntStream.range(0, 10).mapToObj(i -> {
            read.incrementAndGet();
            return (Map) Map.of("id", i);
        }).iterator();
        BatchJob<Map, String> job = BatchJob.builder(Map.class, String.class).runKey(RunKey.of("leads")).model(modelUri)
                .source(new IterableSource<>(counting, r -> r.get("id"))).sink(new CallbackSink<String>((r, p, x) -> { })).build();
        assertThatThrownBy(() -> runner(BatchConfig.defaults()).run(job)).isInstanceOf(BatchRunException.class)
                .hasMessageContaining("output");
        assertThat(read.get()).isZero();
    }

    @Test
    void runKeysAreCanonical() {
        assertThat(RunKey.of("recs", Map.of("tz", "Asia/Tokyo", "day", "mon")).toString()).isEqualTo("recs[day=mon,tz=Asia/Tokyo]");
        assertThatThrownBy(() -> RunKey.of("bad job")).isInstanceOf(IllegalArgumentException.class);
    }
}

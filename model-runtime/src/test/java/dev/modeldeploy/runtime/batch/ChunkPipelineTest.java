package dev.modeldeploy.runtime.batch;

import dev.modeldeploy.api.testing.WeightedSumModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Both ways of reading a run's source: the caller reading ahead into a queue (workers fewer than
 * cores) and workers taking turns reading (as many workers as cores or more). Which one a runner uses
 * depends on the machine, so each is run here whatever the machine.
 */
@SuppressWarnings({"rawtypes", "unchecked"})
class ChunkPipelineTest {
    private static final WeightedSumModel MODEL = WeightedSumModel.of("leads", Map.of("visits", 0.5f), 1f);
    private static final RunInfo RUN = new RunInfo(RunKey.of("leads"), URI.create("file:/models/leads/1"), "leads", 1, Instant.now(), 1);
    private static final RetryConfig FAST = RetryConfig.DEFAULT.withBackoff(Duration.ofMillis(1), Duration.ofMillis(5));

    private static List<Map<String, Object>> leads(int n) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(Map.of("id", i, "visits", i % 17));
        }
        return out;
    }

    private static Source<Map<String, Object>> source(int n) {
        return new IterableSource<>(leads(n), r -> r.get("id"));
    }

    private static RunSummary run(boolean readAhead, BatchConfig config, Source<Map<String, Object>> source, Sink<Double> sink,
                                  Set<ChunkRange> committed) {
        return new ChunkPipeline<>(MODEL, sink, RUN, config, List.of(), null, readAhead).run(source, committed);
    }

    /** Each committed chunk's ids by range, and how often each id was written. */
    static final class Ledger {
        final Map<ChunkRange, List<Object>> ids = new ConcurrentHashMap<>();
        final Map<Object, AtomicInteger> writes = new ConcurrentHashMap<>();
        final Map<ChunkRange, String> committers = new ConcurrentHashMap<>();

        Sink<Double> sink() {
            return new Sink<>() {
                @Override
                public Resume open(RunKey key) {
                    return new Resume(ids.keySet(), 1);
                }

                @Override
                public void commit(RunInfo run, ChunkRange range, List<Scored<Double>> predictions, List<Rejected> rejects) {
                    List<Object> chunk = new ArrayList<>();
                    for (Scored<Double> s : predictions) {
                        chunk.add(s.id());
                        writes.computeIfAbsent(s.id(), k -> new AtomicInteger()).incrementAndGet();
                    }
                    assertThat(ids.put(range, chunk)).as("chunk %s committed once", range).isNull();
                    committers.put(range, Thread.currentThread().getName());
                }

                @Override
                public void finish(RunInfo run, RunSummary summary) {
                }
            };
        }

        /** Asserts every id in [0, n) was written exactly once, each in the chunk whose range holds its position. */
        void assertEachOnceInItsRange(int n) {
            assertThat(writes).hasSize(n);
            assertThat(writes.values()).allSatisfy(c -> assertThat(c.get()).isEqualTo(1));
            ids.forEach((range, chunk) -> {
                List<Object> expected = new ArrayList<>();
                for (long i = Long.parseLong(range.from()); i < Long.parseLong(range.to()); i++) {
                    expected.add((int) i);
                }
                assertThat(chunk).as("chunk %s", range).isEqualTo(expected);
            });
        }
    }

    @ParameterizedTest(name = "read ahead: {0}")
    @ValueSource(booleans = {true, false})
    void chunksKeepTheSourcesNumberingWhoeverReadsThem(boolean readAhead) {
        Ledger ledger = new Ledger();
        RunSummary summary = run(readAhead, BatchConfig.builder().chunkSize(37).threads(4).build(), source(2_000), ledger.sink(), Set.of());
        assertThat(summary.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(summary.chunks()).isEqualTo(55);
        assertThat(summary.read()).isEqualTo(2_000);
        ledger.assertEachOnceInItsRange(2_000);
        // Ranges chain from 0 to the end without gaps or overlaps.
        Set<String> froms = new HashSet<>();
        ledger.ids.keySet().forEach(r -> froms.add(r.from()));
        for (int from = 0; from < 2_000; from += 37) {
            assertThat(froms).contains(Long.toString(from));
        }
    }

    @ParameterizedTest(name = "read ahead: {0}")
    @ValueSource(booleans = {true, false})
    void idsAreTakenByTheReaderThreadWhenOneReadsAheadElseByTheWorkers(boolean readAhead) {
        Set<String> takers = ConcurrentHashMap.newKeySet();
        Source<Map<String, Object>> source = new IterableSource<>(leads(500), r -> {
            takers.add(Thread.currentThread().getName());
            return r.get("id");
        });
        Ledger ledger = new Ledger();
        String caller = Thread.currentThread().getName();
        RunSummary summary = run(readAhead, BatchConfig.builder().chunkSize(50).threads(2).build(), source, ledger.sink(), Set.of());
        assertThat(summary.status()).isEqualTo(RunStatus.SUCCEEDED);
        ledger.assertEachOnceInItsRange(500);
        if (readAhead) {
            // The reader has a core of its own: the workers' cores only score.
            assertThat(takers).containsExactly(caller);
        } else {
            assertThat(takers).isNotEmpty().allSatisfy(name -> assertThat(name).startsWith("batch-"));
        }
    }

    @ParameterizedTest(name = "read ahead: {0}")
    @ValueSource(booleans = {true, false})
    void theSourceIsReadByOneThreadAtATimeByTheCallerOrByTheWorkerThatScoresTheChunk(boolean readAhead) {
        AtomicBoolean inside = new AtomicBoolean();
        AtomicInteger overlaps = new AtomicInteger();
        Map<ChunkRange, String> readers = new ConcurrentHashMap<>();
        Source<Map<String, Object>> delegate = source(1_500);
        Source<Map<String, Object>> watched = committed -> {
            Source.Reader<Map<String, Object>> reader = delegate.open(committed);
            return new Source.Reader<>() {
                @Override
                public Chunk<Map<String, Object>> next(int maxRecords) throws Exception {
                    if (!inside.compareAndSet(false, true)) {
                        overlaps.incrementAndGet();
                    }
                    try {
                        Chunk<Map<String, Object>> chunk = reader.next(maxRecords);
                        if (chunk != null) {
                            readers.put(chunk.range(), Thread.currentThread().getName());
                        }
                        return chunk;
                    } finally {
                        inside.set(false);
                    }
                }

                @Override
                public void close() throws Exception {
                    reader.close();
                }
            };
        };
        Ledger ledger = new Ledger();
        String caller = Thread.currentThread().getName();
        run(readAhead, BatchConfig.builder().chunkSize(10).threads(3).build(), watched, ledger.sink(), Set.of());
        ledger.assertEachOnceInItsRange(1_500);
        assertThat(overlaps.get()).isZero();
        assertThat(readers).hasSize(150);
        if (readAhead) {
            assertThat(new HashSet<>(readers.values())).containsExactly(caller);
        } else {
            assertThat(readers).isEqualTo(ledger.committers);
        }
    }

    @ParameterizedTest(name = "read ahead: {0}")
    @ValueSource(booleans = {true, false})
    void aSourceFailingMidRunFailsTheAttemptOnceAndTheResumeWritesTheRestOnce(boolean readAhead) {
        AtomicInteger readsAfterFailure = new AtomicInteger();
        Source<Map<String, Object>> broken = new InterceptingSource<>(source(1_000), read -> {
            if (read == 5) {
                throw new IllegalStateException("malformed record");
            }
            if (read > 5) {
                readsAfterFailure.incrementAndGet();
            }
        });
        Ledger ledger = new Ledger();
        BatchConfig config = BatchConfig.builder().chunkSize(100).threads(3).chunkRetry(FAST).build();
        RunSummary failed = run(readAhead, config, broken, ledger.sink(), Set.of());
        assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
        assertThat(failed.failure()).isEqualTo("IllegalStateException: malformed record");
        assertThat(failed.retried()).isZero(); // Not transient: not retried, by this worker or another.
        assertThat(readsAfterFailure.get()).isZero();
        assertThat(failed.read()).isEqualTo(400);
        assertThat(failed.written()).isEqualTo(ledger.writes.size()).isLessThanOrEqualTo(400);

        RunSummary resumed = run(readAhead, config, source(1_000), ledger.sink(), Set.copyOf(ledger.ids.keySet()));
        assertThat(resumed.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(resumed.read()).isEqualTo(1_000 - failed.written());
        ledger.assertEachOnceInItsRange(1_000);
    }

    /**
     * Workers reading in turn: the one that meets a failure that is not transient stops the attempt before
     * the next takes the lock, so nobody reopens the source or reads on. The window was a few instructions
     * wide (about 1 attempt in 75 read on before the fix), hence many short attempts.
     */
    @Test
    void noWorkerReadsOnOrReopensTheSourceAfterAnotherMetAFailureThatIsNotTransient() {
        List<Map<String, Object>> leads = leads(1_000);
        for (int attempt = 0; attempt < 500; attempt++) {
            AtomicInteger readsAfterFailure = new AtomicInteger();
            InterceptingSource<Map<String, Object>> broken = new InterceptingSource<>(new IterableSource<>(leads, r -> r.get("id")),
                    read -> {
                        if (read == 5) {
                            throw new IllegalStateException("malformed record");
                        }
                        if (read > 5) {
                            readsAfterFailure.incrementAndGet();
                        }
                    });
            RunSummary failed = run(false, BatchConfig.builder().chunkSize(100).threads(3).build(), broken, new Ledger().sink(),
                    Set.of());
            assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
            assertThat(readsAfterFailure.get()).as("reads after the failure, attempt %d", attempt).isZero();
            assertThat(broken.opens()).as("opens, attempt %d", attempt).isEqualTo(1);
        }
    }

    @ParameterizedTest(name = "read ahead: {0}")
    @ValueSource(booleans = {true, false})
    void aTransientSourceFailureReopensTheSourceAfterWhatWasReadWhoeverMetIt(boolean readAhead) {
        InterceptingSource<Map<String, Object>> flaky = new InterceptingSource<>(source(1_000), read -> {
            if (read == 3 || read == 7) {
                throw new java.sql.SQLRecoverableException("connection reset");
            }
        });
        Ledger ledger = new Ledger();
        RunSummary summary = run(readAhead, BatchConfig.builder().chunkSize(100).threads(3).chunkRetry(FAST).build(), flaky,
                ledger.sink(), Set.of());
        assertThat(summary.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(summary.retried()).isEqualTo(2);
        assertThat(flaky.opens()).isEqualTo(3);
        assertThat(summary.read()).isEqualTo(1_000);
        ledger.assertEachOnceInItsRange(1_000);
    }

    @ParameterizedTest(name = "read ahead: {0}")
    @ValueSource(booleans = {true, false})
    void interruptingTheCallerStopsTheAttemptAfterTheChunksInHand(boolean readAhead) throws Exception {
        CountDownLatch committing = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        Ledger ledger = new Ledger();
        Sink<Double> inner = ledger.sink();
        Sink<Double> waiting = new InterceptingSink<>(inner, range -> {
            committing.countDown();
            interrupted.await();
        }, range -> { });
        AtomicReference<RunSummary> summary = new AtomicReference<>();
        AtomicBoolean stillInterrupted = new AtomicBoolean();
        ChunkPipeline<Map<String, Object>, ?, Double> pipeline = new ChunkPipeline<>(MODEL, waiting, RUN,
                BatchConfig.builder().chunkSize(10).threads(2).build(), List.of(), null, readAhead);
        Thread caller = new Thread(() -> {
            summary.set(pipeline.run(source(10_000), Set.of()));
            stillInterrupted.set(Thread.currentThread().isInterrupted());
        });
        caller.start();
        assertThat(committing.await(10, TimeUnit.SECONDS)).isTrue();
        caller.interrupt();
        // The workers go on once the attempt has taken the interrupt: released before, they could commit every
        // chunk while the caller's thread is still waking up.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (pipeline.failure() == null && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        interrupted.countDown();
        caller.join(10_000);
        assertThat(caller.isAlive()).isFalse();
        assertThat(summary.get().status()).isEqualTo(RunStatus.FAILED);
        assertThat(summary.get().failure()).contains("InterruptedException");
        assertThat(stillInterrupted).isTrue();
        // Nothing is lost: what was written is exactly what was committed, the chunks in hand of 2 workers at most.
        assertThat(summary.get().written()).isEqualTo(ledger.writes.size()).isLessThanOrEqualTo(20);
        ledger.ids.forEach((range, ids) -> assertThat(ids).hasSize(10));
    }

    @Test
    void aReaderThreadReadsAheadOnlyWhenItHasACoreOfItsOwn() {
        assertThat(ChunkPipeline.readsAhead(1, 2)).isTrue();
        assertThat(ChunkPipeline.readsAhead(2, 2)).isFalse();
        assertThat(ChunkPipeline.readsAhead(3, 2)).isFalse();
        assertThat(ChunkPipeline.readsAhead(2, 8)).isTrue();
        assertThat(ChunkPipeline.readsAhead(1, 1)).isFalse();
    }
}

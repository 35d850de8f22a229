package dev.modeldeploy.runtime.batch;

import dev.modeldeploy.api.FeatureBatch;
import dev.modeldeploy.api.Model;
import dev.modeldeploy.runtime.monitor.DriftMonitor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * One attempt of a run: worker threads preprocess, predict and commit chunks in any order. The first
 * failure stops everyone; what was committed stays committed.
 *
 * <p>Who reads depends on whether a reader has a core of its own. With fewer workers than cores, the
 * calling thread reads ahead into a bounded queue, so reading overlaps scoring even with one worker.
 * With as many workers as cores or more, a reader thread could only run by taking a core from a worker
 * and waking up once per chunk; the workers then take turns reading the next chunk themselves, under a
 * lock, as the source is sequential anyway. Either way chunks are the source's, read one after another,
 * so their ranges, skipping and the ledger do not depend on the mode.
 */
final class ChunkPipeline<I, F, O> {
    private static final Logger LOG = LoggerFactory.getLogger(ChunkPipeline.class);
    private static final Chunk<?> END = new Chunk<>(new ChunkRange("", ""), List.of(), List.of());

    private final Model<I, F, O> model;
    private final Sink<O> sink;
    private final RunInfo run;
    private final BatchConfig config;
    private final List<RunListener> listeners;
    /** Counts each scored record and its prediction; null when drift is not monitored. */
    private final DriftMonitor monitor;

    /** Whether the calling thread reads ahead into {@link #queue}; otherwise workers read in turn. */
    private final boolean readAhead;
    /** Chunks read ahead; null when workers read in turn. */
    private final BlockingQueue<Chunk<I>> queue;
    /** Held by a worker while it reads, when workers read in turn. */
    private final Object readLock = new Object();
    private Reading reading;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean rejectBudgetPassed;
    private final LongAdder read = new LongAdder();
    private final LongAdder written = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder retried = new LongAdder();
    private final LongAdder chunks = new LongAdder();
    private final LongAdder readNanos = new LongAdder();
    private final LongAdder preprocessNanos = new LongAdder();
    private final LongAdder predictNanos = new LongAdder();
    private final LongAdder writeNanos = new LongAdder();
    private final AtomicLong lastProgress = new AtomicLong();

    ChunkPipeline(Model<I, F, O> model, Sink<O> sink, RunInfo run, BatchConfig config, List<RunListener> listeners,
                  DriftMonitor monitor) {
        this(model, sink, run, config, listeners, monitor, readsAhead(config.threads(), Runtime.getRuntime().availableProcessors()));
    }

    /** @param readAhead whether the calling thread reads ahead (see {@link #readsAhead}), or workers read in turn */
    ChunkPipeline(Model<I, F, O> model, Sink<O> sink, RunInfo run, BatchConfig config, List<RunListener> listeners,
                  DriftMonitor monitor, boolean readAhead) {
        this.monitor = monitor;
        this.model = model;
        this.sink = sink;
        this.run = run;
        this.config = config;
        this.listeners = listeners;
        this.readAhead = readAhead;
        this.queue = readAhead ? new ArrayBlockingQueue<>(config.queueCapacity()) : null;
    }

    /** Whether a reader thread has a core to itself beside {@code threads} workers. */
    static boolean readsAhead(int threads, int cores) {
        return threads < cores;
    }

    /** Runs the attempt to its end and says how it went; never throws for a run failure. */
    RunSummary run(Source<I> source, Set<ChunkRange> committed) {
        reading = new Reading(source, committed);
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < config.threads(); i++) {
            Thread t = new Thread(this::work, "batch-" + run.key().job() + "-" + i);
            t.setDaemon(true);
            workers.add(t);
            t.start();
        }
        try {
            if (readAhead) {
                readAhead();
            }
        } catch (Throwable t) {
            fail(t);
            if (t instanceof InterruptedException) {
                Thread.currentThread().interrupt(); // Kept for the caller once the workers are joined.
            }
        } finally {
            if (readAhead) {
                for (int i = 0; i < workers.size(); i++) {
                    enqueueEnd();
                }
            }
            joinAll(workers);
            // Nobody reads any more: a reader left open by a failure or a stop is closed now.
            try {
                reading.close();
            } catch (Throwable t) {
                fail(t);
            }
        }
        checkRejectBudget(true);
        return summary();
    }

    private void readAhead() throws Exception {
        for (Chunk<I> chunk; (chunk = reading.next()) != null; ) {
            // A reader thread has a core of its own here: it takes the ids (a map lookup per record on maps)
            // off the workers, whose cores do the scoring.
            chunk = withIds(chunk);
            while (!stopped() && !queue.offer(chunk, 50, TimeUnit.MILLISECONDS)) {
                // Waiting for a worker; re-check for failures so a dead pipeline never blocks the reader.
            }
        }
    }

    private static <I> Chunk<I> withIds(Chunk<I> chunk) {
        if (!(chunk.ids() instanceof RecordIds<?> lazy)) {
            return chunk;
        }
        try {
            return new Chunk<>(chunk.range(), chunk.records(), lazy.resolve());
        } catch (RuntimeException e) {
            // A record without an id: left to the worker, which fails the run when it reaches this chunk,
            // so that the chunks before it still commit, as when workers take the ids.
            return chunk;
        }
    }

    @SuppressWarnings("unchecked")
    private void enqueueEnd() {
        Chunk<I> end = (Chunk<I>) END;
        // Normal end: live workers drain the queue, so the marker queues behind the last chunks. Never
        // block for good: a worker may fail meanwhile and stop taking.
        while (!stopped()) {
            try {
                if (queue.offer(end, 50, TimeUnit.MILLISECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                fail(e);
                Thread.currentThread().interrupt();
            }
        }
        // After a failure, workers may be gone and the queue full of chunks nobody needs: make room.
        while (!queue.offer(end)) {
            Chunk<I> dropped = queue.poll();
            if (dropped != null && dropped != END) {
                LOG.debug("run {}: chunk {} dropped after a failure; it stays uncommitted", run.key(), dropped.range());
            }
        }
    }

    // Interrupting the caller stops the attempt as a failure does: workers finish the chunk in hand.
    private void joinAll(List<Thread> workers) {
        boolean interrupted = false;
        for (Thread t : workers) {
            while (true) {
                try {
                    t.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                    fail(e);
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Reading the source for one attempt. A transient read failure (a dropped connection) reopens the
     * source, which skips what earlier attempts committed and what this one has read already: chunks in
     * flight are the workers' to commit. Used by one thread at a time: the reading-ahead caller, or a
     * worker holding {@link #readLock}; the caller alone once the workers are joined.
     */
    private final class Reading {
        private final Source<I> source;
        private final Set<ChunkRange> committed;
        private final Set<ChunkRange> done;
        private Source.Reader<I> reader;
        private int failures;
        private boolean ended;
        private long skipped;

        Reading(Source<I> source, Set<ChunkRange> committed) {
            this.source = source;
            this.committed = committed;
            this.done = new HashSet<>(committed);
        }

        /** The next chunk neither committed nor read before, or null at the source's end or once stopped. */
        Chunk<I> next() throws Exception {
            while (!ended && !stopped()) {
                long start = System.nanoTime();
                Chunk<I> chunk;
                try {
                    if (reader == null) {
                        reader = source.open(Set.copyOf(done));
                    }
                    chunk = reader.next(config.chunkSize());
                    failures = 0;
                } catch (Exception e) {
                    readNanos.add(System.nanoTime() - start);
                    closeQuietly(reader);
                    reader = null;
                    awaitReadRetry(e, ++failures);
                    continue;
                }
                readNanos.add(System.nanoTime() - start);
                if (chunk == null) {
                    ended = true;
                    close(); // Frees the source (a connection) while the last chunks are scored.
                    return null;
                }
                if (!done.add(chunk.range())) {
                    // A source that cannot skip hands committed (or, after a reopen, already read) chunks back.
                    if (committed.contains(chunk.range())) {
                        skipped++;
                    }
                    continue;
                }
                read.add(chunk.size());
                return chunk;
            }
            return null;
        }

        void close() throws Exception {
            Source.Reader<I> open = reader;
            reader = null;
            if (open != null) {
                open.close();
            }
        }
    }

    private void awaitReadRetry(Exception failure, int failures) throws Exception {
        RetryConfig retry = config.chunkRetry();
        if (failures >= retry.maxAttempts() || !retry.retryOn().test(failure) || stopped()) {
            throw failure;
        }
        retried.increment();
        Duration wait = retry.backoff(failures + 1);
        LOG.warn("run {}: reading the source failed ({}); reopening it, retry {} of {} in {} ms", run.key(), failure.toString(),
                failures, retry.maxAttempts() - 1, wait.toMillis());
        Thread.sleep(wait.toMillis());
    }

    private void closeQuietly(Source.Reader<I> reader) {
        if (reader == null) {
            return;
        }
        try {
            reader.close();
        } catch (Exception e) {
            LOG.debug("run {}: closing the failed source reader: {}", run.key(), e.toString());
        }
    }

    private boolean stopped() {
        return failure.get() != null || rejectBudgetPassed;
    }

    private void fail(Throwable t) {
        if (failure.compareAndSet(null, t)) {
            LOG.debug("run {} attempt {} stops: {}", run.key(), run.attempt(), t.toString());
        }
    }

    private void work() {
        FeatureBatch<F> batch = model.newBatch(config.chunkSize());
        try {
            for (Chunk<I> chunk; (chunk = nextChunk()) != null; ) {
                process(chunk, batch);
            }
        } catch (Throwable t) {
            fail(t);
        }
    }

    /** The next chunk to score, or null when there is none or the attempt stopped. */
    private Chunk<I> nextChunk() throws Exception {
        if (!readAhead) {
            // No hand-off, no wake-up: the worker reads for itself. A failed read fails the attempt once, from
            // the worker that met it, before it lets go of the lock: the next worker in finds the attempt stopped
            // rather than reopening the source after a failure that is not transient.
            synchronized (readLock) {
                try {
                    return reading.next();
                } catch (Throwable t) {
                    fail(t);
                    throw t;
                }
            }
        }
        while (true) {
            Chunk<I> chunk = queue.take();
            if (chunk == END) {
                return null;
            }
            if (!stopped()) {
                return chunk;
            }
            // Drain without work until the end marker.
        }
    }

    private void process(Chunk<I> chunk, FeatureBatch<F> batch) throws Exception {
        long start = System.nanoTime();
        ChunkScoring.Prepared prepared = ChunkScoring.preprocess(model, chunk.ids(), chunk.records(), batch);
        List<Rejected> rejects = prepared.rejects();
        long preprocessed = System.nanoTime();
        preprocessNanos.add(preprocessed - start);
        ScoredList<O> scored = ChunkScoring.score(model, prepared, batch);
        if (monitor != null) {
            monitor.recordAll(prepared.records(), scored.predictions());
        }
        long predicted = System.nanoTime();
        predictNanos.add(predicted - preprocessed);
        commitWithRetry(chunk.range(), scored, rejects);
        writeNanos.add(System.nanoTime() - predicted);
        written.add(scored.size());
        rejected.add(rejects.size());
        chunks.increment();
        checkRejectBudget(false);
        progress();
    }

    private void commitWithRetry(ChunkRange range, List<Scored<O>> scored, List<Rejected> rejects) throws Exception {
        RetryConfig retry = config.chunkRetry();
        for (int attempt = 1; ; attempt++) {
            try {
                sink.commit(run, range, scored, rejects);
                return;
            } catch (Exception e) {
                if (attempt >= retry.maxAttempts() || !retry.retryOn().test(e) || stopped()) {
                    throw e;
                }
                retried.increment();
                Duration wait = retry.backoff(attempt + 1);
                LOG.warn("run {}: commit of chunk {} failed ({}); retry {} of {} in {} ms", run.key(), range, e.toString(),
                        attempt, retry.maxAttempts() - 1, wait.toMillis());
                Thread.sleep(wait.toMillis());
            }
        }
    }

    private void checkRejectBudget(boolean atEnd) {
        long r = rejected.sum();
        long total = read.sum();
        boolean overCount = r > config.maxRejects();
        boolean shareChecked = atEnd || total >= config.minRecordsForShare();
        boolean overShare = shareChecked && total > 0 && (double) r / total > config.maxRejectShare();
        if ((overCount || overShare) && !rejectBudgetPassed) {
            rejectBudgetPassed = true;
            LOG.warn("run {}: {} of {} records rejected, over the budget (max {} records, max share {})", run.key(), r, total,
                    config.maxRejects() == Long.MAX_VALUE ? "unlimited" : config.maxRejects(), config.maxRejectShare());
        }
    }

    private void progress() {
        long now = System.nanoTime();
        long last = lastProgress.get();
        if (now - last < config.progressInterval().toNanos() || !lastProgress.compareAndSet(last, now)) {
            return;
        }
        RunProgress p = new RunProgress(run, read.sum(), written.sum(), rejected.sum(), chunks.sum(),
                Duration.between(run.startedAt(), Instant.now()));
        for (RunListener l : listeners) {
            try {
                l.onProgress(p);
            } catch (RuntimeException e) {
                LOG.warn("run listener {} failed: {}", l, e.toString());
            }
        }
    }

    Throwable failure() {
        return failure.get();
    }

    private RunSummary summary() {
        Throwable t = failure.get();
        RunStatus status = t != null ? RunStatus.FAILED : rejectBudgetPassed ? RunStatus.REJECT_BUDGET_EXCEEDED : RunStatus.SUCCEEDED;
        String message = t != null ? describe(t) : rejectBudgetPassed ? "reject budget passed: " + rejected.sum() + " of " + read.sum()
                + " records rejected" : null;
        return new RunSummary(run, status, Instant.now(), read.sum(), written.sum(), rejected.sum(), retried.sum(), chunks.sum(),
                reading.skipped, new RunSummary.StageTimes(Duration.ofNanos(readNanos.sum()), Duration.ofNanos(preprocessNanos.sum()),
                Duration.ofNanos(predictNanos.sum()), Duration.ofNanos(writeNanos.sum())), message);
    }

    static String describe(Throwable t) {
        return t.getMessage() == null ? t.getClass().getName() : t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}

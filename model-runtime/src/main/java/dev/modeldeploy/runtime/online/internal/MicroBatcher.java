package dev.modeldeploy.runtime.online.internal;

import dev.modeldeploy.api.error.SchemaViolationException;
import dev.modeldeploy.runtime.online.OverloadedException;
import dev.modeldeploy.runtime.online.PredictorListener;
import dev.modeldeploy.runtime.online.RequestEnricher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Gathers concurrent requests into micro-batches: a bounded queue (bounded in records, so a request
 * carrying several records counts as that many) and dispatcher threads that each take whatever is
 * waiting when they become free, up to {@code maxBatchSize} records, and score it with one
 * {@code predictBatch} call on one model version.
 *
 * <p>A dispatcher that finds a lone request runs it at once. Only when several requests were already
 * waiting does it wait for the batch to fill, until {@code maxDelay} after the oldest one arrived. A
 * request that does not fit the batch any more is carried over to the dispatcher's next batch; a
 * request larger than {@code maxBatchSize} is scored alone, in consecutive batches on one version.
 * Requests already answered (by their deadline) are skipped, as are requests whose deadline passed
 * while they waited or were enriched: their deadline answers them.
 *
 * <p><b>Callers that wait.</b> A blocking caller does not hand its request to a dispatcher thread and
 * park: it {@linkplain #help helps}. Whichever waiting caller finds the queued requests due runs them
 * itself, on a dispatcher's free state, and answers the others: they are due when they fill a batch,
 * when every waiting caller's request is among them (nobody else is known to come, so a lone caller runs
 * at once), or when the oldest has waited {@code maxDelay}. The last caller to queue its request is
 * usually the one that runs the batch, without a context switch; no caller sits on the batch yielding
 * until it fills. Before queuing, a caller (of one record, without an enricher) preprocesses its record
 * itself for the version in service, so that the batch's run on one core only copies features and
 * scores them while the other callers preprocess theirs on the other cores; a batch with a request
 * preprocessed for another version, or not at all, preprocesses all its records. With many callers on
 * few cores, a park, an unpark and the two context switches per answer cost as much as ONNX Runtime's
 * own call (measured: 7-9 µs of CPU per answer on two cores with no model at all), so the threads that
 * have a core do the work, and the others yield their core to them. A caller whose request is in a
 * batch being scored spins (bounded by twice the batch time observed, at most
 * {@value #MAX_SPIN_NANOS} ns) instead: nobody else can use the core for that
 * batch, and a {@code sched_yield} that switches costs about 2 µs. Nothing spins or yields on an idle
 * predictor: only callers whose own request is queued or being scored. A caller that waits longer than
 * a batch can take parks after all, and wakes a dispatcher thread to answer it.
 *
 * <p>Dispatcher threads serve {@code predictAsync}, which nobody waits for on a thread, callers with a
 * deadline (never run by their caller, which must be free to answer at the deadline), and callers that
 * parked; while callers without a deadline wait (and so run batches), they leave the queue to them.
 *
 * <p>Thread-safe.
 *
 * @param <I> the raw record
 * @param <O> one prediction
 */
final class MicroBatcher<I, O> {
    private static final Logger LOG = LoggerFactory.getLogger(MicroBatcher.class);

    private final ServingModels<I, O> models;
    private final RequestEnricher<I> enricher;
    private final PredictorListener listener;
    private final int maxBatchSize;
    private final long maxDelayNanos;
    private final int capacity;
    /**
     * Lock-free for the many request threads that add to it (a lock-based queue makes them wait for
     * each other whenever the thread holding its lock is descheduled, which is common with dozens of
     * callers on a few cores), and never waited on: dispatchers park on their own terms (see
     * {@code awaitFill}). Unbounded as a queue; {@link #queuedRecords} bounds it.
     */
    private final ConcurrentLinkedQueue<Pending<I, O, ?>> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queuedRecords = new AtomicInteger();
    /**
     * Records of callers without a deadline between {@link #submitAndHelp} and the end of {@link #help},
     * except while one runs a batch: the records a batch may expect, and whether callers are there to run
     * batches. A caller answered but not yet back on a core still counts: with many callers on few cores,
     * waiting for those to come back with their next request is what fills a batch.
     */
    private final AtomicInteger waiting = new AtomicInteger();
    private final List<Dispatcher> dispatchers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    /** How long a waiting caller yields before it parks: a batch's gathering time plus a margin for scoring it. */
    private final long helpNanos;
    private volatile boolean closed;

    MicroBatcher(ServingModels<I, O> models, RequestEnricher<I> enricher, PredictorListener listener, int maxBatchSize,
                 long maxDelayNanos, int capacity, int dispatchers, String threadName) {
        this.models = models;
        this.enricher = enricher;
        this.listener = listener;
        this.maxBatchSize = maxBatchSize;
        this.maxDelayNanos = maxDelayNanos;
        this.capacity = capacity;
        this.helpNanos = Math.min(maxDelayNanos, MAX_HELP_GATHER_NANOS) + HELP_MARGIN_NANOS;
        for (int i = 0; i < dispatchers; i++) {
            Dispatcher d = new Dispatcher();
            Thread t = new Thread(d::serve, threadName + "-" + i);
            t.setDaemon(true);
            d.thread = t;
            this.dispatchers.add(d);
            threads.add(t);
        }
        threads.forEach(Thread::start);
    }

    /** On one core a spinning caller would only keep the batch it waits for off the core. */
    private static final boolean MULTI_CORE = Runtime.getRuntime().availableProcessors() > 1;
    /** The longest a caller whose request is being scored spins before it yields. */
    static final long MAX_SPIN_NANOS = 50_000;
    /**
     * A moving average of how long a batch takes to score and answer. Written by whoever runs one without
     * synchronization between dispatchers' states: an update lost to a race only delays the average.
     */
    private volatile long batchNanos;
    private static final long MAX_HELP_GATHER_NANOS = 1_000_000;
    private static final long HELP_MARGIN_NANOS = 200_000;

    /**
     * Queues a request for a dispatcher thread to answer (nobody waits for it on a thread).
     *
     * @throws OverloadedException   if its records do not fit the queue (a request larger than the whole
     *                               queue is taken when the queue is empty)
     * @throws IllegalStateException if the batcher is closed
     */
    void submit(Pending<I, O, ?> request) {
        enqueue(request);
        for (Dispatcher d : dispatchers) {
            if (d.idle || queuedRecords.get() >= d.fillWanted) {
                LockSupport.unpark(d.thread);
            }
        }
    }

    /**
     * Queues a request whose caller then waits for it: call {@link #help} next, which runs batches on the
     * caller's thread or hands the request to a dispatcher thread.
     *
     * @throws OverloadedException   as {@link #submit}
     * @throws IllegalStateException if the batcher is closed
     */
    void submitAndHelp(Pending<I, O, ?> request) {
        if (enricher == null) {
            // Each caller turns its own record into features while others' batches run; the batch then
            // only copies them (an enricher must see the records first, a batch at a time).
            request.preprocessOn(models);
        }
        int helping = request.hasDeadline() ? 0 : request.size();
        waiting.addAndGet(helping);
        try {
            enqueue(request);
        } catch (RuntimeException e) {
            waiting.addAndGet(-helping);
            throw e;
        }
        for (Dispatcher d : dispatchers) {
            if (queuedRecords.get() >= d.fillWanted) {
                LockSupport.unpark(d.thread); // its batch is full
            }
        }
    }

    private void enqueue(Pending<I, O, ?> request) {
        if (closed) {
            throw closedError();
        }
        int n = request.size();
        for (;;) {
            int queued = queuedRecords.get();
            if (queued > 0 && queued + n > capacity) {
                listener.onOverload();
                throw new OverloadedException(models.currentLabel(), queued, capacity, "records");
            }
            if (queuedRecords.compareAndSet(queued, queued + n)) {
                break;
            }
        }
        queue.add(request);
        // close() may have drained the queue between our check and the add: take the request back.
        if (closed && queue.remove(request)) {
            queuedRecords.addAndGet(-n);
            throw closedError();
        }
    }

    /**
     * Stops taking requests, lets the dispatchers answer everything queued, and waits for them. Idempotent.
     */
    synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        threads.forEach(LockSupport::unpark);
        boolean interrupted = false;
        for (Thread t : threads) {
            while (t.isAlive()) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        // Callers still running a batch finish it; none starts one after this.
        for (Dispatcher d : dispatchers) {
            d.lock.lock();
        }
        // Requests that slipped in after the dispatchers drained the queue.
        for (Dispatcher d : dispatchers) {
            if (d.carry != null) {
                failClosed(d.carry);
                d.carry = null;
            }
        }
        Pending<I, O, ?> left;
        while ((left = queue.poll()) != null) {
            queuedRecords.addAndGet(-left.size());
            failClosed(left);
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static void failClosed(Pending<?, ?, ?> request) {
        if (request.claim()) {
            request.fail(closedError());
        }
    }

    /**
     * Waits for a request queued with {@link #submitAndHelp} on the caller's thread: runs the queued
     * requests when they are due and no batch is running, spins briefly while its own request is being
     * scored, and otherwise yields the core; returns when the request is answered, or after about a
     * batch's time, having woken a dispatcher thread to answer it while the caller parks. A request with a
     * deadline is left to others.
     */
    void help(Pending<I, O, ?> request) {
        if (request.hasDeadline()) {
            // A request with a deadline is answered at its deadline, which a caller busy in the model could
            // not do: such callers leave batches to others, and only yield while they wait.
            wakeDispatchers();
            yieldUntil(request, Math.min(helpNanos, Math.max(0, request.remainingNanos())));
            if (!request.future.isDone()) {
                wakeDispatchers();
            }
            return;
        }
        int left;
        try {
            helpUntilAnswered(request);
        } finally {
            left = waiting.addAndGet(-request.size());
        }
        // No caller runs batches now: the dispatcher threads answer what waits (this caller's request among them).
        if (!request.future.isDone() || left == 0 && !queue.isEmpty()) {
            wakeDispatchers();
        }
    }

    private void helpUntilAnswered(Pending<I, O, ?> request) {
        long until = System.nanoTime() + helpNanos;
        boolean spun = false;
        // Right after queuing, only a full batch or every caller's request is due: maxDelay is for
        // stragglers, which a caller can only tell once its turn comes round again. (Run as soon as it
        // passes, a batch whose callers need longer than maxDelay to come back on few cores always runs
        // short, and the rest waits for the next: each batch is due on arrival, shorter still.)
        boolean delayDue = false;
        while (!request.future.isDone() && !closed && !Thread.currentThread().isInterrupted()) {
            if (runOneBatchHere(request.size(), delayDue)) {
                continue;
            }
            delayDue = true;
            if (!spun && request.scoring && MULTI_CORE) {
                spun = true;
                long spinUntil = System.nanoTime() + Math.min(2 * batchNanos, MAX_SPIN_NANOS);
                while (!request.future.isDone() && System.nanoTime() - spinUntil < 0) {
                    Thread.onSpinWait();
                }
                continue;
            }
            if (System.nanoTime() - until >= 0) {
                return;
            }
            Thread.yield();
        }
    }

    private void yieldUntil(Pending<I, O, ?> request, long nanos) {
        long until = System.nanoTime() + nanos;
        while (!request.future.isDone() && !closed && !Thread.currentThread().isInterrupted() && System.nanoTime() - until < 0) {
            Thread.yield();
        }
    }

    /**
     * Whether the queued requests should run now: they fill a batch, every waiting caller's request is
     * among them (nobody else is known to come), or, if {@code delayDue}, the oldest has waited
     * {@code maxDelay}.
     */
    private boolean batchDue(boolean delayDue) {
        Pending<I, O, ?> oldest = queue.peek();
        if (oldest == null) {
            return false;
        }
        int queued = queuedRecords.get();
        return queued >= maxBatchSize || queued >= waiting.get()
                || delayDue && System.nanoTime() - oldest.arrivedAt >= maxDelayNanos;
    }

    /**
     * Runs one batch on the caller's thread if one is due and a dispatcher's state is free. The caller
     * does not count as waiting meanwhile: it cannot run another batch, so if it stays in the model,
     * dispatcher threads take over what is queued (see {@code Dispatcher#serve}).
     */
    private boolean runOneBatchHere(int own, boolean delayDue) {
        for (Dispatcher d : dispatchers) {
            if ((d.carry != null || batchDue(delayDue)) && d.lock.tryLock()) {
                waiting.addAndGet(-own);
                try {
                    return !closed && d.runOnce(true);
                } finally {
                    waiting.addAndGet(own);
                    d.lock.unlock();
                }
            }
        }
        return false;
    }

    private void wakeDispatchers() {
        for (Dispatcher d : dispatchers) {
            if (d.idle) {
                LockSupport.unpark(d.thread);
            }
        }
    }

    private static IllegalStateException closedError() {
        return new IllegalStateException("the predictor is closed");
    }

    /**
     * A dispatcher: its thread's loop and the reused state that one batch at a time runs on, on that
     * thread or on a helping caller's, whoever holds the lock.
     */
    private final class Dispatcher {
        final ReentrantLock lock = new ReentrantLock();
        Thread thread;
        /** Whether the thread is parked for want of work: only then does a new request unpark it. */
        volatile boolean idle;
        /** Records the thread waits for to fill its batch; {@code MAX_VALUE} when it does not wait. */
        volatile int fillWanted = Integer.MAX_VALUE;
        private final List<Pending<I, O, ?>> batch = new ArrayList<>();
        private final List<Pending<I, O, ?>> alive = new ArrayList<>();
        private final List<I> records = new ArrayList<>();
        private final List<I> kept = new ArrayList<>();
        /** Features the batch's callers preprocessed, in batch order. */
        private final List<Object> features = new ArrayList<>();
        /** Taken from the queue but did not fit the last batch: the next batch on this state starts with it. */
        volatile Pending<I, O, ?> carry;
        private ModelHandle<I, O> scorerModel;
        private Scorer<I, ?, O> scorer;

        /**
         * The thread's loop: answers what is queued until the queue is empty, then parks until woken. It
         * leaves the queue to callers while some wait without a deadline: they run batches when due, and
         * the last one to stop waiting wakes it if anything is left.
         */
        void serve() {
            for (;;) {
                boolean ran = false;
                // Callers that wait run their batches themselves; the thread steps in when none does.
                if (closed || waiting.get() == 0) {
                    lock.lock();
                    try {
                        ran = runOnce(false);
                    } finally {
                        lock.unlock();
                    }
                }
                if (ran) {
                    continue;
                }
                if (closed) {
                    if (queue.isEmpty() && carry == null) {
                        return;
                    }
                    continue;
                }
                idle = true;
                // Checked after announcing idleness: a request queued before it is seen here, one queued after unparks us.
                if (!closed && (waiting.get() > 0 || queue.isEmpty() && carry == null)) {
                    LockSupport.park(this);
                }
                idle = false;
            }
        }

        /**
         * Runs one batch, starting with the carried request or the queue's oldest; false if nothing waits.
         * Holds the lock.
         *
         * @param here whether a caller runs it (the queued requests are due: it takes what waits) or the
         *             dispatcher thread (it waits for the batch to fill)
         */
        boolean runOnce(boolean here) {
            Pending<I, O, ?> first = carry;
            if (first != null) {
                carry = null;
            } else {
                first = queue.poll();
                if (first == null) {
                    return false;
                }
                queuedRecords.addAndGet(-first.size());
            }
            try {
                if (first.size() > maxBatchSize) {
                    runLarge(first);
                } else {
                    batch.add(first);
                    int size = gather(first, here);
                    runBatch(size);
                }
            } catch (Throwable t) {
                // Never let a dispatcher die or a helping caller leave a batch half answered.
                LOG.error("micro-batch dispatcher failed", t);
                for (Pending<I, O, ?> p : batch) {
                    fail(p, t);
                }
            } finally {
                batch.clear();
                alive.clear();
                records.clear();
                kept.clear();
                features.clear();
            }
            return true;
        }

        /**
         * Adds what waits to the batch, and on the dispatcher thread, once others wait too, what arrives
         * until the batch is due.
         */
        private int gather(Pending<I, O, ?> first, boolean here) {
            int size = first.size();
            if (closed) {
                return size;
            }
            Pending<I, O, ?> next;
            while (size < maxBatchSize && (next = queue.poll()) != null) {
                if (!add(next, size)) {
                    return size;
                }
                size += next.size();
            }
            if (here) {
                return size; // due already (see batchDue)
            }
            if (batch.size() < 2 || maxDelayNanos == 0) {
                return size; // a lone request is never delayed
            }
            long due = first.arrivedAt + maxDelayNanos;
            while (size < maxBatchSize && !closed) {
                long wait = due - System.nanoTime();
                if (wait <= 0) {
                    break;
                }
                next = queue.poll();
                if (next == null) {
                    awaitFill(maxBatchSize - size, wait);
                    continue;
                }
                if (!add(next, size)) {
                    break;
                }
                size += next.size();
            }
            return size;
        }

        /**
         * Parks the dispatcher thread until {@code wanted} records wait or {@code nanos} pass: one unpark per
         * batch (by the request that fills it), not one per request as a blocking poll of the queue costs.
         */
        private void awaitFill(int wanted, long nanos) {
            fillWanted = wanted;
            // Set before checking: a request queued after the check sees it and unparks us.
            if (queuedRecords.get() < wanted && !closed) {
                LockSupport.parkNanos(this, nanos);
            }
            fillWanted = Integer.MAX_VALUE;
        }

        /** Adds a request taken from the queue to the batch; false if it did not fit (it is carried over). */
        private boolean add(Pending<I, O, ?> next, int size) {
            queuedRecords.addAndGet(-next.size());
            if (size + next.size() > maxBatchSize) {
                carry = next;
                return false;
            }
            batch.add(next);
            return true;
        }

        private Scorer<I, ?, O> scorer(ModelHandle<I, O> model) {
            if (model != scorerModel) {
                scorer = model.newScorer(maxBatchSize);
                scorerModel = model;
            }
            return scorer;
        }

        /** Scores the gathered batch with one {@code predictBatch} call on the current version. */
        private void runBatch(int size) {
            long now = System.nanoTime();
            for (Pending<I, O, ?> p : batch) {
                if (!p.isClaimed() && !p.expiredAt(now)) {
                    alive.add(p);
                    p.addRecordsTo(records);
                    p.scoring = true;
                }
            }
            if (alive.isEmpty()) {
                return;
            }
            ModelHandle<I, O> model = models.acquireCurrent();
            try {
                List<I> input = records;
                if (enricher != null) {
                    input = dropExpired(Enrichment.enrichAll(enricher, records));
                    if (alive.isEmpty()) {
                        return;
                    }
                }
                Scorer<I, ?, O> s = scorer(model);
                if (preprocessed(model)) {
                    s.loadFeatures(features);
                } else {
                    try {
                        s.load(input);
                    } catch (RuntimeException e) {
                        input = isolate(s, input, e);
                        if (alive.isEmpty()) {
                            return;
                        }
                        s.load(input);
                    }
                }
                List<O> out = s.predict();
                listener.onBatch(alive.size(), out.size());
                model.observed(input, out);
                int from = 0;
                for (Pending<I, O, ?> p : alive) {
                    answer(p, model, out, from);
                    from += p.size();
                }
                long took = System.nanoTime() - now;
                batchNanos += (took - batchNanos) >> 3;
            } catch (Throwable t) {
                for (Pending<I, O, ?> p : alive) {
                    fail(p, t);
                }
            } finally {
                model.release();
            }
        }

        /**
         * Whether every request in the batch was preprocessed by its caller for {@code model} (the version
         * scoring it), collecting their features; otherwise the batch preprocesses all its records. Never
         * with an enricher: callers leave their records to the batch then (see {@link #submitAndHelp}).
         */
        private boolean preprocessed(ModelHandle<I, O> model) {
            features.clear();
            for (Pending<I, O, ?> p : alive) {
                Object f = p.featuresFor(model);
                if (f == null) {
                    return false;
                }
                features.add(f);
            }
            return true;
        }

        /** Removes the requests whose deadline passed during enrichment, with their records. */
        private List<I> dropExpired(List<I> enriched) {
            long now = System.nanoTime();
            boolean any = false;
            for (Pending<I, O, ?> p : alive) {
                any |= p.isClaimed() || p.expiredAt(now);
            }
            if (!any) {
                return enriched;
            }
            kept.clear();
            List<Pending<I, O, ?>> still = new ArrayList<>();
            int from = 0;
            for (Pending<I, O, ?> p : alive) {
                if (!p.isClaimed() && !p.expiredAt(now)) {
                    still.add(p);
                    kept.addAll(enriched.subList(from, from + p.size()));
                }
                from += p.size();
            }
            alive.clear();
            alive.addAll(still);
            return new ArrayList<>(kept);
        }

        /**
         * A batch did not preprocess: finds the requests whose records do not, fails them alone (with the
         * record's index within its request), and returns the records of the others.
         */
        private List<I> isolate(Scorer<I, ?, O> s, List<I> input, RuntimeException batchError) {
            List<Pending<I, O, ?>> good = new ArrayList<>();
            List<I> goodRecords = new ArrayList<>();
            int from = 0;
            for (Pending<I, O, ?> p : alive) {
                RuntimeException error = null;
                for (int k = 0; k < p.size() && error == null; k++) {
                    try {
                        s.check(input.get(from + k));
                    } catch (SchemaViolationException e) {
                        error = e.atRecord(k);
                    } catch (RuntimeException e) {
                        error = e;
                    }
                }
                if (error == null) {
                    good.add(p);
                    goodRecords.addAll(input.subList(from, from + p.size()));
                } else {
                    fail(p, error);
                }
                from += p.size();
            }
            if (good.size() == alive.size()) {
                throw batchError; // every record passes alone: the batch call itself is at fault
            }
            alive.clear();
            alive.addAll(good);
            return goodRecords;
        }

        /** Scores a request larger than a batch in consecutive batches on one version. */
        private <R> void runLarge(Pending<I, O, R> request) {
            if (request.isClaimed() || request.expiredAt(System.nanoTime())) {
                return;
            }
            ModelHandle<I, O> model = models.acquireCurrent();
            try {
                request.addRecordsTo(records);
                List<I> input = enricher == null ? records : Enrichment.enrichAll(enricher, records);
                Scorer<I, ?, O> s = scorer(model);
                List<O> all = new ArrayList<>(input.size());
                for (int from = 0; from < input.size(); from += maxBatchSize) {
                    if (request.isClaimed() || request.expiredAt(System.nanoTime())) {
                        return; // its deadline answers it
                    }
                    int to = Math.min(input.size(), from + maxBatchSize);
                    try {
                        s.load(input.subList(from, to));
                    } catch (SchemaViolationException e) {
                        throw e.atRecord(from + e.recordIndex());
                    }
                    List<O> predicted = s.predict();
                    all.addAll(predicted);
                    listener.onBatch(1, to - from);
                    model.observed(input.subList(from, to), predicted);
                }
                if (request.claim()) {
                    request.complete(model.answer(request.collect(all, 0)));
                }
            } catch (Throwable t) {
                fail(request, t);
            } finally {
                model.release();
            }
        }

        private <R> void answer(Pending<I, O, R> p, ModelHandle<I, O> model, List<O> out, int from) {
            if (p.claim()) {
                p.complete(model.answer(p.collect(out, from)));
            }
        }

        private void fail(Pending<I, O, ?> p, Throwable error) {
            if (p.claim()) {
                listener.onFailure(error);
                p.fail(error);
            }
        }
    }
}

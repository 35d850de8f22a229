package dev.modeldeploy.runtime.online.internal;

import dev.modeldeploy.api.error.SchemaViolationException;
import dev.modeldeploy.runtime.online.OverloadedException;
import dev.modeldeploy.runtime.online.PredictorListener;
import dev.modeldeploy.runtime.online.RequestEnricher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

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
     * callers on a few cores). Unbounded as a queue; {@link #queuedRecords} bounds it.
     */
    private final LinkedTransferQueue<Pending<I, O, ?>> queue = new LinkedTransferQueue<>();
    private final AtomicInteger queuedRecords = new AtomicInteger();
    private final Pending<I, O, ?> stop = new SingleRequest<>(null, 0, 0);
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean closed;

    MicroBatcher(ServingModels<I, O> models, RequestEnricher<I> enricher, PredictorListener listener, int maxBatchSize,
                 long maxDelayNanos, int capacity, int dispatchers, String threadName) {
        this.models = models;
        this.enricher = enricher;
        this.listener = listener;
        this.maxBatchSize = maxBatchSize;
        this.maxDelayNanos = maxDelayNanos;
        this.capacity = capacity;
        for (int i = 0; i < dispatchers; i++) {
            Thread t = new Thread(new Dispatcher(), threadName + "-" + i);
            t.setDaemon(true);
            threads.add(t);
        }
        threads.forEach(Thread::start);
    }

    /**
     * Queues a request.
     *
     * @throws OverloadedException   if its records do not fit the queue (a request larger than the whole
     *                               queue is taken when the queue is empty)
     * @throws IllegalStateException if the batcher is closed
     */
    void submit(Pending<I, O, ?> request) {
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
        for (int i = 0; i < threads.size(); i++) {
            queue.add(stop);
        }
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
        // Requests that slipped in behind the stop signals.
        Pending<I, O, ?> left;
        while ((left = queue.poll()) != null) {
            if (left != stop) {
                queuedRecords.addAndGet(-left.size());
                if (left.claim()) {
                    left.fail(closedError());
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static IllegalStateException closedError() {
        return new IllegalStateException("the predictor is closed");
    }

    /** One dispatcher thread's loop and its reused state. */
    private final class Dispatcher implements Runnable {
        private final List<Pending<I, O, ?>> batch = new ArrayList<>();
        private final List<Pending<I, O, ?>> alive = new ArrayList<>();
        private final List<I> records = new ArrayList<>();
        private final List<I> kept = new ArrayList<>();
        private Pending<I, O, ?> carry;
        private boolean stopping;
        private ModelHandle<I, O> scorerModel;
        private Scorer<I, ?, O> scorer;

        @Override
        public void run() {
            for (;;) {
                Pending<I, O, ?> first;
                if (carry != null) {
                    first = carry;
                    carry = null;
                } else if (stopping) {
                    return;
                } else {
                    first = take();
                    if (first == stop) {
                        return;
                    }
                }
                try {
                    if (first.size() > maxBatchSize) {
                        runLarge(first);
                    } else {
                        batch.add(first);
                        int size = gather(first);
                        runBatch(size);
                    }
                } catch (Throwable t) {
                    // Never let the loop die: every queued request would hang.
                    LOG.error("micro-batch dispatcher failed", t);
                } finally {
                    batch.clear();
                    alive.clear();
                    records.clear();
                    kept.clear();
                }
            }
        }

        /** Adds what waits (and, once others wait too, what arrives until the batch is due) to the batch. */
        private int gather(Pending<I, O, ?> first) {
            int size = first.size();
            if (stopping) {
                return size;
            }
            Pending<I, O, ?> next;
            while (size < maxBatchSize && (next = queue.poll()) != null) {
                if (!add(next, size)) {
                    return size;
                }
                size += next.size();
            }
            if (batch.size() < 2 || maxDelayNanos == 0) {
                return size; // a lone request is never delayed
            }
            long due = first.arrivedAt + maxDelayNanos;
            while (size < maxBatchSize) {
                long wait = due - System.nanoTime();
                if (wait <= 0) {
                    break;
                }
                try {
                    next = queue.poll(wait, TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    break;
                }
                if (next == null || !add(next, size)) {
                    break;
                }
                size += next.size();
            }
            return size;
        }

        /** Adds a request taken from the queue to the batch; false if the batch is due (full, or stopping). */
        private boolean add(Pending<I, O, ?> next, int size) {
            if (next == stop) {
                stopping = true;
                return false;
            }
            queuedRecords.addAndGet(-next.size());
            if (size + next.size() > maxBatchSize) {
                carry = next;
                return false;
            }
            batch.add(next);
            return true;
        }

        private Pending<I, O, ?> take() {
            for (;;) {
                try {
                    Pending<I, O, ?> p = queue.take();
                    if (p != stop) {
                        queuedRecords.addAndGet(-p.size());
                    }
                    return p;
                } catch (InterruptedException e) {
                    // Dispatchers are stopped with a stop signal, not by interruption.
                }
            }
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
                try {
                    s.load(input);
                } catch (RuntimeException e) {
                    input = isolate(s, input, e);
                    if (alive.isEmpty()) {
                        return;
                    }
                    s.load(input);
                }
                List<O> out = s.predict();
                listener.onBatch(alive.size(), out.size());
                model.observed(input, out);
                int from = 0;
                for (Pending<I, O, ?> p : alive) {
                    answer(p, model, out, from);
                    from += p.size();
                }
            } catch (Throwable t) {
                for (Pending<I, O, ?> p : alive) {
                    fail(p, t);
                }
            } finally {
                model.release();
            }
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

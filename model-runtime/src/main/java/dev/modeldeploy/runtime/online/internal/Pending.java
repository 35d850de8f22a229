package dev.modeldeploy.runtime.online.internal;

import dev.modeldeploy.runtime.online.Prediction;
import dev.modeldeploy.runtime.online.RequestEnricher;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * A request waiting for its answer (in the micro-batch queue, or for an async worker), with the
 * future its caller holds. Whoever answers it, the dispatcher with the model's answer or the deadline
 * with a timeout or fallback, first {@linkplain #claim() claims} it, so exactly one answer counts and a
 * late one is dropped. Thread-safe.
 *
 * @param <I> the raw record
 * @param <O> one prediction
 * @param <R> the answer's value: {@code O} for one record, {@code List<O>} for several
 */
abstract sealed class Pending<I, O, R> permits SingleRequest, MultiRequest {
    @SuppressWarnings("rawtypes") // a field updater is made for the raw class
    private static final AtomicIntegerFieldUpdater<Pending> CLAIMED =
            AtomicIntegerFieldUpdater.newUpdater(Pending.class, "claimed");

    final CompletableFuture<Prediction<R>> future = new CompletableFuture<>();
    /** {@link System#nanoTime()} when the request arrived. */
    final long arrivedAt;
    private final boolean hasDeadline;
    private final long deadlineAt;
    private volatile int claimed;
    /** Set when a batch with this request starts scoring: its answer is about a batch's time away. */
    volatile boolean scoring;
    private volatile Future<?> timer;

    Pending(long arrivedAt, long deadlineNanos) {
        this.arrivedAt = arrivedAt;
        this.hasDeadline = deadlineNanos > 0;
        this.deadlineAt = arrivedAt + deadlineNanos;
    }

    /** Records the request carries. */
    abstract int size();

    /** Appends the request's records to {@code out}. */
    abstract void addRecordsTo(List<I> out);

    /** The answer's value from a batch's outputs, where this request's records start at {@code from}. */
    abstract R collect(List<O> outputs, int from);

    /** The answer's value when every record gets {@code value}. */
    abstract R repeat(O value);

    /**
     * Enriches and scores the request on the calling thread.
     *
     * @param checkDeadline whether to give up (with {@link Expired}) when the deadline passed during enrichment
     */
    abstract R compute(ModelHandle<I, O> model, RequestEnricher<I> enricher, boolean checkDeadline);

    /**
     * Preprocesses the request's records on the calling thread, for the version in service now, so that
     * a batch with it only copies their features (see {@link MicroBatcher#submitAndHelp}). Does nothing
     * for a request of several records; a record that does not preprocess is left to the batch.
     */
    void preprocessOn(ServingModels<I, O> models) {
    }

    /** The features {@link #preprocessOn} made with {@code model}; null if there are none for that version. */
    Object featuresFor(ModelHandle<I, O> model) {
        return null;
    }

    /** Whether the deadline has passed at {@code now} ({@link System#nanoTime()}). */
    final boolean expiredAt(long now) {
        return hasDeadline && now - deadlineAt >= 0;
    }

    /** Nanoseconds left until the deadline (may be negative). */
    final long remainingNanos() {
        return deadlineAt - System.nanoTime();
    }

    final boolean hasDeadline() {
        return hasDeadline;
    }

    /** Takes the right to answer; false if someone else has it. */
    final boolean claim() {
        return CLAIMED.compareAndSet(this, 0, 1);
    }

    final boolean isClaimed() {
        return claimed != 0;
    }

    /** Answers a request this thread claimed. */
    final void complete(Prediction<R> answer) {
        future.complete(answer);
        cancelTimer();
    }

    /** Fails a request this thread claimed. */
    final void fail(Throwable error) {
        future.completeExceptionally(error);
        cancelTimer();
    }

    /** Remembers the deadline task, so that answering early cancels it. */
    final void timer(Future<?> task) {
        timer = task;
        if (isClaimed()) {
            task.cancel(false);
        }
    }

    private void cancelTimer() {
        Future<?> t = timer;
        if (t != null) {
            t.cancel(false);
        }
    }

    /** Thrown (without a stack trace) by {@link #compute} when the deadline passed during enrichment. */
    static final class Expired extends RuntimeException {
        static final Expired INSTANCE = new Expired();

        private Expired() {
            super("deadline passed", null, false, false);
        }
    }
}

package dev.modeldeploy.runtime.online;

import java.time.Duration;
import java.util.Objects;

/**
 * How an {@link OnlinePredictor} serves: the per-request deadline, micro-batching, the queue bound,
 * the async workers and the warm-up. Immutable and thread-safe; build with {@link #builder()}.
 *
 * <p><b>Deadline.</b> With {@link #microBatching()} or {@code predictAsync}, a request whose deadline
 * passes is answered at once with a {@link PredictionTimeoutException} or the {@link Fallback}, even if
 * the model is stuck. A plain {@code predict} without micro-batching runs on the caller's thread,
 * which nothing can preempt: there the deadline is checked after the {@link RequestEnricher} and
 * before the model runs, and a model call that has started is allowed to finish.
 *
 * <p><b>Micro-batching</b> (off by default) gathers concurrent requests into one {@code predictBatch}
 * call of at most {@link #maxBatchSize()} records. A dispatcher that becomes free takes every request
 * already waiting; if that is a lone request it runs at once, so a request with no company is never
 * delayed. Only when others were already waiting does it wait for more, until the batch is full or
 * {@link #maxDelay()} has passed since the oldest request arrived, whichever comes first.
 *
 * <p>A caller blocked in {@code predict} or {@code predictAll} (without a deadline) does not hand its
 * request over and sleep: the waiting caller that finds the queued requests due runs them itself, with
 * its own request among them if it is still queued, and answers the others. They are due when every
 * waiting caller's request is among them (so a lone caller runs at once), when they fill a batch, or
 * when {@code maxDelay} has passed since the oldest arrived. A caller of one record preprocesses it
 * before queuing it (unless a {@link RequestEnricher} must see it first), so that callers turn records
 * into features in parallel and a batch only copies them. Meanwhile a caller yields its core to the
 * callers that fill the batch, spins briefly while its own request is being scored, and parks only if
 * its answer takes longer than a batch can. With many callers on few cores this saves a park, an unpark
 * and two context switches per answer, which cost about as much as ONNX Runtime's own call; the price is
 * that waiting callers keep their cores busy while their batch fills or runs (never on an idle predictor).
 * Requests with a deadline, and {@code predictAsync}, are run by the dispatcher threads (or join a
 * waiting caller's batch).
 *
 * @param deadline          time allowed per request, from the call to the answer; {@link Duration#ZERO}: none
 * @param microBatching     whether requests are gathered into micro-batches
 * @param maxBatchSize      records per {@code predictBatch} call at most (a larger {@code predictAll} request is split)
 * @param maxDelay          how long a batch may wait to fill up once several requests are waiting
 * @param dispatchers       micro-batches that may run at once, each with its own reused feature batch and a
 *                          thread that runs it when no waiting caller does
 * @param queueCapacity     records that may wait for a dispatcher (micro-batching), or requests that may
 *                          wait for an async worker; beyond it requests fail with {@link OverloadedException}
 * @param asyncThreads      worker threads for {@code predictAsync} without micro-batching, and for
 *                          {@linkplain Fallback#previousVersion() previous-version fallbacks} of async requests
 * @param warmUpIterations  how many times the bundle's input example (or the builder's
 *                          {@linkplain OnlinePredictor.Builder#warmUpRecords warm-up records}) runs through
 *                          a model before it serves
 * @param listener          hears requests, batches, timeouts, overloads and swaps
 */
public record OnlinePredictorConfig(Duration deadline, boolean microBatching, int maxBatchSize, Duration maxDelay,
                                    int dispatchers, int queueCapacity, int asyncThreads, int warmUpIterations,
                                    PredictorListener listener) {
    public OnlinePredictorConfig {
        Objects.requireNonNull(deadline, "deadline");
        Objects.requireNonNull(maxDelay, "maxDelay");
        Objects.requireNonNull(listener, "listener");
        if (deadline.isNegative()) {
            throw new IllegalArgumentException("deadline must be positive (or zero for none), was " + deadline);
        }
        if (maxDelay.isNegative()) {
            throw new IllegalArgumentException("maxDelay must be >= 0, was " + maxDelay);
        }
        if (maxBatchSize < 1 || dispatchers < 1 || queueCapacity < 1 || asyncThreads < 1) {
            throw new IllegalArgumentException("maxBatchSize, dispatchers, queueCapacity and asyncThreads must be >= 1");
        }
        if (warmUpIterations < 0) {
            throw new IllegalArgumentException("warmUpIterations must be >= 0, was " + warmUpIterations);
        }
    }

    /** Defaults: no deadline, no micro-batching, 1,024 queued at most, one async worker per core, 1,000 warm-up rounds. */
    public static OnlinePredictorConfig defaults() {
        return builder().build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this config's values, to derive a changed copy. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.deadline = deadline;
        b.microBatching = microBatching;
        b.maxBatchSize = maxBatchSize;
        b.maxDelay = maxDelay;
        b.dispatchers = dispatchers;
        b.queueCapacity = queueCapacity;
        b.asyncThreads = asyncThreads;
        b.warmUpIterations = warmUpIterations;
        b.listener = listener;
        return b;
    }

    /** Whether requests have a deadline. */
    public boolean hasDeadline() {
        return !deadline.isZero();
    }

    /** Builds an {@link OnlinePredictorConfig}. Not thread-safe. */
    public static final class Builder {
        private Duration deadline = Duration.ZERO;
        private boolean microBatching;
        private int maxBatchSize = 32;
        private Duration maxDelay = Duration.ofMillis(1);
        private int dispatchers = 1;
        private int queueCapacity = 1024;
        private int asyncThreads = Runtime.getRuntime().availableProcessors();
        private int warmUpIterations = 1000;
        private PredictorListener listener = PredictorListener.none();

        private Builder() {
        }

        /** Time allowed per request (default: none). */
        public Builder deadline(Duration deadline) {
            this.deadline = deadline;
            return this;
        }

        /** No deadline (the default). */
        public Builder noDeadline() {
            this.deadline = Duration.ZERO;
            return this;
        }

        /**
         * Turns micro-batching on: at most {@code maxBatchSize} records per {@code predictBatch} call, and
         * at most {@code maxDelay} spent waiting for a batch to fill (see the class description).
         */
        public Builder microBatching(int maxBatchSize, Duration maxDelay) {
            this.microBatching = true;
            this.maxBatchSize = maxBatchSize;
            this.maxDelay = maxDelay;
            return this;
        }

        /** Every request runs on its own (the default). */
        public Builder noMicroBatching() {
            this.microBatching = false;
            return this;
        }

        /** Dispatcher threads for micro-batches (default 1). */
        public Builder dispatchers(int threads) {
            this.dispatchers = threads;
            return this;
        }

        /** Records (micro-batching) or async requests that may wait (default 1,024). */
        public Builder queueCapacity(int capacity) {
            this.queueCapacity = capacity;
            return this;
        }

        /** Worker threads for async requests without micro-batching (default: one per core). */
        public Builder asyncThreads(int threads) {
            this.asyncThreads = threads;
            return this;
        }

        /** Rounds of the input example run through each model before it serves (default 1,000; 0: no warm-up). */
        public Builder warmUpIterations(int iterations) {
            this.warmUpIterations = iterations;
            return this;
        }

        /** Hears requests, batches, timeouts, overloads and swaps (default: none). */
        public Builder listener(PredictorListener listener) {
            this.listener = listener;
            return this;
        }

        public OnlinePredictorConfig build() {
            return new OnlinePredictorConfig(deadline, microBatching, maxBatchSize, maxDelay, dispatchers, queueCapacity,
                    asyncThreads, warmUpIterations, listener);
        }
    }
}

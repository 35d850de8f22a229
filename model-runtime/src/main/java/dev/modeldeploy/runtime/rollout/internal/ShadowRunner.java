package dev.modeldeploy.runtime.rollout.internal;

import dev.modeldeploy.runtime.online.OnlinePredictor;
import dev.modeldeploy.runtime.online.Prediction;
import dev.modeldeploy.runtime.rollout.RolloutListener;
import dev.modeldeploy.runtime.rollout.RoutedPrediction;
import dev.modeldeploy.runtime.rollout.ShadowResult;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Runs shadow predictions on threads of their own behind a bounded queue. Submitting never blocks and
 * never throws: when the queue is full the work is dropped and counted, so a stuck or slow shadow costs
 * the request thread one failed {@code offer}. Thread-safe.
 */
public final class ShadowRunner<I, O> {
    private final ThreadPoolExecutor executor;
    private final RolloutListener<O> listener;
    private final LongAdder dropped = new LongAdder();
    private final LongAdder submitted = new LongAdder();

    public ShadowRunner(String name, int threads, int queueCapacity, RolloutListener<O> listener) {
        this.listener = listener;
        // Dropping in the rejection handler, not by catching AbortPolicy's exception: that exception's
        // message prints the executor's state under its lock, and costs the request thread microseconds.
        this.executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(queueCapacity), daemonThreads("modeldeploy-shadow-" + name),
                (task, pool) -> {
                    throw Full.INSTANCE;
                });
        this.executor.allowCoreThreadTimeOut(true);
    }

    /** Scores {@code request} with {@code shadow} later, unless the queue is full. */
    public void submit(String variant, OnlinePredictor<I, O> shadow, I request, RoutedPrediction<O> served) {
        try {
            executor.execute(() -> run(variant, shadow, request, served));
            submitted.increment();
        } catch (Full e) {
            // queue full or shutting down: the shadow loses this request, the caller loses nothing
            dropped.increment();
            listener.onShadowDropped(variant);
        }
    }

    private void run(String variant, OnlinePredictor<I, O> shadow, I request, RoutedPrediction<O> served) {
        Prediction<O> answer;
        try {
            answer = shadow.predict(request);
        } catch (RuntimeException | Error e) {
            listener.onShadow(new ShadowResult<>(served.unit(), served, variant, null, e));
            return;
        }
        listener.onShadow(new ShadowResult<>(served.unit(), served, variant, answer, null));
    }

    /** Shadow requests dropped because the queue was full. */
    public long dropped() {
        return dropped.sum();
    }

    /** Shadow requests accepted into the queue. */
    public long submitted() {
        return submitted.sum();
    }

    /** Stops the shadow threads, interrupting work in progress: shadow answers are never owed to anyone. */
    public void close() {
        executor.shutdownNow();
    }

    /** The queue is full or the runner closed: thrown without a message or stack trace. */
    private static final class Full extends RuntimeException {
        static final Full INSTANCE = new Full();

        private Full() {
            super(null, null, false, false);
        }
    }

    private static ThreadFactory daemonThreads(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}

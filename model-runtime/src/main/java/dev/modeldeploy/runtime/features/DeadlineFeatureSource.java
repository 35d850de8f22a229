package dev.modeldeploy.runtime.features;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds how long a caller waits for a {@link FeatureSource}: each lookup runs on a bounded executor
 * and the caller waits at most {@code timeout}, then gets a {@link FeatureTimeoutException} (the
 * lookup is cancelled with an interrupt). When every worker is busy and the queue is full, as when a
 * store hangs under load, lookups fail at once with a {@link FeatureLookupException} instead of
 * queueing without limit. So a slow or dead store never holds a request longer than the deadline;
 * {@link FeatureEnricher} turns these errors into defaults if configured to.
 *
 * <p>A lookup stuck in a socket read keeps its worker until the client's own socket timeout; set
 * that (Jedis, JDBC {@code queryTimeout}) a little above the deadline. Thread-safe.
 */
public final class DeadlineFeatureSource implements FeatureSource {
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final FeatureSource source;
    private final Duration timeout;
    private final long timeoutNanos;
    private final ExecutorService executor;
    private final boolean ownsExecutor;

    private DeadlineFeatureSource(Builder b) {
        this.source = b.source;
        this.timeout = b.timeout;
        this.timeoutNanos = b.timeout.toNanos();
        if (b.executor != null) {
            this.executor = b.executor;
            this.ownsExecutor = false;
        } else {
            int pool = POOLS.incrementAndGet();
            AtomicInteger threads = new AtomicInteger();
            ThreadPoolExecutor e = new ThreadPoolExecutor(b.threads, b.threads, 30, TimeUnit.SECONDS,
                    new ArrayBlockingQueue<>(b.queueCapacity), r -> {
                        Thread t = new Thread(r, "modeldeploy-features-" + pool + "-" + threads.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    }, new ThreadPoolExecutor.AbortPolicy());
            e.allowCoreThreadTimeOut(true);
            this.executor = e;
            this.ownsExecutor = true;
        }
    }

    /** A deadline of {@code timeout} for every lookup in {@code source}. */
    public static Builder builder(FeatureSource source, Duration timeout) {
        return new Builder(source, timeout);
    }

    @Override
    public Optional<Map<String, Object>> lookup(String key) {
        return call(() -> source.lookup(key));
    }

    @Override
    public Map<String, Map<String, Object>> lookupAll(Collection<String> keys) {
        List<String> copy = List.copyOf(keys); // the caller may reuse its collection once we time out
        return call(() -> source.lookupAll(copy));
    }

    private <T> T call(Callable<T> lookup) {
        Future<T> future;
        try {
            future = executor.submit(lookup);
        } catch (RejectedExecutionException e) {
            throw new FeatureLookupException("feature lookup in " + source + " rejected: every lookup thread is busy and the queue is full", e);
        }
        try {
            return future.get(timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new FeatureTimeoutException(source.toString(), timeout);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new FeatureLookupException("interrupted while waiting for a feature lookup in " + source, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof FeatureLookupException f) {
                throw f;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new FeatureLookupException("feature lookup in " + source + " failed: " + cause, cause);
        }
    }

    /** Stops the executor it created (not one it was given) and closes the source. */
    @Override
    public void close() {
        if (ownsExecutor) {
            executor.shutdownNow();
        }
        source.close();
    }

    @Override
    public String toString() {
        return source + " (deadline " + timeout.toMillis() + " ms)";
    }

    /** Options of a {@link DeadlineFeatureSource}. Not thread-safe. */
    public static final class Builder {
        private final FeatureSource source;
        private final Duration timeout;
        private int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
        private int queueCapacity = 1_024;
        private ExecutorService executor;

        private Builder(FeatureSource source, Duration timeout) {
            this.source = Objects.requireNonNull(source, "source");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive: " + timeout);
            }
            this.timeout = timeout;
        }

        /** Lookup threads (default: the number of processors, at least 2); about the store's connection pool size. */
        public Builder threads(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("threads must be at least 1: " + value);
            }
            this.threads = value;
            return this;
        }

        /** Lookups that may wait for a thread before new ones are rejected (default 1 024). */
        public Builder queueCapacity(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("queueCapacity must be at least 1: " + value);
            }
            this.queueCapacity = value;
            return this;
        }

        /** Runs lookups on the application's executor instead (it should be bounded); not shut down on close. */
        public Builder executor(ExecutorService value) {
            this.executor = Objects.requireNonNull(value, "executor");
            return this;
        }

        public DeadlineFeatureSource build() {
            return new DeadlineFeatureSource(this);
        }
    }
}

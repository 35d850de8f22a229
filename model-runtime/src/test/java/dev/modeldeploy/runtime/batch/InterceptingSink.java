package dev.modeldeploy.runtime.batch;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real sink with hooks around each commit, to inject failures and orderings into a real run (any
 * sink: JDBC, files, callbacks).
 */
public final class InterceptingSink<O> implements Sink<O> {
    /** Runs before or after the real commit of a chunk; may throw to fail it. */
    @FunctionalInterface
    public interface Hook {
        void at(ChunkRange range) throws Exception;
    }

    private final Sink<O> delegate;
    private final Hook before;
    private final Hook after;

    /**
     * @param before runs before the real commit; throwing fails the chunk uncommitted
     * @param after  runs after the real commit; throwing fails the chunk though it is committed
     */
    public InterceptingSink(Sink<O> delegate, Hook before, Hook after) {
        this.delegate = delegate;
        this.before = before;
        this.after = after;
    }

    /** {@code delegate}, failing (uncommitted) its {@code n}-th commit with {@code message}. */
    public static <O> InterceptingSink<O> failingAt(int n, Sink<O> delegate, String message) {
        AtomicInteger commits = new AtomicInteger();
        return new InterceptingSink<>(delegate, range -> {
            if (commits.incrementAndGet() == n) {
                throw new IllegalStateException(message);
            }
        }, range -> { });
    }

    @Override
    public Resume open(RunKey key) throws Exception {
        return delegate.open(key);
    }

    @Override
    public void begin(RunInfo run) throws Exception {
        delegate.begin(run);
    }

    @Override
    public void commit(RunInfo run, ChunkRange range, List<Scored<O>> predictions, List<Rejected> rejects) throws Exception {
        before.at(range);
        delegate.commit(run, range, predictions, rejects);
        after.at(range);
    }

    @Override
    public void finish(RunInfo run, RunSummary summary) throws Exception {
        delegate.finish(run, summary);
    }
}

package dev.modeldeploy.runtime.batch;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A sink that hands each committed chunk to a callback, for embedding. It keeps its ledger in memory,
 * so it resumes within one process (the runner's own run retries) but not across processes; use a
 * JDBC or file sink where a crash must be survived.
 *
 * @param <O> the prediction type
 */
public final class CallbackSink<O> implements Sink<O> {
    /** Receives one chunk's results; called from several worker threads at once. */
    @FunctionalInterface
    public interface Callback<O> {
        void accept(RunInfo run, List<Scored<O>> predictions, List<Rejected> rejects) throws Exception;
    }

    private final Callback<O> callback;
    private final Set<ChunkRange> committed = ConcurrentHashMap.newKeySet();
    private volatile String runKey;
    private volatile int version;

    public CallbackSink(Callback<O> callback) {
        this.callback = Objects.requireNonNull(callback, "callback");
    }

    @Override
    public synchronized Resume open(RunKey key) {
        if (!key.toString().equals(runKey)) {
            runKey = key.toString();
            committed.clear();
            version = 0;
        }
        return new Resume(committed, committed.isEmpty() ? 0 : version);
    }

    @Override
    public void begin(RunInfo run) {
        version = run.modelVersion();
    }

    @Override
    public void commit(RunInfo run, ChunkRange range, List<Scored<O>> predictions, List<Rejected> rejects) throws Exception {
        callback.accept(run, predictions, rejects);
        committed.add(range);
    }

    @Override
    public void finish(RunInfo run, RunSummary summary) {
        // The in-memory ledger needs no closing.
    }
}

package dev.modeldeploy.runtime.batch;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Where a batch run's predictions go, together with the run ledger: each chunk's predictions, its
 * rejects and the record that the chunk is done are committed in one step, so a crash loses at most
 * uncommitted chunks and a resume never writes a row twice. A JDBC sink does this in one transaction;
 * a file sink keeps an equivalent ledger beside its output.
 *
 * <p>{@link #commit} is called from several worker threads at once, in any chunk order, and must be
 * thread-safe; {@link #open} and {@link #finish} are called once per attempt, from one thread.
 *
 * @param <O> the prediction type
 */
public interface Sink<O> {
    /**
     * Prepares for an attempt of a run (creating tables or files as needed) and returns what earlier
     * attempts of the same run key committed: the chunk ranges, for the source to skip, and the model
     * version they used, which the resumed run keeps (even if an alias has moved since).
     */
    Resume open(RunKey key) throws Exception;

    /** Records that an attempt starts with this model version (status running). */
    default void begin(RunInfo run) throws Exception {
    }

    /**
     * Writes one chunk's predictions (upserting by run key and record id) and rejects, and records the
     * chunk as committed, atomically.
     */
    void commit(RunInfo run, ChunkRange range, List<Scored<O>> predictions, List<Rejected> rejects) throws Exception;

    /** Records the attempt's outcome (status, counts, durations) and releases resources. */
    void finish(RunInfo run, RunSummary summary) throws Exception;

    /**
     * What earlier attempts of a run committed.
     *
     * @param committed    the committed chunk ranges
     * @param modelVersion the model version they used, or 0 if none committed anything
     */
    record Resume(Set<ChunkRange> committed, int modelVersion) {
        private static final Resume FRESH = new Resume(Set.of(), 0);

        public Resume {
            committed = Set.copyOf(Objects.requireNonNull(committed, "committed"));
        }

        /** Nothing committed yet. */
        public static Resume fresh() {
            return FRESH;
        }
    }
}

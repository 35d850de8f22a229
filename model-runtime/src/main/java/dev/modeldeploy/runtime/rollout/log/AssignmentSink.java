package dev.modeldeploy.runtime.rollout.log;

import java.util.List;

/**
 * Where an {@link AssignmentLog} writes: a JSON Lines file ({@link JsonLinesAssignmentSink}), a
 * database table ({@link JdbcAssignmentSink}) or anything else. Called from the log's one writer thread
 * only, never from a request thread, so an implementation may block and need not be thread-safe.
 */
public interface AssignmentSink extends AutoCloseable {

    /** Writes a batch of assignments durably; an exception counts the batch as lost and writing goes on. */
    void write(List<Assignment> batch) throws Exception;

    /** Releases the sink's resources; called once, after the last write. */
    @Override
    default void close() throws Exception {
    }
}

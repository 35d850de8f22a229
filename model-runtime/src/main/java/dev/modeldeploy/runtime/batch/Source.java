package dev.modeldeploy.runtime.batch;

import java.util.Set;

/**
 * Where a batch run's raw records come from: a JDBC query, a file, an {@link Iterable}. A source is
 * read in chunks by one thread at a time; it must be able to skip chunk ranges a previous attempt of the same
 * run already committed. After a transient read failure (a dropped connection) the runner closes the
 * reader and opens the source again, passing the committed ranges and those it has read since, so a
 * source may be opened several times in one attempt.
 *
 * @param <I> the raw record type
 */
public interface Source<I> {
    /**
     * Starts reading.
     *
     * @param committed ranges already committed for this run key (empty on a first run), and on a
     *                  reopen those already read: the reader should skip them; re-reading one is
     *                  harmless (sinks upsert) but wasted work
     */
    Reader<I> open(Set<ChunkRange> committed) throws Exception;

    /**
     * Reads one source, from one thread at a time: calls never overlap and each happens-before the next,
     * but they may come from different threads (the runner's workers take turns reading when a reader
     * thread of its own would have no core to run on), so a reader must not keep state in thread-locals.
     */
    interface Reader<I> extends AutoCloseable {
        /**
         * The next chunk of at most {@code maxRecords} records, or {@code null} at the end.
         */
        Chunk<I> next(int maxRecords) throws Exception;

        @Override
        void close() throws Exception;
    }
}

package dev.modeldeploy.runtime.batch;

import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real source with a hook before each open and each chunk read, to inject read failures (a dropped
 * connection, a flaky file system) into a real run. Counts opens and reads over all readers.
 */
public final class InterceptingSource<I> implements Source<I> {
    /** Runs before an open (read number 0) or before the n-th read of the run (1, 2, …); may throw. */
    @FunctionalInterface
    public interface Hook {
        void at(int read) throws Exception;
    }

    private final Source<I> delegate;
    private final Hook hook;
    private final AtomicInteger reads = new AtomicInteger();
    private final AtomicInteger opens = new AtomicInteger();

    public InterceptingSource(Source<I> delegate, Hook hook) {
        this.delegate = delegate;
        this.hook = hook;
    }

    /** Opens so far, failed ones included. */
    public int opens() {
        return opens.get();
    }

    @Override
    public Reader<I> open(Set<ChunkRange> committed) throws Exception {
        opens.incrementAndGet();
        hook.at(0);
        Reader<I> reader = delegate.open(committed);
        return new Reader<>() {
            @Override
            public Chunk<I> next(int maxRecords) throws Exception {
                hook.at(reads.incrementAndGet());
                return reader.next(maxRecords);
            }

            @Override
            public void close() throws Exception {
                reader.close();
            }
        };
    }
}

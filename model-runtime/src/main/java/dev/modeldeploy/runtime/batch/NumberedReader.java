package dev.modeldeploy.runtime.batch;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads records from an iterator in chunks whose positions are record numbers, skipping chunks a
 * previous attempt committed: committed ranges chain from position to position, so the reader jumps
 * over each one that starts where it stands. Shared by every source that yields records in a stable
 * order (iterables, files). Not thread-safe.
 */
final class NumberedReader<I> implements Source.Reader<I> {
    private final Iterator<? extends I> records;
    private final Function<? super I, ?> idOf;
    private final AutoCloseable resource;
    private final Map<String, ChunkRange> committedByStart = new HashMap<>();
    private long position;

    NumberedReader(Iterator<? extends I> records, Function<? super I, ?> idOf, Set<ChunkRange> committed, AutoCloseable resource) {
        this.records = records;
        this.idOf = idOf;
        this.resource = resource;
        for (ChunkRange r : committed) {
            committedByStart.put(r.from(), r);
        }
    }

    @Override
    public Chunk<I> next(int maxRecords) {
        skipCommitted();
        Object[] chunk = new Object[maxRecords];
        int n = 0;
        long from = position;
        while (n < maxRecords && records.hasNext()) {
            chunk[n++] = records.next();
            position++;
        }
        if (n == 0) {
            return null;
        }
        // Ids are taken on the worker that scores the chunk, after preprocessing has the records in its cache.
        FrozenList<I> read = FrozenList.handOver(chunk, n);
        return new Chunk<>(new ChunkRange(Long.toString(from), Long.toString(position)), read, new RecordIds<>(read, idOf));
    }

    private void skipCommitted() {
        ChunkRange r;
        while ((r = committedByStart.get(Long.toString(position))) != null) {
            long to = Long.parseLong(r.to());
            while (position < to && records.hasNext()) {
                records.next();
                position++;
            }
            if (position < to) {
                return; // The source is shorter than before; nothing more to skip.
            }
        }
    }

    @Override
    public void close() throws Exception {
        if (resource != null) {
            resource.close();
        }
    }
}

package dev.modeldeploy.runtime.batch;

import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads records from an iterator (or a random-access list) in chunks whose positions are record
 * numbers, skipping chunks a previous attempt committed: committed ranges chain from position to
 * position, so the reader jumps over each one that starts where it stands. Shared by every source that
 * yields records in a stable order (iterables, files). Not thread-safe.
 */
final class NumberedReader<I> implements Source.Reader<I> {
    private final Iterator<? extends I> records;
    /** The records as a list with fast random access, read a chunk at a time; null to read {@link #records}. */
    private final List<? extends I> list;
    private final Function<? super I, ?> idOf;
    private final AutoCloseable resource;
    private final Map<String, ChunkRange> committedByStart = new HashMap<>();
    private long position;

    NumberedReader(Iterator<? extends I> records, Function<? super I, ?> idOf, Set<ChunkRange> committed, AutoCloseable resource) {
        this(records, null, idOf, committed, resource);
    }

    /** Reads a {@link RandomAccess} list by copying each chunk's slice at once instead of element by element. */
    NumberedReader(List<? extends I> list, Function<? super I, ?> idOf, Set<ChunkRange> committed) {
        this(null, list, idOf, committed, null);
    }

    private NumberedReader(Iterator<? extends I> records, List<? extends I> list, Function<? super I, ?> idOf, Set<ChunkRange> committed,
                           AutoCloseable resource) {
        this.records = records;
        this.list = list;
        this.idOf = idOf;
        this.resource = resource;
        for (ChunkRange r : committed) {
            committedByStart.put(r.from(), r);
        }
    }

    @Override
    public Chunk<I> next(int maxRecords) {
        skipCommitted();
        long from = position;
        Object[] chunk;
        int n;
        if (list != null) {
            int size = list.size(); // A list that shrank since the last chunk ends the reading where it now ends.
            chunk = list.subList((int) Math.min(position, size), (int) Math.min(size, position + maxRecords)).toArray();
            n = chunk.length;
            position += n;
        } else {
            chunk = new Object[maxRecords];
            n = 0;
            while (n < maxRecords && records.hasNext()) {
                chunk[n++] = records.next();
                position++;
            }
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
            if (list != null) {
                position = Math.min(to, list.size());
            } else {
                while (position < to && records.hasNext()) {
                    records.next();
                    position++;
                }
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

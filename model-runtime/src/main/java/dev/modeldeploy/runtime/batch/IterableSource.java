package dev.modeldeploy.runtime.batch;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * A source over an {@link Iterable}, for embedding: positions are record numbers, so a resumed run
 * skips committed chunks as long as the iterable yields the same records in the same order. Thread
 * safety follows the iterable's.
 *
 * @param <I> the record type
 */
public final class IterableSource<I> implements Source<I> {
    private final Iterable<? extends I> records;
    private final Function<? super I, ?> idOf;

    /**
     * @param records the records, in a stable order
     * @param idOf    each record's id (what sinks key predictions by)
     */
    public IterableSource(Iterable<? extends I> records, Function<? super I, ?> idOf) {
        this.records = Objects.requireNonNull(records, "records");
        this.idOf = Objects.requireNonNull(idOf, "idOf");
    }

    @Override
    public Reader<I> open(Set<ChunkRange> committed) {
        Map<String, ChunkRange> committedByStart = new HashMap<>();
        for (ChunkRange r : committed) {
            committedByStart.put(r.from(), r);
        }
        Iterator<? extends I> it = records.iterator();
        return new Reader<>() {
            private long position;

            @Override
            public Chunk<I> next(int maxRecords) {
                skipCommitted();
                List<I> chunk = new ArrayList<>(maxRecords);
                List<Object> ids = new ArrayList<>(maxRecords);
                long from = position;
                while (chunk.size() < maxRecords && it.hasNext()) {
                    I record = it.next();
                    chunk.add(record);
                    ids.add(idOf.apply(record));
                    position++;
                }
                return chunk.isEmpty() ? null : new Chunk<>(new ChunkRange(Long.toString(from), Long.toString(position)), chunk, ids);
            }

            // Committed chunks chain from position to position: jump over each, record by record.
            private void skipCommitted() {
                ChunkRange r;
                while ((r = committedByStart.get(Long.toString(position))) != null) {
                    long to = Long.parseLong(r.to());
                    while (position < to && it.hasNext()) {
                        it.next();
                        position++;
                    }
                    if (position < to) {
                        return;
                    }
                }
            }

            @Override
            public void close() {
                // Nothing held.
            }
        };
    }
}

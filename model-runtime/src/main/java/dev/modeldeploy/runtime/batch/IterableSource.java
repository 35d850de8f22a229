package dev.modeldeploy.runtime.batch;

import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.Set;
import java.util.function.Function;

/**
 * A source over an {@link Iterable}, for embedding: positions are record numbers, so a resumed run
 * skips committed chunks as long as the iterable yields the same records in the same order. A
 * {@link RandomAccess} list is read a chunk's slice at a time (skipping is free); any other iterable
 * through its iterator. Thread safety follows the iterable's.
 *
 * @param <I> the record type
 */
public final class IterableSource<I> implements Source<I> {
    private final Iterable<? extends I> records;
    private final Function<? super I, ?> idOf;

    /**
     * @param records the records, in a stable order
     * @param idOf    each record's id (what sinks key predictions by); called on the worker threads as they
     *                score, so it must be thread-safe, as a plain getter is
     */
    public IterableSource(Iterable<? extends I> records, Function<? super I, ?> idOf) {
        this.records = Objects.requireNonNull(records, "records");
        this.idOf = Objects.requireNonNull(idOf, "idOf");
    }

    @Override
    public Reader<I> open(Set<ChunkRange> committed) {
        if (records instanceof List<? extends I> list && records instanceof RandomAccess) {
            return new NumberedReader<>(list, idOf, committed);
        }
        return Sources.numbered(records.iterator(), idOf, committed, null);
    }
}

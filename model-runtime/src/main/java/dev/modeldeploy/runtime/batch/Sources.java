package dev.modeldeploy.runtime.batch;

import java.util.Iterator;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/** Building blocks for sources. */
public final class Sources {
    private Sources() {
    }

    /**
     * A reader over records in a stable order whose positions are record numbers, skipping the chunks
     * a previous attempt committed; {@code resource} (may be null) is closed with the reader. The reader
     * leaves each chunk's ids to be taken when the chunk is scored: {@code idOf} runs on the worker
     * threads and must be thread-safe (a plain getter is).
     */
    public static <I> Source.Reader<I> numbered(Iterator<? extends I> records, Function<? super I, ?> idOf,
                                                Set<ChunkRange> committed, AutoCloseable resource) {
        return new NumberedReader<>(Objects.requireNonNull(records, "records"), Objects.requireNonNull(idOf, "idOf"), committed, resource);
    }
}

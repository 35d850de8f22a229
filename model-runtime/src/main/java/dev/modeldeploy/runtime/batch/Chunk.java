package dev.modeldeploy.runtime.batch;

import java.util.List;
import java.util.Objects;

/**
 * A run of consecutive source records with their ids and position. Immutable once read.
 *
 * @param range   where the chunk lies in the source
 * @param records the raw records
 * @param ids     each record's id, in the same order (what sinks key predictions by); a source may
 *                compute them when asked, on a worker thread
 * @param <I>     the raw record type
 */
public record Chunk<I>(ChunkRange range, List<I> records, List<Object> ids) {
    public Chunk {
        Objects.requireNonNull(range, "range");
        // A reader's own lists are immutable already: copying them again was a tenth of a run's allocation.
        records = FrozenList.frozen(records);
        ids = ids instanceof RecordIds<?> ? ids : FrozenList.frozen(ids);
        if (records.size() != ids.size()) {
            throw new IllegalArgumentException("one id per record: " + records.size() + " records, " + ids.size() + " ids");
        }
    }

    /** Number of records. */
    public int size() {
        return records.size();
    }
}

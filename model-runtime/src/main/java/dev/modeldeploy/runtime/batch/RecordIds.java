package dev.modeldeploy.runtime.batch;

import java.util.AbstractList;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.function.Function;

/**
 * A chunk's ids, taken from its records when asked for. Reading hands records over without touching
 * them; who takes the ids depends on who has a core to spare: a reader thread reading ahead (it has a
 * core of its own), else the worker, a slice at a time as it preprocesses them, while the records are in
 * its cache ({@link ChunkScoring}). On an input of maps, looking up each id on a reader thread that
 * competed with two workers for two cores was a tenth of the run's CPU. Immutable if the records are;
 * thread-safe if the id function is.
 */
final class RecordIds<I> extends AbstractList<Object> implements RandomAccess {
    private final List<? extends I> records;
    private final Function<? super I, ?> idOf;

    RecordIds(List<? extends I> records, Function<? super I, ?> idOf) {
        this.records = records;
        this.idOf = idOf;
    }

    /** @throws NullPointerException if the record has no id */
    @Override
    public Object get(int index) {
        return Objects.requireNonNull(idOf.apply(records.get(index)), () -> "record " + index + " of the chunk has no id");
    }

    /** Every id, computed once, as an immutable list. */
    List<Object> resolve() {
        Object[] ids = new Object[size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = get(i);
        }
        return FrozenList.handOver(ids, ids.length);
    }

    @Override
    public int size() {
        return records.size();
    }
}

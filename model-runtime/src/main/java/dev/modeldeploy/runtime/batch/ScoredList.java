package dev.modeldeploy.runtime.batch;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * A chunk's predictions paired with their record ids, as an unmodifiable list whose {@link Scored}
 * elements are made when read. A sink that only counts or streams them never keeps a pair per record
 * (a {@code Scored} and its list slot were half of what a run allocated beyond the predictions);
 * elements are equal, not identical, from one read to the next. Immutable and thread-safe.
 */
final class ScoredList<O> extends AbstractList<Scored<O>> implements RandomAccess {
    private final List<Object> ids;
    private final List<O> predictions;

    /** @param ids immutable, as many as {@code predictions}, which the caller gives up */
    ScoredList(List<Object> ids, List<O> predictions) {
        this.ids = ids;
        this.predictions = predictions;
    }

    /** The predictions alone, in order. */
    List<O> predictions() {
        return predictions;
    }

    @Override
    public Scored<O> get(int index) {
        return new Scored<>(ids.get(index), predictions.get(index));
    }

    @Override
    public int size() {
        return ids.size();
    }
}

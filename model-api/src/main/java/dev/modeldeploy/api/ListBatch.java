package dev.modeldeploy.api;

import java.util.ArrayList;
import java.util.List;

/**
 * A batch backed by a list of per-record feature objects, for models whose features are not a dense
 * numeric vector (token lists, sparse maps). Not thread-safe.
 *
 * @param <F> the features of one record
 */
public final class ListBatch<F> implements FeatureBatch<F> {
    private final ArrayList<F> rows;

    public ListBatch(int capacity) {
        this.rows = new ArrayList<>(Math.max(capacity, 0));
    }

    @Override
    public int size() {
        return rows.size();
    }

    @Override
    public void add(F features) {
        rows.add(features);
    }

    @Override
    public F row(int index) {
        return rows.get(index);
    }

    /** The rows, as a read-only view. */
    public List<F> rows() {
        return java.util.Collections.unmodifiableList(rows);
    }

    @Override
    public void clear() {
        rows.clear();
    }
}

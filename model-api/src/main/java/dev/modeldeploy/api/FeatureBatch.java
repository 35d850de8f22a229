package dev.modeldeploy.api;

/**
 * The features of many records, held as one object so that the batch path allocates nothing per
 * row. {@link Model#preprocess(java.util.List, FeatureBatch)} fills it and
 * {@link Model#predictBatch(FeatureBatch)} reads it; reuse it across chunks with {@link #clear()}.
 *
 * <p>Dense numeric models use {@link DenseBatch} (one contiguous {@code float[]} of rows × columns);
 * other models may use {@link ListBatch}. Not thread-safe: one batch belongs to one thread at a time.
 *
 * @param <F> the features of one record
 */
public interface FeatureBatch<F> {
    /** Number of rows held. */
    int size();

    /** Appends one record's features. */
    void add(F features);

    /**
     * The features of one row. For dense batches this copies the row: use it for single-row work and
     * tests, not in loops.
     */
    F row(int index);

    /** Forgets every row, keeping the allocated storage for reuse. */
    void clear();
}

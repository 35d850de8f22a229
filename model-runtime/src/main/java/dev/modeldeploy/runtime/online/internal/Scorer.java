package dev.modeldeploy.runtime.online.internal;

import dev.modeldeploy.api.FeatureBatch;
import dev.modeldeploy.api.Model;

import java.util.List;

/**
 * A model and one feature batch that a dispatcher thread fills and scores again and again, so that a
 * micro-batch allocates no batch. Not thread-safe: one per dispatcher and model version.
 *
 * @param <I> the raw record
 * @param <F> the features of one record
 * @param <O> one prediction
 */
final class Scorer<I, F, O> {
    private final Model<I, F, O> model;
    private final FeatureBatch<F> batch;

    Scorer(Model<I, F, O> model, FeatureBatch<F> batch) {
        this.model = model;
        this.batch = batch;
    }

    /** Empties the batch and preprocesses {@code records} into it. */
    void load(List<? extends I> records) {
        batch.clear();
        model.preprocess(records, batch);
    }

    /** Rows in the batch. */
    int rows() {
        return batch.size();
    }

    /** Scores the batch. */
    List<O> predict() {
        List<O> out = model.predictBatch(batch);
        if (out.size() != batch.size()) {
            throw new IllegalStateException("model " + model.info() + " returned " + out.size() + " predictions for "
                    + batch.size() + " rows");
        }
        return out;
    }

    /** Checks that one record preprocesses, to find the culprit when a whole batch would not. */
    void check(I record) {
        model.preprocess(record);
    }

    /** Forgets the rows (and references to the last requests' features). */
    void clear() {
        batch.clear();
    }
}

package dev.modeldeploy.runtime.online.internal;

import dev.modeldeploy.api.FeatureBatch;
import dev.modeldeploy.api.Model;
import dev.modeldeploy.api.ModelInfo;
import dev.modeldeploy.runtime.online.PredictorListener;

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
    private final PredictorListener timer;
    private final ModelInfo info;

    /** @param timer hears the preprocess and inference times; null when nobody wants them */
    Scorer(Model<I, F, O> model, FeatureBatch<F> batch, PredictorListener timer, ModelInfo info) {
        this.model = model;
        this.batch = batch;
        this.timer = timer;
        this.info = info;
    }

    /** Empties the batch and preprocesses {@code records} into it. */
    void load(List<? extends I> records) {
        long start = timer == null ? 0 : System.nanoTime();
        batch.clear();
        model.preprocess(records, batch);
        if (timer != null) {
            timer.onStage(PredictorListener.Stage.PREPROCESS, info, System.nanoTime() - start, records.size());
        }
    }

    /**
     * Empties the batch and adds features the model's {@code preprocess} made for this model (see
     * {@link Pending#featuresFor}); their preprocessing was timed where it ran.
     */
    @SuppressWarnings("unchecked") // features of this model are its F
    void loadFeatures(List<Object> features) {
        batch.clear();
        for (Object f : features) {
            batch.add((F) f);
        }
    }

    /** Rows in the batch. */
    int rows() {
        return batch.size();
    }

    /** Scores the batch. */
    List<O> predict() {
        long start = timer == null ? 0 : System.nanoTime();
        List<O> out = model.predictBatch(batch);
        if (timer != null) {
            timer.onStage(PredictorListener.Stage.INFERENCE, info, System.nanoTime() - start, batch.size());
        }
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

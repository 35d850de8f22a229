package dev.modeldeploy.runtime.online.internal;

import dev.modeldeploy.api.FeatureBatch;
import dev.modeldeploy.api.Model;
import dev.modeldeploy.api.ModelInfo;
import dev.modeldeploy.runtime.online.Prediction;
import dev.modeldeploy.runtime.online.PredictorListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One model version in service, reference counted so that it is closed only after its last request:
 * the predictor's slot (current or previous) holds one reference, and every request or micro-batch
 * holds one while it runs. When the count reaches zero the model is closed, and it can never be
 * acquired again. Thread-safe.
 *
 * @param <I> the raw record
 * @param <O> one prediction
 */
final class ModelHandle<I, O> {
    private static final Logger LOG = LoggerFactory.getLogger(ModelHandle.class);

    private final Model<I, ?, O> model;
    private final ModelInfo info;
    private final String name;
    private final int version;
    private final AtomicInteger references = new AtomicInteger(1);
    private final PredictorListener observer;
    /** Whether the observer wants stage timings: the clock is read only then. */
    private final boolean timing;

    /**
     * A handle holding the slot's reference.
     *
     * @param observer hears every prediction ({@link PredictorListener#onPrediction}); null for none
     */
    ModelHandle(Model<I, ?, O> model, PredictorListener observer) {
        this.model = model;
        this.observer = observer;
        this.timing = observer != null && observer.timesStages();
        this.info = model.info();
        this.name = info.name();
        this.version = info.version();
    }

    Model<I, ?, O> model() {
        return model;
    }

    ModelInfo info() {
        return info;
    }

    String name() {
        return name;
    }

    /** {@code name/version}, for messages. */
    String label() {
        return name + "/" + version;
    }

    /** Takes a reference unless the model was already closed. */
    boolean tryAcquire() {
        for (;;) {
            int n = references.get();
            if (n == 0) {
                return false;
            }
            if (references.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /** Gives a reference back; the last one closes the model. */
    void release() {
        int n = references.decrementAndGet();
        if (n <= 0) {
            lastReleased(n);
        }
    }

    /** Kept out of {@link #release()}, which sits on every request's path. */
    private void lastReleased(int n) {
        if (n < 0) {
            throw new IllegalStateException("model " + label() + " released more often than acquired");
        }
        try {
            model.close();
            LOG.debug("closed model {} after its last request", label());
        } catch (RuntimeException e) {
            LOG.warn("closing model {} failed", label(), e);
        }
    }

    /** An answer computed by this version. */
    <R> Prediction<R> answer(R value) {
        return new Prediction<>(value, name, version, false);
    }

    /** A fallback answer computed by this version. */
    <R> Prediction<R> fallbackAnswer(R value) {
        return new Prediction<>(value, name, version, true);
    }

    /** Preprocesses one (already enriched) record, timed as a stage of one record when the observer wants timings. */
    Object preprocess(I record) {
        if (!timing) {
            return model.preprocess(record);
        }
        long start = System.nanoTime();
        Object features = model.preprocess(record);
        observer.onStage(PredictorListener.Stage.PREPROCESS, info, System.nanoTime() - start, 1);
        return features;
    }

    /** Scores one (already enriched) record. */
    O predictRecord(I record) {
        O out = timing ? timedPredict(model, record) : model.predictRecord(record);
        if (observer != null) {
            observer.onPrediction(info, record, out);
        }
        return out;
    }

    /** Scores (already enriched) records through the model's batch path. */
    List<O> predictRecords(List<? extends I> records) {
        List<O> out = timing ? timedPredictAll(model, records) : model.predictRecords(records);
        observed(records, out);
        return out;
    }

    /** Tells the observer about predictions this version made through a {@link Scorer}. */
    void observed(List<? extends I> records, List<O> predictions) {
        if (observer != null) {
            for (int i = 0; i < predictions.size(); i++) {
                observer.onPrediction(info, records.get(i), predictions.get(i));
            }
        }
    }

    private <F> O timedPredict(Model<I, F, O> m, I record) {
        long start = System.nanoTime();
        F features = m.preprocess(record);
        long preprocessed = System.nanoTime();
        O out = m.predict(features);
        long predicted = System.nanoTime();
        observer.onStage(PredictorListener.Stage.PREPROCESS, info, preprocessed - start, 1);
        observer.onStage(PredictorListener.Stage.INFERENCE, info, predicted - preprocessed, 1);
        return out;
    }

    private <F> List<O> timedPredictAll(Model<I, F, O> m, List<? extends I> records) {
        long start = System.nanoTime();
        FeatureBatch<F> batch = m.newBatch(records.size());
        m.preprocess(records, batch);
        long preprocessed = System.nanoTime();
        List<O> out = m.predictBatch(batch);
        long predicted = System.nanoTime();
        observer.onStage(PredictorListener.Stage.PREPROCESS, info, preprocessed - start, records.size());
        observer.onStage(PredictorListener.Stage.INFERENCE, info, predicted - preprocessed, records.size());
        return out;
    }

    /** A scorer with its own reusable feature batch, for one dispatcher thread. */
    Scorer<I, ?, O> newScorer(int capacity) {
        return scorer(model, capacity, timing ? observer : null, info);
    }

    private static <I, F, O> Scorer<I, F, O> scorer(Model<I, F, O> model, int capacity, PredictorListener timer, ModelInfo info) {
        FeatureBatch<F> batch = model.newBatch(capacity);
        return new Scorer<>(model, batch, timer, info);
    }
}

package dev.modeldeploy.runtime.online;

import dev.modeldeploy.api.ModelInfo;

/**
 * Hears what an {@link OnlinePredictor} does, for metrics and logs ({@link PredictorMetrics} counts it
 * all with Micrometer). Called on request threads, dispatcher threads and the deadline timer, so
 * implementations must be thread-safe and quick: they sit on the request path. A listener that
 * throws is logged and ignored; it never fails a request.
 */
public interface PredictorListener {
    /** The stages of a request that {@link #onStage} times. */
    enum Stage {
        /** Looking the request's features up ({@link RequestEnricher}). */
        FEATURE_LOOKUP,
        /** Turning records into features ({@code Model.preprocess}). */
        PREPROCESS,
        /** Scoring features ({@code Model.predict} / {@code predictBatch}). */
        INFERENCE,
        /** The whole request, from the call (or its arrival in the queue) to its answer. */
        TOTAL
    }

    /** A listener that does nothing. */
    static PredictorListener none() {
        return NoListener.INSTANCE;
    }

    /**
     * One listener that tells each of {@code listeners} in turn (metrics and a drift monitor, say); one
     * that throws does not keep the others from hearing.
     */
    static PredictorListener all(PredictorListener... listeners) {
        return new AllListeners(java.util.List.of(listeners));
    }

    /** The predictor starts serving {@code model} (before its first request): a place to set meters up. */
    default void onStart(ModelInfo model) {
    }

    /** A request was accepted; {@code records} is 1, or the size of a {@code predictAll} request. */
    default void onRequest(int records) {
    }

    /** One {@code predictBatch} call of the micro-batcher: how many requests and records it held. */
    default void onBatch(int requests, int records) {
    }

    /** A request's deadline passed before the model answered (its fallback, if any, follows). */
    default void onTimeout() {
    }

    /** A request got the configured {@link Fallback} answer. */
    default void onFallback() {
    }

    /** A request was refused with {@link OverloadedException}. */
    default void onOverload() {
    }

    /** A request failed (an invalid record, a failing model or enricher); timeouts and overloads are not counted here. */
    default void onFailure(Throwable error) {
    }

    /**
     * A record was scored: the model version that scored it, the (enriched) input record and its
     * prediction; once per record, on the thread that scored it, also for micro-batches and
     * {@code predictAll}. This is where a drift monitor counts
     * ({@link dev.modeldeploy.runtime.monitor.DriftMonitor#predictorListener()}); it sits on the request
     * path, so keep it to a few counter increments.
     */
    default void onPrediction(ModelInfo model, Object record, Object prediction) {
    }

    /**
     * Whether this listener wants {@link #onStage} timings; the predictor reads the clock around each
     * stage only if so, so that a predictor without metrics pays nothing for them.
     */
    default boolean timesStages() {
        return false;
    }

    /**
     * Time spent in one stage of a request or micro-batch (called only when {@link #timesStages()}).
     *
     * @param stage   the stage
     * @param model   the model version in service (for a feature lookup: the one in service when it ran)
     * @param nanos   the time spent
     * @param records the records the stage handled at once (1, or the size of a batch)
     */
    default void onStage(Stage stage, ModelInfo model, long nanos, int records) {
    }

    /** The model in service changed ({@code swap}, {@code swapTo} or {@code rollback}). */
    default void onSwap(ModelInfo from, ModelInfo to) {
    }
}

/** The listener that does nothing. */
enum NoListener implements PredictorListener {
    INSTANCE
}

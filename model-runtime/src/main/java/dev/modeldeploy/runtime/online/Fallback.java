package dev.modeldeploy.runtime.online;

import java.util.Objects;

/**
 * What an {@link OnlinePredictor} answers when a request's deadline passes before the model answers:
 * nothing (the caller gets a {@link PredictionTimeoutException}), a default answer, or the answer of
 * the previous model version, which the predictor keeps loaded after a swap. A fallback answer has
 * {@link Prediction#fallback()} set. Immutable and thread-safe.
 *
 * <p>The previous version runs after the deadline has passed, on the caller's thread for
 * {@code predict} and on the predictor's async workers for {@code predictAsync}; with a
 * {@link RequestEnricher}, the request is enriched again for it. When there is no previous version
 * (nothing was swapped yet), the caller gets the timeout error.
 *
 * @param <O> the prediction type
 */
public sealed interface Fallback<O> permits Fallback.None, Fallback.Value, Fallback.PreviousVersion {

    /** No fallback: a late request fails with {@link PredictionTimeoutException} (the default). */
    static <O> Fallback<O> none() {
        return new None<>();
    }

    /** A default answer, one per record; its {@link Prediction#version()} is 0. */
    static <O> Fallback<O> value(O answer) {
        return new Value<>(answer);
    }

    /** The answer of the previous model version, if one is loaded. */
    static <O> Fallback<O> previousVersion() {
        return new PreviousVersion<>();
    }

    /** See {@link #none()}. */
    record None<O>() implements Fallback<O> {
    }

    /**
     * See {@link #value(Object)}.
     *
     * @param answer the default answer
     */
    record Value<O>(O answer) implements Fallback<O> {
        public Value {
            Objects.requireNonNull(answer, "answer");
        }
    }

    /** See {@link #previousVersion()}. */
    record PreviousVersion<O>() implements Fallback<O> {
    }
}

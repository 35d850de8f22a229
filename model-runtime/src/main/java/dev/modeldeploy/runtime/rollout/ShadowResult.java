package dev.modeldeploy.runtime.rollout;

import dev.modeldeploy.runtime.online.Prediction;

import java.util.Objects;
import java.util.Optional;

/**
 * What a shadow variant answered for a request that another variant served, for comparison: the
 * answer the caller got, and the shadow's answer or error. Immutable.
 *
 * @param unit    the request's unit key
 * @param served  the answer the caller got
 * @param variant the shadow variant
 * @param answer  the shadow's answer, or null if it failed
 * @param error   what the shadow threw, or null if it answered
 * @param <O>     the prediction type
 */
public record ShadowResult<O>(String unit, RoutedPrediction<O> served, String variant, Prediction<O> answer,
                              Throwable error) {
    public ShadowResult {
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(served, "served");
        Objects.requireNonNull(variant, "variant");
        if ((answer == null) == (error == null)) {
            throw new IllegalArgumentException("a shadow result holds an answer or an error");
        }
    }

    /** The shadow's answer, if it gave one. */
    public Optional<Prediction<O>> shadowAnswer() {
        return Optional.ofNullable(answer);
    }

    /** Whether the shadow failed. */
    public boolean failed() {
        return error != null;
    }
}

package dev.modeldeploy.runtime.rollout;

import dev.modeldeploy.runtime.online.Prediction;

import java.util.Objects;

/**
 * One request served by a candidate variant, as a {@link RolloutGuard} sees it: who served it, how
 * long it took, and the answer or the error. Immutable.
 *
 * @param deployment   the deployment's name
 * @param variant      the candidate that served the request
 * @param request      the raw request
 * @param answer       the answer, or null if the variant failed
 * @param error        what the variant threw, or null
 * @param latencyNanos time the variant took, from the call to the answer or error
 * @param <I>          the request type
 * @param <O>          the prediction type
 */
public record Outcome<I, O>(String deployment, String variant, I request, Prediction<O> answer, Throwable error,
                            long latencyNanos) {
    public Outcome {
        Objects.requireNonNull(deployment, "deployment");
        Objects.requireNonNull(variant, "variant");
    }

    /** Whether the variant failed. */
    public boolean failed() {
        return error != null;
    }
}

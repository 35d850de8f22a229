package dev.modeldeploy.runtime.online;

import dev.modeldeploy.api.error.ModelException;

import java.time.Duration;

/**
 * A request's deadline passed before the model answered, and no {@link Fallback} was configured (or
 * the fallback could not answer either). Retrying at once rarely helps: the predictor is slow or
 * busy.
 */
public class PredictionTimeoutException extends ModelException {
    private final Duration deadline;

    /**
     * @param model    the model in service, {@code name/version}
     * @param deadline the deadline that passed
     */
    public PredictionTimeoutException(String model, Duration deadline) {
        super("no answer from model " + model + " within the deadline of " + Durations.format(deadline));
        this.deadline = deadline;
    }

    /** The deadline that passed. */
    public Duration deadline() {
        return deadline;
    }
}

package dev.modeldeploy.runtime.rollout.log;

import java.time.Instant;
import java.util.Objects;

/**
 * One routed request, as the {@link AssignmentLog} records it so that outcomes can be joined to
 * assignments later (by unit key and time). Immutable.
 *
 * @param time       when the answer was given
 * @param unit       the request's unit key
 * @param experiment the experiment in force (the salt of the unit hash)
 * @param variant    the variant that served it
 * @param model      the model name
 * @param version    the model version
 * @param prediction the predicted value (written as JSON)
 */
public record Assignment(Instant time, String unit, String experiment, String variant, String model, int version,
                         Object prediction) {
    public Assignment {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(experiment, "experiment");
        Objects.requireNonNull(variant, "variant");
        Objects.requireNonNull(model, "model");
    }
}

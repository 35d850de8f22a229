package dev.modeldeploy.runtime.online;

import java.util.Objects;

/**
 * One answer of an {@link OnlinePredictor}: the value and the model version that computed it, so a
 * service can log, compare or route answers by version (a canary, a rollback). An answer is always
 * computed entirely by one version, even while the predictor swaps models.
 *
 * <p>Immutable; thread-safe if the value is.
 *
 * @param value    the prediction; for {@link OnlinePredictor#predictAll} the list of predictions, in
 *                 the order of the request's records
 * @param model    the name of the model that computed it
 * @param version  that model's version (0 for a model that was never published, and for a
 *                 {@linkplain Fallback#value default answer}, which no model computed)
 * @param fallback whether the answer is the configured {@link Fallback}, given because the deadline
 *                 passed
 * @param <O>      the prediction type
 */
public record Prediction<O>(O value, String model, int version, boolean fallback) {
    public Prediction {
        Objects.requireNonNull(model, "model");
    }

    /** {@code name/version}, as in logs. */
    public String modelVersion() {
        return model + "/" + version;
    }
}

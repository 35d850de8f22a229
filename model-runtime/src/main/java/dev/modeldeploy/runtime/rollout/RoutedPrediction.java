package dev.modeldeploy.runtime.rollout;

import dev.modeldeploy.runtime.online.Prediction;

import java.util.Objects;

/**
 * The answer of a {@link Deployment}: the prediction, the variant that served it and the experiment
 * and unit it was routed by, so a service can log or return which model answered. Immutable.
 *
 * @param prediction the variant's answer, with the model name and version that computed it
 * @param variant    the name of the variant that served the request
 * @param experiment the experiment (routing salt) in force, or the deployment's name when only one variant serves
 * @param unit       the request's unit key
 * @param <O>        the prediction type
 */
public record RoutedPrediction<O>(Prediction<O> prediction, String variant, String experiment, String unit) {
    public RoutedPrediction {
        Objects.requireNonNull(prediction, "prediction");
        Objects.requireNonNull(variant, "variant");
        Objects.requireNonNull(experiment, "experiment");
        Objects.requireNonNull(unit, "unit");
    }

    /** The predicted value. */
    public O value() {
        return prediction.value();
    }

    /** The version of the model that computed it. */
    public int version() {
        return prediction.version();
    }

    /** {@code name/version} of the model that computed it. */
    public String modelVersion() {
        return prediction.modelVersion();
    }
}

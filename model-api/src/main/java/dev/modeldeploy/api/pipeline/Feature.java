package dev.modeldeploy.api.pipeline;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.modeldeploy.api.error.FeatureSpecException;

import java.util.List;
import dev.modeldeploy.api.internal.Required;

/**
 * One feature (or, for a one-hot encoding, one group of columns) of the vector a pipeline makes: the
 * input it reads and the chain of transforms applied in order. Immutable.
 *
 * <pre>{@code
 * {"name": "visits_log", "input": "visits", "transforms": [
 *     {"type": "impute", "value": 0},
 *     {"type": "log1p"},
 *     {"type": "standardize", "mean": 1.2, "std": 0.7}]}
 * }</pre>
 *
 * @param name       the feature's name (for a one-hot group, the prefix of its columns' names); the
 *                   input's name when left out
 * @param input      the name of the {@link InputField} it reads
 * @param transforms the steps, in order; none is a pass-through of a numeric or boolean input
 */
@JsonPropertyOrder({"name", "input", "transforms"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Feature(String name, @Required String input, List<Transform> transforms) {
    public Feature {
        if (input == null || input.isBlank()) {
            throw new FeatureSpecException("", "a feature needs a non-blank 'input'");
        }
        if (name != null && name.isBlank()) {
            throw new FeatureSpecException("", "feature of input '" + input + "' has a blank 'name'");
        }
        if (transforms == null) {
            transforms = List.of();
        }
        for (Transform t : transforms) {
            if (t == null) {
                throw new FeatureSpecException("", "feature of input '" + input + "' has a null transform");
            }
        }
        transforms = List.copyOf(transforms);
    }

    /** A feature named after its input. */
    public static Feature of(String input, Transform... transforms) {
        return new Feature(null, input, List.of(transforms));
    }

    /** A feature with its own name (needed when several features read one input). */
    public static Feature named(String name, String input, Transform... transforms) {
        return new Feature(name, input, List.of(transforms));
    }

    /** The name used for this feature's column(s): {@link #name()}, or the input's name. */
    @JsonIgnore
    public String outputName() {
        return name != null ? name : input;
    }
}

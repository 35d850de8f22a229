package dev.modeldeploy.api;

import java.util.Objects;

/**
 * The runtime classes of a model's raw input, features and output, so that a model loaded from a
 * store (whose generic types are erased) can be checked against what the caller expects.
 *
 * @param input    class of one raw record {@code I}
 * @param features class of one record's features {@code F}
 * @param output   class of one prediction {@code O}
 */
public record ModelTypes(Class<?> input, Class<?> features, Class<?> output) {
    public ModelTypes {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(output, "output");
    }

    /** The types of a model. */
    public static ModelTypes of(Class<?> input, Class<?> features, Class<?> output) {
        return new ModelTypes(input, features, output);
    }
}

package dev.modeldeploy.api.pipeline;

/**
 * What a categorical encoding does with a value outside its vocabulary (or a missing value, which
 * counts as unknown: add an impute-like default upstream if missing values must map to a category).
 */
public enum UnknownPolicy {
    /** Reject the record with a {@link dev.modeldeploy.api.error.SchemaViolationException} naming the value. */
    ERROR,
    /**
     * Encode nothing: all zeros for {@link Transform.OneHot}; a missing number (NaN) for
     * {@link Transform.Ordinal}, which a following {@link Transform.Impute} may replace (as scikit-learn's
     * {@code OrdinalEncoder(handle_unknown="use_encoded_value", unknown_value=...)}).
     */
    IGNORE,
    /**
     * Map to a dedicated bucket after the vocabulary: one extra one-hot column (named
     * {@code <feature>=<other>}), or ordinal index {@code vocabulary.size()}.
     */
    OTHER
}

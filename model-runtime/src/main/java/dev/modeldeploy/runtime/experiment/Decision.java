package dev.modeldeploy.runtime.experiment;

/** The outcome of one arm's comparison with the control arm. */
public enum Decision {
    /** Significantly better than control (in the configured direction). */
    BETTER,
    /** Significantly worse than control. */
    WORSE,
    /** Enough data, but no significant difference. */
    NO_SIGNIFICANT_DIFFERENCE,
    /** The samples are too small for the test to be trusted (see {@link ExperimentAnalysis}). */
    TOO_SMALL_TO_DECIDE
}

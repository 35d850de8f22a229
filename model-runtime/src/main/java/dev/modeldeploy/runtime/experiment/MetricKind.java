package dev.modeldeploy.runtime.experiment;

/** What an experiment's outcome value means, which decides the interval and the test. */
public enum MetricKind {
    /** Outcomes are 0 or 1 (converted or not): Wilson score intervals, pooled two-proportion z-test. */
    CONVERSION,
    /** Outcomes are any real numbers (revenue, minutes): t-intervals, Welch's t-test. */
    MEAN
}

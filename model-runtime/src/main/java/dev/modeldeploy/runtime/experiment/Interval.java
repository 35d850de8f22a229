package dev.modeldeploy.runtime.experiment;

/**
 * A two-sided confidence interval. Immutable.
 *
 * @param lower the lower bound
 * @param upper the upper bound
 * @param level the confidence level, e.g. 0.95
 */
public record Interval(double lower, double upper, double level) {
    /** Whether {@code value} lies within the bounds (inclusive). */
    public boolean contains(double value) {
        return value >= lower && value <= upper;
    }
}

package dev.modeldeploy.runtime.experiment;

/**
 * One arm's estimate. Immutable.
 *
 * @param arm               the arm (variant) name
 * @param count             how many outcomes it had
 * @param mean              the mean outcome: the conversion rate for {@link MetricKind#CONVERSION}
 * @param standardDeviation the sample standard deviation (divisor {@code n - 1}); NaN below two outcomes
 * @param interval          the confidence interval of the mean: Wilson score interval for a conversion rate,
 *                          Student's t-interval for a mean (NaN bounds below two outcomes)
 */
public record ArmResult(String arm, long count, double mean, double standardDeviation, Interval interval) {
}

package dev.modeldeploy.runtime.experiment;

import java.util.List;

/**
 * One arm against the control arm. Immutable.
 *
 * @param arm                     the compared arm
 * @param control                 the control arm
 * @param test                    the test used: {@code "two-proportion z-test (pooled)"} or {@code "Welch's t-test"}
 * @param difference              arm mean minus control mean (for conversions: in proportion units, 0.022 = 2.2 points)
 * @param differenceInterval      the confidence interval of the difference (unpooled standard error; Welch's
 *                                degrees of freedom for means), at the analysis' level, not adjusted
 * @param statistic               the test statistic (z or t)
 * @param degreesOfFreedom        the Welch–Satterthwaite degrees of freedom; NaN for the z-test
 * @param pValue                  the two-sided p-value as the test gives it
 * @param adjustedPValue          the Bonferroni-adjusted p-value ({@code min(1, p × comparisons)}), which the
 *                                decision uses; equal to {@code pValue} with a single comparison
 * @param minimumDetectableEffect the smallest absolute difference these sample sizes detect with 80 % power at
 *                                the analysis' level (two-sided), from the unpooled standard error
 * @param decision                the decision
 * @param verdict                 the decision as one plain sentence
 * @param warnings                why the samples are too small to decide, if they are; empty otherwise
 */
public record Comparison(String arm, String control, String test, double difference, Interval differenceInterval,
                         double statistic, double degreesOfFreedom, double pValue, double adjustedPValue,
                         double minimumDetectableEffect, Decision decision, String verdict, List<String> warnings) {
    public Comparison {
        warnings = List.copyOf(warnings);
    }
}

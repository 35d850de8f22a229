package dev.modeldeploy.runtime.experiment;

import org.junit.jupiter.api.Test;

import java.util.stream.DoubleStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The statistics against values computed independently: the textbook formulas written out here on small
 * fixed data, and published examples (Newcombe 1998 for Wilson intervals; the Welch example of Wikipedia's
 * "Welch's t-test" article, whose figures scipy.stats.ttest_ind(equal_var=False) reproduces).
 */
class ExperimentStatisticsTest {
    /** The 97.5 % quantile of the standard normal distribution. */
    private static final double Z_975 = 1.959963984540054;

    static ExperimentAnalysis conversions(String arm, long successes, long n, ExperimentAnalysis into) {
        for (long i = 0; i < n; i++) {
            into.add(arm, i < successes ? 1 : 0);
        }
        return into;
    }

    @Test
    void wilsonIntervalsMatchNewcombesTable() {
        // Newcombe (1998), Statistics in Medicine 17:857-872, table I, method 3: 81/263 -> 0.2553-0.3662, 15/148 -> 0.0624-0.1605
        ExperimentResult r = conversions("b", 15, 148, conversions("a", 81, 263, ExperimentAnalysis.conversion("a"))).result();
        assertThat(r.arm("a").orElseThrow().interval().lower()).isCloseTo(0.2553, within(5e-5));
        assertThat(r.arm("a").orElseThrow().interval().upper()).isCloseTo(0.3662, within(5e-5));
        assertThat(r.arm("b").orElseThrow().interval().lower()).isCloseTo(0.0624, within(5e-5));
        assertThat(r.arm("b").orElseThrow().interval().upper()).isCloseTo(0.1605, within(5e-5));
    }

    @Test
    void wilsonIntervalMatchesTheFormulaAtAnotherLevel() {
        int x = 7;
        int n = 40;
        double z = 1.6448536269514722; // 95 % quantile: a 90 % two-sided interval
        double p = (double) x / n;
        double center = (p + z * z / (2 * n)) / (1 + z * z / n);
        double half = z / (1 + z * z / n) * Math.sqrt(p * (1 - p) / n + z * z / (4.0 * n * n));
        ArmResult arm = conversions("a", x, n, ExperimentAnalysis.builder(MetricKind.CONVERSION, "a").level(0.90).build())
                .result().arms().get(0);
        assertThat(arm.count()).isEqualTo(n);
        assertThat(arm.mean()).isEqualTo(p);
        assertThat(arm.standardDeviation()).isCloseTo(Math.sqrt(p * (1 - p) * n / (n - 1)), within(1e-12));
        assertThat(arm.interval().lower()).isCloseTo(center - half, within(1e-12));
        assertThat(arm.interval().upper()).isCloseTo(center + half, within(1e-12));
        assertThat(arm.interval().level()).isEqualTo(0.90);
    }

    @Test
    void pooledZTestMatchesTheFormula() {
        long x1 = 123, n1 = 1000, x2 = 101, n2 = 1000;
        ExperimentResult r = conversions("v2", x1, n1, conversions("v1", x2, n2, ExperimentAnalysis.conversion("v1"))).result();
        Comparison c = r.comparison("v2").orElseThrow();
        double p1 = (double) x1 / n1;
        double p2 = (double) x2 / n2;
        double pooled = (double) (x1 + x2) / (n1 + n2);
        double z = (p1 - p2) / Math.sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2));
        assertThat(c.test()).isEqualTo("two-proportion z-test (pooled)");
        assertThat(c.statistic()).isCloseTo(z, within(1e-12)).isCloseTo(1.5599, within(1e-4));
        // two-sided p = erfc(|z| / sqrt 2); erfc(1.5599 / 1.4142) from tables: 0.11879
        assertThat(c.pValue()).isCloseTo(0.118787, within(1e-6));
        assertThat(c.adjustedPValue()).isEqualTo(c.pValue());
        assertThat(c.degreesOfFreedom()).isNaN();
        double se = Math.sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2);
        assertThat(c.difference()).isCloseTo(0.022, within(1e-12));
        assertThat(c.differenceInterval().lower()).isCloseTo(0.022 - Z_975 * se, within(1e-12));
        assertThat(c.differenceInterval().upper()).isCloseTo(0.022 + Z_975 * se, within(1e-12));
        assertThat(c.minimumDetectableEffect()).isCloseTo((Z_975 + 0.8416212335729143) * se, within(1e-12));
    }

    @Test
    void welchTestMatchesTheFormulaAndWikipediasExample() {
        double[] a1 = {27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4};
        double[] a2 = {27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4};
        ExperimentAnalysis analysis = ExperimentAnalysis.builder(MetricKind.MEAN, "v1").minPerArm(10).build();
        DoubleStream.of(a1).forEach(v -> analysis.add("v1", v));
        DoubleStream.of(a2).forEach(v -> analysis.add("v2", v));
        ExperimentResult r = analysis.result();

        double m1 = DoubleStream.of(a1).average().orElseThrow();
        double m2 = DoubleStream.of(a2).average().orElseThrow();
        double v1 = DoubleStream.of(a1).map(x -> (x - m1) * (x - m1)).sum() / (a1.length - 1);
        double v2 = DoubleStream.of(a2).map(x -> (x - m2) * (x - m2)).sum() / (a2.length - 1);
        double se2 = v1 / a1.length + v2 / a2.length;
        double t = (m2 - m1) / Math.sqrt(se2);
        double df = se2 * se2 / ((v1 / a1.length) * (v1 / a1.length) / (a1.length - 1)
                + (v2 / a2.length) * (v2 / a2.length) / (a2.length - 1));

        Comparison c = r.comparison("v2").orElseThrow();
        assertThat(c.test()).isEqualTo("Welch's t-test");
        assertThat(c.statistic()).isCloseTo(t, within(1e-10)).isCloseTo(2.455356, within(1e-6));
        assertThat(c.degreesOfFreedom()).isCloseTo(df, within(1e-10)).isCloseTo(24.98853, within(1e-5));
        assertThat(c.pValue()).isCloseTo(0.021378, within(1e-6));
        assertThat(c.difference()).isCloseTo(m2 - m1, within(1e-12));
        // t(0.975, 24.9885) from scipy: 2.0595...; interval 0.34924 .. 3.98410
        assertThat(c.differenceInterval().lower()).isCloseTo(0.349237, within(1e-5));
        assertThat(c.differenceInterval().upper()).isCloseTo(3.984096, within(1e-5));

        ArmResult arm1 = r.arm("v1").orElseThrow();
        assertThat(arm1.mean()).isCloseTo(m1, within(1e-12));
        assertThat(arm1.standardDeviation()).isCloseTo(Math.sqrt(v1), within(1e-12));
        // t(0.975, 14) = 2.144786688: the mean's interval
        double half = 2.1447866879169273 * Math.sqrt(v1) / Math.sqrt(a1.length);
        assertThat(arm1.interval().lower()).isCloseTo(m1 - half, within(1e-9));
        assertThat(arm1.interval().upper()).isCloseTo(m1 + half, within(1e-9));
    }

    @Test
    void severalArmsAreEachComparedWithControlWithBonferroniAdjustedDecisions() {
        ExperimentAnalysis analysis = ExperimentAnalysis.conversion("v1");
        conversions("v1", 100, 1000, analysis);
        conversions("v2", 130, 1000, analysis);
        conversions("v3", 60, 1000, analysis);
        ExperimentResult r = analysis.result();
        assertThat(r.arms()).extracting(ArmResult::arm).containsExactly("v1", "v2", "v3");
        assertThat(r.comparisons()).extracting(Comparison::arm).containsExactly("v2", "v3");
        Comparison v2 = r.comparison("v2").orElseThrow();
        // alone it would pass at 5 % (p = 0.0355); against two comparisons it does not
        assertThat(v2.pValue()).isCloseTo(0.035488, within(1e-6));
        assertThat(v2.adjustedPValue()).isCloseTo(2 * v2.pValue(), within(1e-15));
        assertThat(v2.decision()).isEqualTo(Decision.NO_SIGNIFICANT_DIFFERENCE);
        Comparison v3 = r.comparison("v3").orElseThrow();
        assertThat(v3.adjustedPValue()).isEqualTo(2 * v3.pValue()).isLessThan(0.05);
        assertThat(v3.decision()).isEqualTo(Decision.WORSE);
        assertThat(r.verdict()).endsWith("(2 arms compared with v1: p-values are Bonferroni-adjusted, multiplied by 2)");
        assertThat(v2.verdict()).contains("adjusted p = 0.071 (unadjusted p = 0.035)");
    }
}

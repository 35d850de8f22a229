package dev.modeldeploy.runtime.experiment;

import org.junit.jupiter.api.Test;

import java.util.stream.DoubleStream;

import static dev.modeldeploy.runtime.experiment.ExperimentStatisticsTest.conversions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The plain verdicts and the rule that says when samples are too small to decide. */
class VerdictTest {

    private static Comparison conversion(long x2, long n2, long x1, long n1) {
        ExperimentAnalysis a = ExperimentAnalysis.conversion("v1");
        conversions("v1", x1, n1, a);
        conversions("v2", x2, n2, a);
        return a.result().comparison("v2").orElseThrow();
    }

    @Test
    void aSignificantlyHigherRateConvertsBetter() {
        // z = 4.93, p = 8.1e-7; difference interval 0.01326 .. 0.03074 (unpooled standard error)
        Comparison c = conversion(1230, 10_000, 1010, 10_000);
        assertThat(c.decision()).isEqualTo(Decision.BETTER);
        assertThat(c.verdict()).isEqualTo("v2 converts better than v1: 12.3 % vs 10.1 % (+2.2 points, 95 % CI +1.3 to +3.1), p < 0.001");
        assertThat(c.warnings()).isEmpty();
    }

    @Test
    void aSignificantlyLowerRateConvertsWorse() {
        Comparison c = conversion(1010, 10_000, 1230, 10_000);
        assertThat(c.decision()).isEqualTo(Decision.WORSE);
        assertThat(c.verdict()).isEqualTo("v2 converts worse than v1: 10.1 % vs 12.3 % (−2.2 points, 95 % CI −3.1 to −1.3), p < 0.001");
    }

    @Test
    void theSameDifferenceOnATenthOfTheDataIsNotSignificant() {
        // z = 1.56, p = 0.1188; interval −0.00563 .. 0.04963
        Comparison c = conversion(123, 1000, 101, 1000);
        assertThat(c.decision()).isEqualTo(Decision.NO_SIGNIFICANT_DIFFERENCE);
        assertThat(c.verdict()).isEqualTo("no significant difference between v2 and v1: 12.3 % vs 10.1 % (+2.2 points, 95 % CI −0.6 to +5.0), p = 0.119");
    }

    @Test
    void meansUseWelchAndTheirOwnWording() {
        double[] a1 = {27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4};
        double[] a2 = {27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4};
        ExperimentAnalysis higher = ExperimentAnalysis.builder(MetricKind.MEAN, "v1").minPerArm(15).build();
        ExperimentAnalysis lower = ExperimentAnalysis.builder(MetricKind.MEAN, "v1").minPerArm(15).lowerIsBetter().build();
        for (ExperimentAnalysis a : new ExperimentAnalysis[] {higher, lower}) {
            DoubleStream.of(a1).forEach(v -> a.add("v1", v));
            DoubleStream.of(a2).forEach(v -> a.add("v2", v));
        }
        assertThat(higher.result().verdict())
                .isEqualTo("v2 is better than v1: mean 22.99 vs 20.82 (+2.167, 95 % CI +0.3492 to +3.984), p = 0.021");
        assertThat(lower.result().comparison("v2").orElseThrow().decision()).isEqualTo(Decision.WORSE);
        assertThat(lower.result().verdict()).startsWith("v2 is worse than v1: mean 22.99 vs 20.82");
    }

    @Test
    void fewerOutcomesThanTheMinimumPerArmCannotDecideEvenWhenSignificant() {
        // 20/25 vs 5/25: p < 0.001, but 25 < 30 outcomes per arm
        Comparison c = conversion(20, 25, 5, 25);
        assertThat(c.pValue()).isLessThan(0.001);
        assertThat(c.decision()).isEqualTo(Decision.TOO_SMALL_TO_DECIDE);
        assertThat(c.warnings()).containsExactly(
                "v1 has 25 outcomes; at least 30 per arm are needed",
                "v2 has 25 outcomes; at least 30 per arm are needed");
        assertThat(c.verdict()).isEqualTo("too little data to decide between v2 and v1: 80.0 % vs 20.0 % (n = 25 vs 25); "
                + "v1 has 25 outcomes; at least 30 per arm are needed; v2 has 25 outcomes; at least 30 per arm are needed");
    }

    @Test
    void rareConversionsFailTheExpectedCountRule() {
        // pooled rate 12/4000 = 0.003: each arm expects 6 conversions, fewer than the 10 the z-test needs
        Comparison c = conversion(10, 2000, 2, 2000);
        assertThat(c.decision()).isEqualTo(Decision.TOO_SMALL_TO_DECIDE);
        assertThat(c.warnings()).containsExactly(
                "v1 expects 6.0 conversions and 1994.0 non-conversions at the pooled rate; the z-test needs at least 10 of each",
                "v2 expects 6.0 conversions and 1994.0 non-conversions at the pooled rate; the z-test needs at least 10 of each");
        // one more success each side of the line: 20 successes over 4000 expect 10 per arm, which is enough
        assertThat(conversion(12, 2000, 8, 2000).decision()).isEqualTo(Decision.NO_SIGNIFICANT_DIFFERENCE);
    }

    @Test
    void aMinimumEffectTurnsAnUnderpoweredNoDifferenceIntoTooSmall() {
        ExperimentAnalysis a = ExperimentAnalysis.builder(MetricKind.CONVERSION, "v1").minimumEffect(0.01).build();
        conversions("v1", 101, 1000, a);
        conversions("v2", 123, 1000, a);
        Comparison c = a.result().comparison("v2").orElseThrow();
        // the minimum detectable effect: (1.95996 + 0.84162) * 0.014095 = 0.03949
        assertThat(c.minimumDetectableEffect()).isBetween(0.0394, 0.0396);
        assertThat(c.decision()).isEqualTo(Decision.TOO_SMALL_TO_DECIDE);
        assertThat(c.warnings()).containsExactly(
                "these samples detect only differences of 3.9 points or more (80 % power), above the minimum effect of 1.0 points");
        // a significant result needs no power rule
        ExperimentAnalysis big = ExperimentAnalysis.builder(MetricKind.CONVERSION, "v1").minimumEffect(0.01).build();
        conversions("v1", 1010, 10_000, big);
        conversions("v2", 1230, 10_000, big);
        assertThat(big.result().comparison("v2").orElseThrow().decision()).isEqualTo(Decision.BETTER);
    }

    @Test
    void armsWithoutVariationHaveNoTest() {
        ExperimentAnalysis a = ExperimentAnalysis.mean("v1");
        for (int i = 0; i < 40; i++) {
            a.add("v1", 5).add("v2", 5);
        }
        Comparison c = a.result().comparison("v2").orElseThrow();
        assertThat(c.pValue()).isNaN();
        assertThat(c.decision()).isEqualTo(Decision.TOO_SMALL_TO_DECIDE);
        assertThat(c.warnings()).containsExactly("neither v2 nor v1 varies, so no test applies");
    }

    @Test
    void badInputIsRefusedClearly() {
        assertThatThrownBy(() -> ExperimentAnalysis.conversion("v1").add("v2", 2))
                .isInstanceOf(ExperimentException.class).hasMessage("a conversion outcome is 0 or 1, arm v2 got 2.0");
        assertThatThrownBy(() -> ExperimentAnalysis.mean("v1").add("v2", Double.NaN))
                .isInstanceOf(ExperimentException.class);
        assertThatThrownBy(() -> ExperimentAnalysis.mean("v1").add("v2", 1).result())
                .isInstanceOf(ExperimentException.class).hasMessage("control arm v1 has no outcomes (arms: [v2])");
    }
}

package dev.modeldeploy.runtime.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Compares analyses of the same outcomes read in different orders (sums differ in the last bits). */
final class Results {
    private Results() {
    }

    static void assertSameEstimates(ExperimentResult actual, ExperimentResult expected) {
        assertThat(actual.arms()).extracting(ArmResult::arm).containsExactlyElementsOf(
                expected.arms().stream().map(ArmResult::arm).toList());
        for (ArmResult e : expected.arms()) {
            ArmResult a = actual.arm(e.arm()).orElseThrow();
            assertThat(a.count()).isEqualTo(e.count());
            assertThat(a.mean()).isCloseTo(e.mean(), within(1e-9));
            assertThat(a.standardDeviation()).isCloseTo(e.standardDeviation(), within(1e-9));
        }
        for (Comparison e : expected.comparisons()) {
            Comparison a = actual.comparison(e.arm()).orElseThrow();
            assertThat(a.statistic()).isCloseTo(e.statistic(), within(1e-9));
            assertThat(a.pValue()).isCloseTo(e.pValue(), within(1e-9));
            assertThat(a.decision()).isEqualTo(e.decision());
        }
    }
}

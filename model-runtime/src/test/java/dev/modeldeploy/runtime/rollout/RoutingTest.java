package dev.modeldeploy.runtime.rollout;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.modeldeploy.runtime.rollout.ScriptedModel.expected;
import static dev.modeldeploy.runtime.rollout.ScriptedModel.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Assignment by unit hash: stable, sticky as a canary grows, and matching the configured shares. */
class RoutingTest {
    private static final int UNITS = 100_000;

    private static Map<String, Integer> countByVariant(Deployment<Map<String, Object>, Double> d, int units) {
        Map<String, Integer> counts = new HashMap<>();
        for (int u = 0; u < units; u++) {
            counts.merge(d.predict(request("user-" + u, 0.5)).variant(), 1, Integer::sum);
        }
        return counts;
    }

    /** |observed - expected| within 4.5 standard deviations of a binomial count. */
    private static void assertShare(int observed, int n, double p) {
        double sd = Math.sqrt(n * p * (1 - p));
        assertThat(Math.abs(observed - n * p)).as("count %d of %d at share %s", observed, n, p).isLessThan(4.5 * sd);
    }

    @Test
    void singleSendsEverythingToThePrimaryAndSaysWhichVersionAnswered() {
        try (var d = Variants.threeVersions().build()) {
            RoutedPrediction<Double> answer = d.predict(request("alice", 0.25));
            assertThat(answer.variant()).isEqualTo("v1");
            assertThat(answer.version()).isEqualTo(1);
            assertThat(answer.modelVersion()).isEqualTo("eta/1");
            assertThat(answer.value()).isEqualTo(expected(1, 0.25));
            assertThat(answer.experiment()).isEqualTo("eta");
            assertThat(answer.unit()).isEqualTo("alice");
            assertThat(d.policy()).isEqualTo(new RoutingPolicy.Single("eta", "v1"));
        }
    }

    @Test
    void canaryMatchesItsShareOverManyUnitsAndEveryUnitKeepsItsVariant() {
        try (var d = Variants.threeVersions().build()) {
            d.canary("v2", 0.10);
            Map<String, Integer> counts = countByVariant(d, UNITS);
            assertShare(counts.getOrDefault("v2", 0), UNITS, 0.10);
            assertThat(counts.get("v1") + counts.get("v2")).isEqualTo(UNITS);

            for (int u = 0; u < 2000; u++) {
                String unit = "user-" + u;
                RoutedPrediction<Double> first = d.predict(request(unit, 1));
                RoutedPrediction<Double> again = d.predict(request(unit, 2));
                assertThat(again.variant()).isEqualTo(first.variant());
                assertThat(first.value()).isEqualTo(expected(first.version(), 1));
                assertThat(first.experiment()).isEqualTo("eta/canary/v2");
            }
        }
    }

    @Test
    void assignmentsSurviveARestartBecauseTheyDependOnlyOnExperimentAndUnit() {
        List<String> before = new ArrayList<>();
        try (var d = Variants.threeVersions().build()) {
            d.canary("v3", 0.5);
            for (int u = 0; u < 5000; u++) {
                before.add(d.predict(request("user-" + u, 0)).variant());
            }
        }
        try (var restarted = Variants.threeVersions().build()) {
            restarted.canary("v3", 0.5);
            for (int u = 0; u < 5000; u++) {
                String unit = "user-" + u;
                String expected = UnitHash.position("eta/canary/v3", unit) < 0.5 ? "v3" : "v1";
                assertThat(restarted.predict(request(unit, 0)).variant()).isEqualTo(before.get(u)).isEqualTo(expected);
            }
        }
    }

    @Test
    void aGrowingCanaryKeepsEveryUnitAlreadyInIt() {
        try (var d = Variants.threeVersions().build()) {
            d.canary("v2", 0.10);
            List<String> inAtTen = new ArrayList<>();
            for (int u = 0; u < 20_000; u++) {
                if (d.predict(request("user-" + u, 0)).variant().equals("v2")) {
                    inAtTen.add("user-" + u);
                }
            }
            d.setCanaryShare(0.30);
            assertThat(d.policy()).isEqualTo(new RoutingPolicy.Canary("eta/canary/v2", "v1", "v2", 0.30));
            for (String unit : inAtTen) {
                assertThat(d.predict(request(unit, 0)).variant()).as(unit).isEqualTo("v2");
            }
            assertShare(countByVariant(d, 20_000).get("v2"), 20_000, 0.30);
        }
    }

    @Test
    void flightingMatchesItsWeightsByChiSquare() {
        try (var d = Variants.threeVersions().build()) {
            d.flighting("eta-ab-1", List.of(new RoutingPolicy.Arm("v1", 5), new RoutingPolicy.Arm("v2", 3),
                    new RoutingPolicy.Arm("v3", 2)));
            Map<String, Integer> counts = countByVariant(d, UNITS);
            double chi2 = 0;
            Map<String, Double> shares = Map.of("v1", 0.5, "v2", 0.3, "v3", 0.2);
            for (var e : shares.entrySet()) {
                double expectedCount = UNITS * e.getValue();
                double diff = counts.get(e.getKey()) - expectedCount;
                chi2 += diff * diff / expectedCount;
            }
            // the 0.999 quantile of chi-square with 2 degrees of freedom
            assertThat(chi2).as("chi-square of %s", counts).isLessThan(13.816);

            d.removeArm("v3");
            Map<String, Integer> twoArms = countByVariant(d, 20_000);
            assertThat(twoArms).containsOnlyKeys("v1", "v2");
            assertShare(twoArms.get("v2"), 20_000, 3.0 / 8);

            d.addArm("v3", 8);
            assertShare(countByVariant(d, 20_000).get("v3"), 20_000, 0.5);
            assertThatThrownBy(() -> d.setCanaryShare(0.2)).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void aZeroWeightArmGetsNoTraffic() {
        try (var d = Variants.threeVersions().build()) {
            d.flighting("eta-ab-2", List.of(new RoutingPolicy.Arm("v1", 1), new RoutingPolicy.Arm("v2", 0),
                    new RoutingPolicy.Arm("v3", 1)));
            assertThat(countByVariant(d, 5000)).containsOnlyKeys("v1", "v3");
            d.removeArm("v1");
            assertThat(countByVariant(d, 1000)).containsOnlyKeys("v3");
            // what would remain has no weight: refused, the deployment keeps serving
            assertThatThrownBy(() -> d.removeArm("v3")).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("last arm");
            assertThatThrownBy(() -> d.removeArm("v9")).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void promoteAndRollbackMoveAllTrafficAtOnce() {
        try (var d = Variants.threeVersions().build()) {
            assertThatThrownBy(() -> d.rollback("nothing")).isInstanceOf(IllegalStateException.class);
            d.canary("v2", 0.5);
            assertThat(d.rollback("looks wrong")).isEqualTo("v1");
            assertThat(countByVariant(d, 2000)).containsOnlyKeys("v1");

            d.canary("v2", 0.5);
            d.promote("v2");
            assertThat(d.primary()).isEqualTo("v2");
            assertThat(countByVariant(d, 2000)).containsOnlyKeys("v2");
            assertThat(d.rollback("promotion went bad")).isEqualTo("v1");
            assertThat(d.primary()).isEqualTo("v1");
            assertThat(countByVariant(d, 2000)).containsOnlyKeys("v1");
        }
    }

    @Test
    void changesAreCheckedAndToldToListeners() {
        List<RolloutEvent> events = new ArrayList<>();
        try (var d = Variants.threeVersions().listener(new RolloutListener<>() {
            @Override
            public void onEvent(RolloutEvent event) {
                events.add(event);
            }
        }).build()) {
            assertThatThrownBy(() -> d.canary("v9", 0.1)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("no variant v9");
            assertThatThrownBy(() -> d.canary("v1", 0.1)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> d.canary("v2", 1.5)).isInstanceOf(IllegalArgumentException.class);
            d.canary("v2", 0.1);
            assertThatThrownBy(() -> d.retire("v2")).isInstanceOf(IllegalStateException.class);
            d.rollback("operator");
            d.addVariant("v4", Variants.serve(new ScriptedModel("eta", 4)));
            var v3 = d.retire("v3");
            v3.close();
            assertThat(d.variants()).containsExactly("v1", "v2", "v4");
            assertThat(events).extracting(RolloutEvent::type).containsExactly(RolloutEvent.Type.ROUTING_CHANGED,
                    RolloutEvent.Type.ROLLED_BACK, RolloutEvent.Type.VARIANT_ADDED, RolloutEvent.Type.VARIANT_RETIRED);
            assertThat(events.get(1).variant()).isEqualTo("v2");
            assertThat(events.get(1).reason()).isEqualTo("operator");
            assertThat(events.get(1).policy()).isEqualTo(new RoutingPolicy.Single("eta", "v1"));
        }
    }
}

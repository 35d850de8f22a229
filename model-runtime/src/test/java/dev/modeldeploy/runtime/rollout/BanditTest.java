package dev.modeldeploy.runtime.rollout;

import org.apache.commons.rng.UniformRandomProvider;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static dev.modeldeploy.runtime.rollout.ScriptedModel.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Thompson sampling moves traffic to the arm with the better simulated reward. */
class BanditTest {

    @Test
    void convergesToTheBetterArmOnSimulatedRewards() {
        SplittableRandom routing = new SplittableRandom(42);
        UniformRandomProvider random = routing::nextLong;
        SplittableRandom users = new SplittableRandom(7);
        Map<String, Double> conversion = Map.of("v1", 0.04, "v2", 0.12, "v3", 0.06);
        try (var d = Variants.threeVersions().random(random).build()) {
            d.bandit("eta-bandit", List.of("v1", "v2", "v3"));
            Map<String, Integer> late = new HashMap<>();
            for (int i = 0; i < 6000; i++) {
                String unit = "user-" + i;
                RoutedPrediction<Double> answer = d.predict(request(unit, 0));
                boolean converted = users.nextDouble() < conversion.get(answer.variant());
                assertThat(d.reward(unit, converted ? 1 : 0)).isTrue();
                if (i >= 5000) {
                    late.merge(answer.variant(), 1, Integer::sum);
                }
            }
            assertThat(late.getOrDefault("v2", 0)).as("last 1,000 pulls %s", late).isGreaterThan(800);
        }
    }

    @Test
    void rewardsNeedABanditPullAndAValueInTheUnitInterval() {
        try (var d = Variants.threeVersions().build()) {
            d.predict(request("alice", 0));
            assertThat(d.reward("alice", 1)).as("no bandit served alice").isFalse();
            d.bandit("b", List.of("v1", "v2"));
            d.predict(request("alice", 0));
            assertThat(d.reward("bob", 1)).isFalse();
            assertThatThrownBy(() -> d.reward("alice", 1.5)).isInstanceOf(IllegalArgumentException.class);
            d.addArm("v3", 1);
            assertThat(d.policy()).isEqualTo(new RoutingPolicy.Bandit("b", List.of("v1", "v2", "v3")));
            d.removeArm("v1");
            assertThat(d.policy().variants()).containsExactly("v2", "v3");
        }
    }
}

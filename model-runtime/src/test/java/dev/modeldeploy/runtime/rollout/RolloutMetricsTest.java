package dev.modeldeploy.runtime.rollout;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static dev.modeldeploy.runtime.rollout.ScriptedModel.request;
import static org.assertj.core.api.Assertions.assertThat;

/** The Micrometer listener counts answers per variant and model version, shadow results and events. */
class RolloutMetricsTest {

    @Test
    void countsPerVariantShadowsAndEvents() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        CountDownLatch shadows = new CountDownLatch(100);
        RolloutListener<Double> done = new RolloutListener<>() {
            @Override
            public void onShadow(ShadowResult<Double> result) {
                shadows.countDown();
            }
        };
        try (var d = Variants.threeVersions().listener(RolloutMetrics.<Double>of(registry, "eta", (a, b) -> b - a))
                .listener(done).build()) {
            d.canary("v2", 0.5);
            d.shadow("v3", 1.0);
            int v2 = 0;
            for (int u = 0; u < 100; u++) {
                v2 += d.predict(request("user-" + u, 1)).variant().equals("v2") ? 1 : 0;
            }
            assertThat(shadows.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(registry.get("modeldeploy.rollout.requests").tags("deployment", "eta", "variant", "v2").counter().count())
                    .isEqualTo(v2);
            assertThat(registry.get("modeldeploy.rollout.requests").tag("variant", "v1").counter().count()).isEqualTo(100 - v2);
            assertThat(registry.get("modeldeploy.rollout.shadow").tags("variant", "v3", "result", "answered").counter().count())
                    .isEqualTo(100);
            var diff = registry.get("modeldeploy.rollout.shadow.difference").tags("variant", "v3", "model", "eta", "version", "3")
                    .summary();
            assertThat(diff.count()).isEqualTo(100);
            // v3 answers 3001; v1 1001 and v2 2001: the mean difference follows from the split
            assertThat(diff.totalAmount()).isEqualTo(2000.0 * (100 - v2) + 1000.0 * v2);
            assertThat(registry.get("modeldeploy.rollout.events").tag("type", "routing_changed").counter().count()).isEqualTo(2);
        }
    }

    @Test
    void countsAnswersUnderTheModelVersionThatGaveThemBeforeAndAfterASwap() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (var d = Variants.threeVersions().listener(RolloutMetrics.<Double>of(registry, "eta")).build()) {
            d.canary("v2", 0.5);
            int before = 0;
            for (int u = 0; u < 60; u++) {
                before += d.predict(request("user-" + u, 1)).variant().equals("v2") ? 1 : 0;
            }
            d.variant("v2").swap(new ScriptedModel("eta", 7)); // the canary's arm gets a new model version
            int after = 0;
            for (int u = 0; u < 60; u++) {
                var answer = d.predict(request("user-" + u, 1));
                if (answer.variant().equals("v2")) {
                    assertThat(answer.version()).isEqualTo(7);
                    after++;
                }
            }
            assertThat(before).isPositive().isEqualTo(after); // assignment is sticky: the same users
            assertThat(requests(registry, "v2", "2")).isEqualTo(before);
            assertThat(requests(registry, "v2", "7")).isEqualTo(after);
            assertThat(requests(registry, "v1", "1")).isEqualTo(120 - before - after);
            assertThat(registry.get("modeldeploy.rollout.requests").counters()).hasSize(3);
        }
    }

    private static double requests(SimpleMeterRegistry registry, String variant, String version) {
        return registry.get("modeldeploy.rollout.requests").tags("deployment", "eta", "variant", variant, "model", "eta",
                "version", version).counter().count();
    }
}

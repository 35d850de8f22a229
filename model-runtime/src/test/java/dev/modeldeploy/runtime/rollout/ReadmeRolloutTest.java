package dev.modeldeploy.runtime.rollout;

import dev.modeldeploy.api.testing.ReadmeSnippets;
import dev.modeldeploy.runtime.online.OnlinePredictor;
import dev.modeldeploy.runtime.rollout.log.AssignmentLog;
import dev.modeldeploy.runtime.rollout.log.JsonLinesAssignmentSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs the README's rollout snippet; fails when the README's copy drifts. */
class ReadmeRolloutTest {

    @Test
    void theReadmeSnippetRunsACanaryAndAShadowAndRollsBack(@TempDir Path dir) throws Exception {
        OnlinePredictor<Map<String, Object>, Double> v1 = Variants.serve(new ScriptedModel("eta", 1));
        OnlinePredictor<Map<String, Object>, Double> v2 = Variants.serve(new ScriptedModel("eta", 2));
        OnlinePredictor<Map<String, Object>, Double> v3 = Variants.serve(new ScriptedModel("eta", 3));
        Map<String, Object> order = Map.of("customer_id", "c-42", "x", 3.5);

        // README:start
        try (Deployment<Map<String, Object>, Double> eta = Deployment.builder("eta", "v1", v1)
                .unitKey(o -> (String) o.get("customer_id"))           // one customer, one variant, every time
                .variant("v2", v2)
                .variant("v3", v3)
                .guard(ErrorRateGuard.builder().window(200).maxErrorRate(0.05).build())   // rolls a bad canary back
                .assignmentLog(AssignmentLog.builder(new JsonLinesAssignmentSink(dir.resolve("assignments.jsonl")))
                        .sampleRate(0.1).build())                      // sampled, written off the request thread
                .build()) {
            eta.canary("v2", 0.10);        // 10 % of customers get v2
            eta.shadow("v3", 1.0);         // v3 scores every order on its own bounded executor, never answers
            RoutedPrediction<Double> answer = eta.predict(order);
            System.out.printf("%s answered with %s%n", answer.variant(), answer.modelVersion());

            eta.setCanaryShare(0.30);      // customers already on v2 stay on v2
            eta.rollback("p99 too high");  // all traffic back to v1 at once
            // README:end

            boolean inCanary = UnitHash.position("eta/canary/v2", "c-42") < 0.10;
            assertThat(answer.variant()).isEqualTo(inCanary ? "v2" : "v1");
            assertThat(eta.predict(order).variant()).isEqualTo("v1");
        }
        assertThat(Files.exists(dir.resolve("assignments.jsonl"))).isTrue();
    }

    @Test
    void readmeShowsThisCode() throws Exception {
        ReadmeSnippets.assertReadmeShows("src/test/java/dev/modeldeploy/runtime/rollout/ReadmeRolloutTest.java");
    }
}

package dev.modeldeploy.runtime.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modeldeploy.runtime.rollout.log.AssignmentLog;
import dev.modeldeploy.runtime.rollout.log.JsonLinesAssignmentSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.modeldeploy.runtime.rollout.ScriptedModel.request;
import static org.assertj.core.api.Assertions.assertThat;

/** Every routed request of a deployment reaches its assignment log, which the deployment closes. */
class DeploymentLogTest {

    @Test
    void theLogHoldsEachAnswerWithItsVariantAndVersion(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("assignments.jsonl");
        List<RoutedPrediction<Double>> answers = new ArrayList<>();
        try (var d = Variants.threeVersions().assignmentLog(AssignmentLog.builder(new JsonLinesAssignmentSink(file)).build())
                .build()) {
            d.canary("v3", 0.4);
            for (int u = 0; u < 300; u++) {
                answers.add(d.predict(request("user-" + u, u)));
            }
        }
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(300);
        ObjectMapper json = new ObjectMapper();
        for (int i = 0; i < 300; i++) {
            JsonNode n = json.readTree(lines.get(i));
            RoutedPrediction<Double> a = answers.get(i);
            assertThat(n.get("unit").asText()).isEqualTo(a.unit());
            assertThat(n.get("variant").asText()).isEqualTo(a.variant());
            assertThat(n.get("version").asInt()).isEqualTo(a.version());
            assertThat(n.get("experiment").asText()).isEqualTo("eta/canary/v3");
            assertThat(n.get("prediction").asDouble()).isEqualTo(a.value());
        }
    }
}

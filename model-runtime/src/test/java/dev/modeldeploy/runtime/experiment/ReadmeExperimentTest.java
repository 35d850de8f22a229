package dev.modeldeploy.runtime.experiment;

import dev.modeldeploy.api.testing.ReadmeSnippets;
import dev.modeldeploy.runtime.rollout.log.Assignment;
import dev.modeldeploy.runtime.rollout.log.JsonLinesAssignmentSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs the README's A/B analysis snippet on an assignment log written by the rollout's sink. */
class ReadmeExperimentTest {

    @Test
    void theReadmeSnippetAnalysesAnExperiment(@TempDir Path tmp) throws Exception {
        Path assignmentLog = tmp.resolve("assignments.jsonl");
        Path orders = tmp.resolve("orders.csv");
        // 4 000 units per arm; v1 converts 10.1 %, v2 12.3 %; only units that ordered are in orders.csv
        StringBuilder csv = new StringBuilder("unit,value\n");
        List<Assignment> batch = new ArrayList<>();
        for (int u = 0; u < 8000; u++) {
            String arm = u % 2 == 0 ? "v1" : "v2";
            batch.add(new Assignment(Instant.EPOCH.plusSeconds(u), "u" + u, "shop/ab", arm, "shop", u % 2 + 1, 0.5));
            if ((u / 2) % 1000 < (arm.equals("v1") ? 101 : 123)) {
                csv.append('u').append(u).append(",1\n");
            }
        }
        try (JsonLinesAssignmentSink sink = new JsonLinesAssignmentSink(assignmentLog)) {
            sink.write(batch);
        }
        Files.writeString(orders, csv);

        // README:start
        ExperimentAnalysis analysis = ExperimentAnalysis.builder(MetricKind.CONVERSION, "v1")   // v1 is the control
                .minimumEffect(0.01)        // a difference of one point is worth detecting
                .build();
        AssignmentJoin.builder(assignmentLog, orders)   // rows of unit,value: 1 for units that ordered
                .experiment("shop/ab")
                .missingOutcome(0)          // units without an order did not convert
                .build()
                .into(analysis);
        ExperimentResult result = analysis.result();
        System.out.println(result.verdict());
        // README:end
        assertThat(result.arm("v1").orElseThrow().count()).isEqualTo(4000);
        assertThat(result.verdict()).startsWith("v2 converts better than v1: 12.3 % vs 10.1 % (+2.2 points, 95 % CI +0.8 to +3.6), p = 0.002");
    }

    @Test
    void readmeShowsThisCode() throws Exception {
        ReadmeSnippets.assertReadmeShows("src/test/java/dev/modeldeploy/runtime/experiment/ReadmeExperimentTest.java");
    }
}

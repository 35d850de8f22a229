package dev.modeldeploy.runtime.experiment;

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
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The rollout's JSON Lines assignment log, written by its own sink, joined with CSV and JSON Lines outcomes. */
class AssignmentJoinTest {
    private static final int UNITS = 600;

    private static String firstArm(int u) {
        return u % 3 == 0 ? "v2" : "v1";
    }

    private static boolean converted(int u) {
        return u % 7 == 0 || (firstArm(u).equals("v2") && u % 5 == 0);
    }

    private static double revenue(int u) {
        return (u % 13) * 1.5 + (firstArm(u).equals("v2") ? 2 : 0);
    }

    /** Each unit requests one to three times; units 0-29 are later routed to the other arm; another experiment's lines interleave. */
    private static Path writeLog(Path dir) throws Exception {
        Path log = dir.resolve("assignments.jsonl");
        Instant t = Instant.parse("2026-11-01T00:00:00Z");
        try (JsonLinesAssignmentSink sink = new JsonLinesAssignmentSink(log)) {
            for (int round = 0; round < 3; round++) {
                List<Assignment> batch = new ArrayList<>();
                for (int u = 0; u < UNITS; u++) {
                    if (u % 3 < round) {
                        continue;
                    }
                    String arm = firstArm(u);
                    if (round > 0 && u < 30) {
                        arm = arm.equals("v1") ? "v2" : "v1";
                    }
                    batch.add(new Assignment(t.plusSeconds(round * 1000L + u), "u" + u, "shop/ab", arm, "shop",
                            arm.equals("v1") ? 1 : 2, 0.5));
                    batch.add(new Assignment(t.plusSeconds(round * 1000L + u), "old" + u, "shop/old", "v9", "shop", 9, 0.5));
                }
                sink.write(batch);
            }
        }
        return log;
    }

    private static ExperimentAnalysis expectedConversions() {
        ExperimentAnalysis a = ExperimentAnalysis.conversion("v1");
        for (int u = 0; u < UNITS; u++) {
            a.add(firstArm(u), converted(u) ? 1 : 0);
        }
        return a;
    }

    @Test
    void joinsTheFirstAssignmentOfEachUnitWithACsvOfConverters(@TempDir Path tmp) throws Exception {
        Path log = writeLog(tmp);
        StringBuilder csv = new StringBuilder("user_id,order_total,converted\n");
        for (int u = 0; u < UNITS; u++) {
            if (converted(u)) {
                csv.append("u").append(u).append(",12.5,true\n");
            }
        }
        csv.append("ghost-1,3.0,true\nghost-2,1.0,false\n");
        Path orders = Files.writeString(tmp.resolve("orders.csv"), csv);

        ExperimentAnalysis analysis = ExperimentAnalysis.conversion("v1");
        AssignmentJoin.JoinCounts counts = AssignmentJoin.builder(log, orders).experiment("shop/ab")
                .unitField("user_id").valueField("converted").missingOutcome(0).build().into(analysis);

        long converters = java.util.stream.IntStream.range(0, UNITS).filter(AssignmentJoinTest::converted).count();
        // units 0-29 requesting again (those with u % 3 > 0) were routed to the other arm: counted in their first
        long switched = java.util.stream.IntStream.range(0, 30).filter(u -> u % 3 > 0).count();
        assertThat(counts).isEqualTo(new AssignmentJoin.JoinCounts(UNITS, UNITS, UNITS - converters, 2, switched));
        ExperimentResult actual = analysis.result();
        ExperimentResult expected = expectedConversions().result();
        assertThat(actual.arms()).extracting(ArmResult::arm, ArmResult::count, ArmResult::mean)
                .containsExactlyElementsOf(expected.arms().stream()
                        .map(a -> org.assertj.core.groups.Tuple.tuple(a.arm(), a.count(), a.mean())).toList());
        assertThat(actual.arm("v2").orElseThrow().count()).isEqualTo(UNITS / 3);
        assertThat(actual.comparison("v2").orElseThrow().pValue())
                .isCloseTo(expected.comparison("v2").orElseThrow().pValue(), within(1e-12));
    }

    @Test
    void withoutAnExperimentFilterOtherExperimentsArmsAppear(@TempDir Path tmp) throws Exception {
        Path log = writeLog(tmp);
        Path orders = Files.writeString(tmp.resolve("orders.csv"), "unit,value\nu1,1\n");
        ExperimentAnalysis analysis = ExperimentAnalysis.conversion("v1");
        AssignmentJoin.JoinCounts counts = AssignmentJoin.builder(log, orders).missingOutcome(0).build().into(analysis);
        assertThat(counts.assignedUnits()).isEqualTo(2L * UNITS);
        assertThat(analysis.result().arm("v9").orElseThrow().count()).isEqualTo(UNITS);
    }

    @Test
    void joinsJsonLinesOutcomesForMeansAndSkipsUnitsWithoutOne(@TempDir Path tmp) throws Exception {
        Path log = writeLog(tmp);
        StringBuilder jsonl = new StringBuilder();
        ExperimentAnalysis expected = ExperimentAnalysis.mean("v1");
        for (int u = 0; u < UNITS; u++) {
            if (u % 10 == 9) {
                continue; // no outcome yet: skipped, not zero
            }
            jsonl.append("{\"unit\":\"u").append(u).append("\",\"value\":").append(revenue(u)).append("}\n");
            expected.add(firstArm(u), revenue(u));
        }
        Path outcomes = Files.writeString(tmp.resolve("revenue.jsonl"), jsonl);

        ExperimentAnalysis analysis = ExperimentAnalysis.mean("v1");
        AssignmentJoin.JoinCounts counts = AssignmentJoin.builder(log, outcomes).experiment("shop/ab").build().into(analysis);
        assertThat(counts.added()).isEqualTo(UNITS - UNITS / 10);
        assertThat(counts.withoutOutcome()).isEqualTo(UNITS / 10);
        Results.assertSameEstimates(analysis.result(), expected.result());
    }

    @Test
    void aMalformedOutcomeNamesItsLine(@TempDir Path tmp) throws Exception {
        Path log = writeLog(tmp);
        Path outcomes = Files.writeString(tmp.resolve("o.jsonl"), "{\"unit\":\"u1\",\"value\":1}\n{\"unit\":\"u2\",\"value\":\"lots\"}\n");
        assertThatThrownBy(() -> AssignmentJoin.builder(log, outcomes).build().into(ExperimentAnalysis.mean("v1")))
                .isInstanceOf(ExperimentException.class)
                .hasMessage(outcomes + " line 2: outcome is not a number: lots");
    }

    @Test
    void growingFilesAreReadUpToTheirLastCompleteLine(@TempDir Path tmp) throws Exception {
        Path log = writeLog(tmp);
        // A service is appending to both files: each ends in half a line.
        Files.writeString(log, "{\"at\":\"2026-11-01T01:00:00Z\",\"unit\":\"u1", java.nio.file.StandardOpenOption.APPEND);
        Path outcomes = Files.writeString(tmp.resolve("o.jsonl"), "{\"unit\":\"u4\",\"value\":2}\n{\"unit\":\"u6\",\"value\":4}\n{\"unit\":\"u7\",\"val");

        assertThatThrownBy(() -> AssignmentJoin.builder(log, outcomes).experiment("shop/ab").build()
                .into(ExperimentAnalysis.mean("v1")))
                .as("a finished file's last line counts, so half a line is malformed")
                .isInstanceOf(ExperimentException.class);

        ExperimentAnalysis analysis = ExperimentAnalysis.mean("v1");
        AssignmentJoin.JoinCounts counts = AssignmentJoin.builder(log, outcomes).experiment("shop/ab").growing().build()
                .into(analysis);
        assertThat(counts.assignedUnits()).isEqualTo(UNITS);
        assertThat(counts.added()).isEqualTo(2);
        assertThat(analysis.result().arm("v1")).get().satisfies(a -> assertThat(a.mean()).isEqualTo(2.0));
        assertThat(analysis.result().arm("v2")).get().satisfies(a -> assertThat(a.mean()).isEqualTo(4.0));

        Path csv = Files.writeString(tmp.resolve("o.csv"), "unit,value\nu4,2\nu6,4\nu7,");
        ExperimentAnalysis fromCsv = ExperimentAnalysis.mean("v1");
        assertThat(AssignmentJoin.builder(log, csv).experiment("shop/ab").growing().build().into(fromCsv).added()).isEqualTo(2);
    }
}

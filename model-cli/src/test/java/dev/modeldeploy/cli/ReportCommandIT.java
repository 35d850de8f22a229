package dev.modeldeploy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modeldeploy.api.testing.WeightedSumFormat;
import dev.modeldeploy.runtime.rollout.log.Assignment;
import dev.modeldeploy.runtime.rollout.log.JsonLinesAssignmentSink;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code publish --training-sample}, {@code batch run --monitor-drift} and {@code report} through the jar: a model
 * published with its baseline, monitored nightly runs into a database with a shift on the last night, then the
 * report of the ledger; and an experiment report from a real assignment log.
 */
class ReportCommandIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> DAYS = List.of("2026-11-18", "2026-11-19", "2026-11-20");
    private static final int PER_DAY = 390;

    @TempDir
    Path tmp;
    Cli cli;
    List<Path> formatClassPath;
    String model;

    @BeforeEach
    void setUp() throws Exception {
        cli = new Cli(tmp);
        formatClassPath = List.of(Path.of(WeightedSumFormat.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        model = tmp.resolve("store").resolve("lead-scoring").toUri().toString();
    }

    private Cli.Result run(String... args) throws Exception {
        return cli.runWith(formatClassPath, args);
    }

    private static Cli.Result ok(Cli.Result result) {
        assertThat(result.exitCode()).as(result.toString()).isZero();
        return result;
    }

    /** Training rows like every ordinary night's leads: visits 0..12, emails 0..2. */
    private Path trainingCsv() throws Exception {
        StringBuilder csv = new StringBuilder("visits,emails\n");
        for (int i = 0; i < 1_300; i++) {
            csv.append(i % 13).append(',').append(i % 3).append('\n');
        }
        return Files.writeString(tmp.resolve("training.csv"), csv);
    }

    @Test
    void aModelPublishedWithATrainingSampleIsMonitoredNightlyAndTheLedgerRendersAsAReport() throws Exception {
        Path bundle = TestBundles.weightedSum(tmp.resolve("bundle"), "lead-scoring", 1f);
        ok(run("publish", bundle.toString(), model, "--training-sample", trainingCsv().toString()));
        JsonNode baseline = JSON.readTree(ok(cli.run("inspect", model)).out()).get("info").get("baseline");
        assertThat(baseline).as("the published baseline").isNotNull();
        assertThat(baseline.toString()).contains("\"visits\"").contains("\"emails\"");

        String db = "jdbc:sqlite:" + tmp.resolve("crm.db");
        try (Connection c = DriverManager.getConnection(db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE leads (lead_id INTEGER PRIMARY KEY, day TEXT, visits INTEGER, emails INTEGER)");
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO leads VALUES (?, ?, ?, ?)")) {
                for (int d = 0; d < DAYS.size(); d++) {
                    for (int i = 0; i < PER_DAY; i++) {
                        ps.setInt(1, d * PER_DAY + i);
                        ps.setString(2, DAYS.get(d));
                        ps.setInt(3, i % 13 + (d == DAYS.size() - 1 ? 15 : 0)); // The last night's visits shift.
                        ps.setInt(4, i % 3);
                        ps.addBatch();
                    }
                }
                ps.executeBatch();
            }
            c.commit();
        }
        List<Cli.Result> nights = new ArrayList<>();
        for (String day : DAYS) {
            nights.add(ok(run("batch", "run", "--remote-model-path", model, "--source", db,
                    "--query", "SELECT lead_id, visits, emails FROM leads WHERE day = :date", "--id-column", "lead_id",
                    "--param", "date=" + day, "--sink", db, "--table", "lead_scores", "--monitor-drift")));
        }
        assertThat(nights.get(0).err()).contains("drift: 3 signals measured against the training baseline; none drifted");
        assertThat(nights.get(2).err()).containsPattern("drifted: .*visits").contains("prediction");

        Path html = tmp.resolve("drift.html");
        Cli.Result report = ok(cli.run("report", "--out", html.toString(), "--jdbc-url", db, "--job", "lead-scoring", "--runs", "2"));
        assertThat(report.out().strip()).isEqualTo(html.toAbsolutePath().toString());
        String page = Files.readString(html, StandardCharsets.UTF_8);
        assertThat(page).startsWith("<!DOCTYPE html>").contains("visits").contains("emails").contains("prediction")
                .contains("job lead-scoring, model lead-scoring version 1");
        assertThat(page.split("class=\"chart histogram", -1)).as("one histogram per signal").hasSize(4);
        assertThat(page).contains("class=\"chart drift\"");

        Cli.Result otherTable = cli.run("report", "--out", html.toString(), "--jdbc-url", db, "--job", "lead-scoring",
                "--sink-table", "other_scores");
        assertThat(otherTable.exitCode()).as(otherTable.toString()).isEqualTo(1);
        assertThat(otherTable.err()).startsWith("modeldeploy: no monitored runs of job lead-scoring into other_scores");
    }

    @Test
    void anExperimentReportJoinsTheAssignmentLogWithAnOutcomesCsv() throws Exception {
        Path log = tmp.resolve("assignments.jsonl");
        StringBuilder outcomes = new StringBuilder("unit,value\n");
        try (JsonLinesAssignmentSink sink = new JsonLinesAssignmentSink(log)) {
            List<Assignment> batch = new ArrayList<>();
            for (int u = 0; u < 400; u++) {
                String arm = u % 2 == 0 ? "control" : "treatment";
                batch.add(new Assignment(Instant.parse("2026-11-20T10:00:00Z").plusSeconds(u), "user-" + u, "checkout", arm,
                        "lead-scoring", u % 2 == 0 ? 1 : 2, 0.5));
                // Control converts one in ten, treatment three in ten.
                outcomes.append("user-").append(u).append(',').append(u % 20 < (u % 2 == 0 ? 2 : 6) ? 1 : 0).append('\n');
            }
            batch.add(new Assignment(Instant.parse("2026-11-20T11:00:00Z"), "user-x", "another-test", "control", "m", 1, 0.5));
            sink.write(batch);
        }
        Path csv = Files.writeString(tmp.resolve("outcomes.csv"), outcomes);
        Path html = tmp.resolve("ab.html");
        Cli.Result r = ok(cli.run("report", "--out", html.toString(), "--assignments", log.toString(), "--outcomes", csv.toString(),
                "--experiment", "checkout", "--title", "Checkout test"));
        assertThat(r.out().strip()).isEqualTo(html.toAbsolutePath().toString());
        assertThat(r.err()).contains("experiment checkout: 400 units assigned, 400 outcomes joined");
        assertThat(Files.readString(html)).contains("Checkout test").contains("class=\"chart intervals\"")
                .contains("treatment converts better than control");
    }

    @Test
    void badArgumentsExit2AndBadFilesExit1WithOneLine() throws Exception {
        Path html = tmp.resolve("r.html");
        Cli.Result nothing = cli.run("report", "--out", html.toString());
        assertThat(nothing.exitCode()).isEqualTo(2);
        assertThat(nothing.err()).startsWith("modeldeploy: nothing to report");
        Cli.Result halfDrift = cli.run("report", "--out", html.toString(), "--job", "lead-scoring");
        assertThat(halfDrift.exitCode()).isEqualTo(2);
        assertThat(halfDrift.err()).contains("--jdbc-url");
        Cli.Result noRuns = cli.run("report", "--out", html.toString(), "--jdbc-url", "jdbc:sqlite:" + tmp.resolve("x.db"),
                "--job", "j", "--runs", "0");
        assertThat(noRuns.exitCode()).isEqualTo(2);
        assertThat(noRuns.err()).contains("--runs must be at least 1");
        Cli.Result noLog = cli.run("report", "--out", html.toString(), "--assignments", tmp.resolve("none.jsonl").toString(),
                "--outcomes", tmp.resolve("none.csv").toString(), "--experiment", "e");
        assertThat(noLog.exitCode()).isEqualTo(2);
        assertThat(noLog.err()).contains("--assignments: no such file");
        Cli.Result noLedger = cli.run("report", "--out", html.toString(), "--jdbc-url", "jdbc:sqlite:" + tmp.resolve("empty.db"),
                "--job", "j");
        assertThat(noLedger.exitCode()).as(noLedger.toString()).isEqualTo(1);
        assertThat(noLedger.errLines()).hasSize(1).allSatisfy(l -> assertThat(l).startsWith("modeldeploy: cannot read the run ledger"));
        assertThat(html).doesNotExist();

        Path bundle = TestBundles.weightedSum(tmp.resolve("bundle"), "lead-scoring", 1f);
        Cli.Result missing = run("publish", bundle.toString(), model, "--training-sample", tmp.resolve("none.csv").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("--training-sample: no such file");
        Path edited = Files.writeString(tmp.resolve("edited.csv"), "visits,emails\n1,2\n3,4\nlots,1\n");
        Cli.Result malformed = run("publish", bundle.toString(), model, "--training-sample", edited.toString());
        assertThat(malformed.exitCode()).isEqualTo(1);
        assertThat(malformed.errLines()).hasSize(1).allSatisfy(l -> assertThat(l).contains("line 4").contains("visits"));
        Path parquet = Files.writeString(tmp.resolve("training.parquet"), "PAR1");
        Cli.Result unsupported = run("publish", bundle.toString(), model, "--training-sample", parquet.toString());
        assertThat(unsupported.exitCode()).isEqualTo(1);
        assertThat(unsupported.err()).contains("expected a .csv file");
        Path empty = Files.writeString(tmp.resolve("empty.jsonl"), "\n");
        assertThat(run("publish", bundle.toString(), model, "--training-sample", empty.toString()).err()).contains("no records");
        // Nothing was published by the failed attempts.
        assertThat(cli.run("inspect", model).exitCode()).isEqualTo(1);
    }
}

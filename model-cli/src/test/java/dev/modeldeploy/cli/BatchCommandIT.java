package dev.modeldeploy.cli;

import dev.modeldeploy.api.repository.ModelRepository;
import dev.modeldeploy.api.repository.PublishOptions;
import dev.modeldeploy.api.testing.WeightedSumFormat;
import dev.modeldeploy.api.testing.WeightedSumModel;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** {@code modeldeploy batch run|schedule} through the jar, with a model format the user added to the class path. */
class BatchCommandIT {
    @TempDir
    Path tmp;
    Cli cli;
    URI model;
    Path leads;
    List<Path> formatClassPath;

    @BeforeEach
    void setUp() throws Exception {
        cli = new Cli(tmp);
        formatClassPath = List.of(Path.of(WeightedSumFormat.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        model = tmp.resolve("store").resolve("lead-scoring").toUri();
        Map<String, Float> weights = new LinkedHashMap<>();
        weights.put("visits", 0.5f);
        weights.put("emails", 2f);
        try (ModelRepository repo = ModelRepository.builder().cacheDirectory(tmp.resolve("publisher-cache")).build()) {
            repo.publish(WeightedSumModel.of("lead-scoring", weights, 1f), model, PublishOptions.defaults());
        }
        StringBuilder csv = new StringBuilder("id,visits,emails\n");
        for (int i = 0; i < 1_000; i++) {
            csv.append(i).append(',').append(i % 13).append(',').append(i == 700 ? "n/a" : String.valueOf(i % 3)).append('\n');
        }
        leads = tmp.resolve("leads.csv");
        Files.writeString(leads, csv);
    }

    private Cli.Result batch(String... args) throws Exception {
        return cli.runWith(formatClassPath, args);
    }

    private static List<String> withoutTime(Path file) throws Exception {
        return Files.readAllLines(file).stream().map(l -> l.substring(0, l.lastIndexOf(','))).collect(Collectors.toList());
    }

    @Test
    void runWritesScoresAndRejectsAndARerunChangesNothing() throws Exception {
        Path scores = tmp.resolve("scores.csv");
        String[] args = {"batch", "run", "--remote-model-path", model.toString(), "--source", leads.toString(),
            "--param", "date=2026-11-20", "--sink", scores.toString(), "--chunk-size", "100", "--threads", "2"};
        Cli.Result first = batch(args);
        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.err()).contains("run lead-scoring[date=2026-11-20] with lead-scoring/1 succeeded").contains("rejected 1");
        List<String> lines = Files.readAllLines(scores);
        assertThat(lines).hasSize(1_000);
        assertThat(lines.get(0)).isEqualTo("id,prediction,model_name,model_version,run_key,scored_at");
        assertThat(lines.get(2)).startsWith("1,3.5,lead-scoring,1,");
        assertThat(Files.readAllLines(tmp.resolve("scores.csv.rejects.csv")).get(1)).startsWith("700,").contains("emails");

        List<String> before = withoutTime(scores);
        Cli.Result again = batch(args);
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(withoutTime(scores)).isEqualTo(before);
    }

    @Test
    void runsFromAndIntoADatabaseWithTheRunKeysParameters() throws Exception {
        String db = "jdbc:sqlite:" + tmp.resolve("crm.db");
        try (Connection c = DriverManager.getConnection(db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE leads (lead_id INTEGER PRIMARY KEY, day TEXT, visits INTEGER, emails INTEGER)");
            for (int i = 0; i < 500; i++) {
                s.execute("INSERT INTO leads VALUES (" + i + ", '" + (i < 300 ? "2026-11-20" : "2026-11-21") + "', " + (i % 13) + ", " + (i % 3) + ")");
            }
        }
        String[] args = {"batch", "run", "--remote-model-path", model.toString(), "--source", db,
            "--query", "SELECT lead_id, visits, emails FROM leads WHERE day = :date", "--id-column", "lead_id",
            "--param", "date=2026-11-20", "--sink", db, "--table", "lead_scores", "--chunk-size", "64"};
        Cli.Result r = batch(args);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(batch(args).exitCode()).isZero();
        try (Connection c = DriverManager.getConnection(db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*), SUM(prediction), MIN(run_key) FROM lead_scores")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(300);
            double expected = 0;
            for (int i = 0; i < 300; i++) {
                expected += 1 + 0.5 * (i % 13) + 2 * (i % 3);
            }
            assertThat(rs.getDouble(2)).isCloseTo(expected, within(1e-6));
            assertThat(rs.getString(3)).isEqualTo("lead-scoring[date=2026-11-20]");
        }
        Cli.Result noQuery = batch("batch", "run", "--remote-model-path", model.toString(), "--source", db, "--sink", "s.csv");
        assertThat(noQuery.exitCode()).isEqualTo(2);
        assertThat(noQuery.err()).contains("needs --query");
    }

    @Test
    void passingTheRejectBudgetExitsWith3() throws Exception {
        Cli.Result r = batch("batch", "run", "--remote-model-path", model.toString(), "--source", leads.toString(),
                "--sink", tmp.resolve("s.csv").toString(), "--max-rejects", "0");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
        assertThat(r.errLines()).anySatisfy(l -> assertThat(l).startsWith("modeldeploy: ").contains("reject budget"));
        assertThat(r.err()).doesNotContain("\tat ");
    }

    @Test
    void failuresExit1AndBadArgumentsExit2() throws Exception {
        Cli.Result missing = batch("batch", "run", "--remote-model-path", tmp.resolve("store").resolve("nope").toUri().toString(),
                "--source", leads.toString(), "--sink", tmp.resolve("s.csv").toString());
        assertThat(missing.exitCode()).as(missing.toString()).isEqualTo(1);
        assertThat(missing.err()).contains("model not found");

        Cli.Result noSource = batch("batch", "run", "--remote-model-path", model.toString(), "--sink", "s.csv");
        assertThat(noSource.exitCode()).isEqualTo(2);
        assertThat(noSource.err()).contains("--source");
        Cli.Result badChunk = batch("batch", "run", "--remote-model-path", model.toString(), "--source", leads.toString(),
                "--sink", "s.csv", "--chunk-size", "0");
        assertThat(badChunk.exitCode()).isEqualTo(2);
        Cli.Result noFile = batch("batch", "run", "--remote-model-path", model.toString(), "--source", tmp.resolve("none.csv").toString(),
                "--sink", tmp.resolve("s.csv").toString());
        assertThat(noFile.exitCode()).as(noFile.toString()).isEqualTo(2);
        assertThat(noFile.err()).contains("no such file");
        Cli.Result badCron = batch("batch", "schedule", "--cron", "61 * * * *", "--remote-model-path", model.toString(),
                "--source", leads.toString(), "--sink", "s.csv");
        assertThat(badCron.exitCode()).isEqualTo(2);
        assertThat(badCron.err()).contains("--cron");
    }

    @Test
    void scheduleRunsOnTicksWithTheTicksDate() throws Exception {
        Path scores = tmp.resolve("scheduled.jsonl");
        Cli.Result r = batch("batch", "schedule", "--cron", "* * * * * *", "--zone", "Europe/Berlin", "--max-runs", "2",
                "--remote-model-path", model.toString(), "--source", leads.toString(), "--param", "date={date}",
                "--sink", scores.toString());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.err()).contains("scheduling * * * * * * (Europe/Berlin)");
        assertThat(Files.readAllLines(scores)).hasSize(999).allSatisfy(l -> assertThat(l).containsPattern("lead-scoring\\[date=20\\d\\d-"));
    }
}

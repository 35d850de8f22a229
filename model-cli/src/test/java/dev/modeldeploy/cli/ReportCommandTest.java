package dev.modeldeploy.cli;

import dev.modeldeploy.api.repository.ModelRepository;
import dev.modeldeploy.api.repository.PublishOptions;
import dev.modeldeploy.api.testing.WeightedSumModel;
import dev.modeldeploy.runtime.batch.BatchConfig;
import dev.modeldeploy.runtime.batch.BatchJob;
import dev.modeldeploy.runtime.batch.BatchRunner;
import dev.modeldeploy.runtime.batch.RunKey;
import dev.modeldeploy.runtime.batch.Sink;
import dev.modeldeploy.runtime.batch.Source;
import dev.modeldeploy.runtime.batch.jdbc.JdbcDatabase;
import dev.modeldeploy.runtime.batch.jdbc.JdbcSink;
import dev.modeldeploy.runtime.batch.jdbc.JdbcSource;
import dev.modeldeploy.runtime.experiment.ArmResult;
import dev.modeldeploy.runtime.experiment.MetricKind;
import dev.modeldeploy.runtime.monitor.DriftConfig;
import dev.modeldeploy.runtime.monitor.DriftMetric;
import dev.modeldeploy.runtime.report.DriftPoint;
import dev.modeldeploy.runtime.report.Histogram;
import dev.modeldeploy.runtime.report.MonitoringReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What goes into the report {@code modeldeploy report} renders, whatever the page looks like. */
class ReportCommandTest {
    @TempDir
    Path tmp;

    private MonitoringReport report(String... args) throws Exception {
        ReportCommand command = new ReportCommand();
        CommandLine cl = new CommandLine(command);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setErr(new PrintWriter(new StringWriter()));
        cl.parseArgs(args);
        return command.report();
    }

    @Test
    void theExperimentSectionHoldsEachArmsOutcomes() throws Exception {
        StringBuilder log = new StringBuilder();
        StringBuilder outcomes = new StringBuilder();
        for (int u = 0; u < 300; u++) {
            String arm = u % 3 == 0 ? "v2" : u % 3 == 1 ? "v3" : "v4";
            log.append("{\"time\":\"2026-11-20T10:00:00Z\",\"unit\":\"u").append(u).append("\",\"experiment\":\"eta\",\"variant\":\"")
                    .append(arm).append("\",\"model\":\"eta\",\"version\":1,\"prediction\":1.0}\n");
            if (u < 297) { // Three units have no outcome and are left out.
                outcomes.append("{\"unit\":\"u").append(u).append("\",\"value\":").append(10 + u % 3).append("}\n");
            }
        }
        Path assignments = Files.writeString(tmp.resolve("a.jsonl"), log);
        Path values = Files.writeString(tmp.resolve("minutes.jsonl"), outcomes);
        MonitoringReport r = report("--out", tmp.resolve("r.html").toString(), "--assignments", assignments.toString(),
                "--outcomes", values.toString(), "--experiment", "eta", "--control", "v2", "--metric", "mean", "--level", "0.9");
        assertThat(r.title()).isEqualTo("Monitoring report: experiment eta");
        assertThat(r.model()).isNull();
        assertThat(r.experiments()).hasSize(1);
        MonitoringReport.Experiment e = r.experiments().get(0);
        assertThat(e.name()).isEqualTo("eta");
        assertThat(e.result().metric()).isEqualTo(MetricKind.MEAN);
        assertThat(e.result().control()).isEqualTo("v2");
        assertThat(e.result().level()).isEqualTo(0.9);
        assertThat(e.result().arms()).extracting(ArmResult::arm).containsExactly("v2", "v3", "v4");
        assertThat(e.result().arms()).extracting(ArmResult::count).containsExactly(99L, 99L, 99L);
        assertThat(e.result().arms()).extracting(ArmResult::mean).containsExactly(10.0, 11.0, 12.0);

        MonitoringReport withMissing = report("--out", tmp.resolve("r.html").toString(), "--assignments", assignments.toString(),
                "--outcomes", values.toString(), "--experiment", "eta", "--control", "v2", "--metric", "mean", "--missing-outcome", "0");
        assertThat(withMissing.experiments().get(0).result().arms()).extracting(ArmResult::count).containsExactly(100L, 100L, 100L);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static BatchJob<Map<String, Object>, Double> job(RunKey key, URI model, Source<Map<String, Object>> source, Sink<Double> sink) {
        Class<Map<String, Object>> records = (Class) Map.class; // The model takes Map<String, Object>; a class literal can only say Map.
        return BatchJob.builder(records, Double.class).runKey(key).model(model).source(source).sink(sink).build();
    }

    @Test
    void theDriftSectionHoldsTheLedgersRunsAndTheLatestHistograms() throws Exception {
        Map<String, Float> weights = new LinkedHashMap<>();
        weights.put("visits", 0.5f);
        weights.put("emails", 2f);
        URI model = tmp.resolve("store").resolve("lead-scoring").toUri();
        List<Map<String, Object>> training = new ArrayList<>();
        for (int i = 0; i < 1_300; i++) {
            training.add(Map.of("visits", i % 13, "emails", i % 3));
        }
        String url = "jdbc:sqlite:" + tmp.resolve("crm.db");
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE leads (id INTEGER PRIMARY KEY, day TEXT, visits INTEGER, emails INTEGER)");
            c.setAutoCommit(false);
            for (int i = 0; i < 600; i++) {
                s.execute("INSERT INTO leads VALUES (" + i + ", '" + (i < 300 ? "d1" : "d2") + "', " + (i % 13) + ", " + (i % 3) + ")");
            }
            c.commit();
        }
        JdbcDatabase db = JdbcDatabase.url(url);
        try (ModelRepository repo = ModelRepository.builder().cacheDirectory(tmp.resolve("cache")).build()) {
            repo.publish(WeightedSumModel.of("lead-scoring", weights, 1f), model, PublishOptions.builder().trainingSample(training).build());
            BatchRunner runner = BatchRunner.builder().repository(repo).config(BatchConfig.builder().chunkSize(100).build())
                    .monitorDrift(DriftConfig.defaults()).build();
            for (String day : List.of("d1", "d2")) {
                RunKey key = RunKey.of("nightly", Map.of("date", day));
                runner.run(job(key, model, JdbcSource.builder(db).query("SELECT id, visits, emails FROM leads WHERE day = :date")
                        .params(key.params()).build(), JdbcSink.builder(db, Double.class).table("scores").build()));
            }
        }
        MonitoringReport r = report("--out", tmp.resolve("r.html").toString(), "--jdbc-url", url, "--job", "nightly", "--runs", "5");
        assertThat(r.title()).isEqualTo("Monitoring report: job nightly, model lead-scoring version 1");
        assertThat(r.model()).isEqualTo("lead-scoring");
        assertThat(r.version()).isEqualTo(1);
        assertThat(r.window()).contains("nightly[date=d1]").contains("nightly[date=d2]");
        assertThat(r.histograms()).extracting(Histogram::signal).containsExactlyInAnyOrder("visits", "emails", "prediction");
        assertThat(r.history()).hasSize(2 * 3 * 2);
        assertThat(r.history()).extracting(DriftPoint::metric).containsOnly(DriftMetric.PSI, DriftMetric.KS);
        assertThat(r.history().get(0).label()).isEqualTo("nightly[date=d1]");
        assertThat(r.history().get(r.history().size() - 1).label()).isEqualTo("nightly[date=d2]");
        assertThat(r.experiments()).isEmpty();
    }
}

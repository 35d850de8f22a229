package dev.modeldeploy.runtime.batch.jdbc;

import dev.modeldeploy.api.repository.ModelRepository;
import dev.modeldeploy.api.testing.TestRepositories;
import dev.modeldeploy.runtime.batch.BatchConfig;
import dev.modeldeploy.runtime.batch.BatchRunException;
import dev.modeldeploy.runtime.batch.BatchRunner;
import dev.modeldeploy.runtime.batch.ChunkRange;
import dev.modeldeploy.runtime.batch.InterceptingSink;
import dev.modeldeploy.runtime.batch.RunInfo;
import dev.modeldeploy.runtime.batch.RunKey;
import dev.modeldeploy.runtime.batch.RunStatus;
import dev.modeldeploy.runtime.batch.RunSummary;
import dev.modeldeploy.runtime.batch.Scored;
import dev.modeldeploy.runtime.batch.Sink;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modeldeploy.api.repository.PublishOptions;
import dev.modeldeploy.runtime.monitor.DriftAlert;
import dev.modeldeploy.runtime.monitor.DriftConfig;
import dev.modeldeploy.runtime.monitor.DriftListener;
import dev.modeldeploy.runtime.monitor.DriftMetric;
import dev.modeldeploy.runtime.monitor.DriftReport;
import dev.modeldeploy.runtime.monitor.DriftThresholds;
import dev.modeldeploy.runtime.monitor.SignalSource;
import dev.modeldeploy.runtime.report.DriftPoint;
import dev.modeldeploy.runtime.report.Histogram;
import dev.modeldeploy.runtime.report.MonitoringReport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * End-to-end batch runs from a real database table into the same real database, through the real
 * runner and model store; each database runs the same checks through a subclass.
 */
@SuppressWarnings("try") // Source.Reader.close() throws Exception, which javac flags in every try-with-resources.
abstract class JdbcBatchContract {
    static final int LEADS = 2_345;
    static final int CHUNK = 200;
    static final long FIRST_ID = 1_000;

    @TempDir
    Path tmp;
    ModelRepository repo;
    URI modelUri;
    JdbcDatabase db;

    /** A new, empty database for one test. */
    abstract JdbcDatabase newDatabase(Path tmp) throws Exception;

    @BeforeEach
    void setUp() throws Exception {
        repo = TestRepositories.repository(tmp);
        modelUri = TestRepositories.modelUri(tmp, "lead-scoring");
        Leads.publish(repo, modelUri);
        db = newDatabase(tmp);
        try (Connection c = db.open(false)) {
            Leads.create(c);
            Leads.insert(c, Leads.DAY, FIRST_ID, LEADS, 0);
            Leads.insert(c, "2026-11-19", FIRST_ID + LEADS, 150, 0); // Another day: not in the run.
        }
    }

    @AfterEach
    void closeRepository() {
        repo.close();
    }

    BatchRunner runner(int threads) {
        return BatchRunner.builder().repository(repo).config(BatchConfig.builder().chunkSize(CHUNK).threads(threads).build()).build();
    }

    JdbcSink<Double> sink() {
        return JdbcSink.builder(db, Double.class).table("lead_scores").idColumn("lead_id").build();
    }

    @Test
    void scoresEveryLeadOfTheDayAndKeepsTheLedger() throws Exception {
        JdbcSource source = Leads.source(db, Leads.KEY);
        RunSummary summary = runner(2).run(Leads.job(Leads.KEY, modelUri, source, sink()));
        assertThat(summary.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(summary.read()).isEqualTo(LEADS);
        assertThat(source.rowsRead()).isEqualTo(LEADS);

        Map<Long, Double> scores = scores("lead_scores", Leads.KEY);
        assertThat(scores).hasSize(LEADS);
        for (long id = FIRST_ID; id < FIRST_ID + LEADS; id++) {
            assertThat(scores.get(id)).as("lead %d", id).isCloseTo(Leads.expected(id), within(1e-6));
        }
        assertThat(rows("SELECT DISTINCT model_name, model_version, run_key FROM lead_scores"))
                .containsExactly(row("model_name", "lead-scoring", "model_version", 1L, "run_key", "lead-scoring[date=2026-11-20]"));

        Map<String, Object> run = single(rows("SELECT * FROM modeldeploy_runs"));
        int chunks = (LEADS + CHUNK - 1) / CHUNK;
        assertThat(run).containsEntry("run_key", Leads.KEY.toString()).containsEntry("sink_table", "lead_scores")
                .containsEntry("job", "lead-scoring").containsEntry("model_uri", modelUri.toString())
                .containsEntry("model_name", "lead-scoring").containsEntry("model_version", 1L)
                .containsEntry("status", "SUCCEEDED").containsEntry("attempts", 1L)
                .containsEntry("records_read", (long) LEADS).containsEntry("records_written", (long) LEADS)
                .containsEntry("records_rejected", 0L).containsEntry("chunks_committed", (long) chunks)
                .containsEntry("total_chunks", (long) chunks).containsEntry("total_written", (long) LEADS)
                .containsEntry("failure", null);
        assertThat(run.get("finished_at")).isNotNull();
        assertThat(run.get("duration_ms")).isEqualTo(summary.duration().toMillis());

        List<Map<String, Object>> ledger = rows("SELECT * FROM modeldeploy_run_chunks ORDER BY committed_at");
        assertThat(ledger).hasSize(chunks);
        assertThat(ledger.stream().mapToLong(r -> (Long) r.get("rows_written")).sum()).isEqualTo(LEADS);
        // The ranges chain from the start through every id: (prev last id, last id].
        Map<String, String> next = ledger.stream().collect(Collectors.toMap(r -> (String) r.get("range_from"), r -> (String) r.get("range_to")));
        String at = "";
        int hops = 0;
        while (next.containsKey(at)) {
            at = next.get(at);
            hops++;
        }
        assertThat(hops).isEqualTo(chunks);
        assertThat(at).isEqualTo(Long.toString(FIRST_ID + LEADS - 1));
    }

    @Test
    void aMonitoredRunRecordsItsDistributionAndDriftInTheLedger() throws Exception {
        // Trained on visits 0..2; the day's leads have visits 0..16 (drift) and emails 0..4 as in training.
        List<Map<String, Object>> training = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            training.add(Map.of("visits", i % 3, "emails", i % 5));
        }
        URI monitored = TestRepositories.modelUri(tmp, "lead-scoring-monitored");
        repo.publish(Leads.model(), monitored, PublishOptions.builder().trainingSample(training).build());
        List<DriftAlert> alerts = new java.util.concurrent.CopyOnWriteArrayList<>();
        BatchRunner runner = BatchRunner.builder().repository(repo).config(BatchConfig.builder().chunkSize(CHUNK).threads(2).build())
                .monitorDrift(DriftConfig.builder().listener(new DriftListener() {
                    @Override
                    public void onAlert(DriftAlert alert) {
                        alerts.add(alert);
                    }
                }).build()).build();

        RunSummary summary = runner.run(Leads.job(Leads.KEY, monitored, Leads.source(db, Leads.KEY), sink()));

        DriftReport drift = summary.driftReport().orElseThrow();
        assertThat(drift.window().records()).isEqualTo(LEADS);
        assertThat(alerts).extracting(DriftAlert::feature).contains("visits", "prediction").doesNotContain("emails");
        List<Map<String, Object>> rows = rows("SELECT * FROM modeldeploy_run_drift WHERE run_key = ? ORDER BY source, signal",
                Leads.KEY.toString());
        assertThat(rows).extracting(r -> r.get("source") + ":" + r.get("signal"))
                .containsExactly("input:emails", "input:visits", "output:prediction");
        for (Map<String, Object> r : rows) {
            assertThat(r).containsEntry("sink_table", "lead_scores").containsEntry("live_count", (long) LEADS)
                    .containsEntry("live_missing", 0L).containsEntry("test", "KS").containsEntry("kind", "numeric");
            JsonNode histogram = new ObjectMapper().readTree((String) r.get("histogram"));
            long live = 0;
            for (JsonNode n : histogram.get("live")) {
                live += n.asLong();
            }
            assertThat(live).isEqualTo(LEADS);
            assertThat(histogram.get("bins").size()).isEqualTo(histogram.get("baseline").size());
        }
        assertThat(drifted(rows.get(0))).isFalse();
        assertThat(drifted(rows.get(1))).isTrue();
        assertThat(drifted(rows.get(2))).isTrue();
        assertThat(((Number) rows.get(1).get("psi")).doubleValue()).isGreaterThan(1);
        assertThat(((Number) rows.get(0).get("p_value")).doubleValue()).isGreaterThan(0.01);
    }

    @Test
    void theDriftLedgerGivesTheLastRunsFiguresAndTheLatestHistogramsForAReport() throws Exception {
        // Trained on what every day looks like (visits 0..16, emails 0..4); the last day's visits shift by 20.
        List<Map<String, Object>> training = new ArrayList<>();
        for (int i = 0; i < 3400; i++) {
            training.add(Map.of("visits", Leads.visits(i), "emails", Leads.emails(i)));
        }
        URI monitored = TestRepositories.modelUri(tmp, "lead-scoring-monitored");
        repo.publish(Leads.model(), monitored, PublishOptions.builder().trainingSample(training).build());
        BatchRunner runner = BatchRunner.builder().repository(repo).config(BatchConfig.builder().chunkSize(CHUNK).threads(1).build())
                .monitorDrift(DriftConfig.defaults()).build();
        List<String> days = List.of("2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04");
        int perDay = 680;
        List<RunKey> keys = new ArrayList<>();
        for (int d = 0; d < days.size(); d++) {
            try (Connection c = db.open(false)) {
                Leads.insert(c, days.get(d), 100_000 + d * perDay, perDay, 0);
            }
            if (d == days.size() - 1) {
                execute("UPDATE leads SET visits = visits + 20 WHERE created_on = '" + days.get(d) + "'");
            }
            RunKey key = RunKey.of("lead-drift", Map.of("date", days.get(d)));
            keys.add(key);
            assertThat(runner.run(Leads.job(key, monitored, Leads.source(db, key), sink())).status()).isEqualTo(RunStatus.SUCCEEDED);
        }
        // Another job's monitored run, which the ledger must not mix in.
        RunKey other = RunKey.of("other-job", Map.of("date", days.get(0)));
        runner.run(Leads.job(other, monitored, Leads.source(db, RunKey.of("x", Map.of("date", days.get(0)))),
                JdbcSink.builder(db, Double.class).table("other_scores").idColumn("lead_id").build()));

        DriftLedger.JobDrift drift = DriftLedger.of(db).read("lead-drift", null, 3);
        List<String> lastThree = keys.subList(1, 4).stream().map(RunKey::toString).toList();
        assertThat(drift.runs()).isEqualTo(lastThree);
        assertThat(drift.model()).isEqualTo("lead-scoring-monitored");
        assertThat(drift.version()).isEqualTo(1);
        assertThat(drift.points()).hasSize(3 * 3 * 2); // runs x (emails, visits, prediction) x (PSI, KS)
        assertThat(drift.points()).extracting(DriftPoint::label).containsOnlyElementsOf(lastThree);
        assertThat(drift.points()).allSatisfy(p -> assertThat(p.metric()).isIn(DriftMetric.PSI, DriftMetric.KS));
        Map<String, Boolean> psiDrifted = drift.points().stream().filter(p -> p.metric() == DriftMetric.PSI)
                .collect(Collectors.toMap(p -> p.label() + " " + p.signal(), DriftPoint::drifted));
        String last = keys.get(3).toString();
        assertThat(psiDrifted).containsEntry(last + " visits", true).containsEntry(last + " prediction", true)
                .containsEntry(last + " emails", false).containsEntry(keys.get(1) + " visits", false)
                .containsEntry(keys.get(2) + " prediction", false);
        DriftPoint lastVisits = drift.points().stream().filter(p -> p.label().equals(last) && p.signal().equals("visits")
                && p.metric() == DriftMetric.PSI).findFirst().orElseThrow();
        Number storedPsi = (Number) single(rows("SELECT psi FROM modeldeploy_run_drift WHERE run_key = ? AND signal = 'visits'", last))
                .get("psi");
        assertThat(lastVisits.value()).isEqualTo(storedPsi.doubleValue());
        assertThat(lastVisits.threshold()).isEqualTo(DriftThresholds.defaults().psi());
        assertThat(drift.points().get(0).at()).isBefore(lastVisits.at());

        assertThat(drift.histograms()).extracting(h -> h.source() + ":" + h.signal())
                .containsExactlyInAnyOrder("INPUT:emails", "INPUT:visits", "OUTPUT:prediction");
        assertThat(drift.histograms().get(drift.histograms().size() - 1).source()).isEqualTo(SignalSource.OUTPUT);
        for (Histogram h : drift.histograms()) {
            assertThat(java.util.Arrays.stream(h.live()).sum()).as(h.signal()).isEqualTo(perDay);
            assertThat(java.util.Arrays.stream(h.baseline()).sum()).as(h.signal()).isEqualTo(training.size());
        }

        // Stricter thresholds judge the same figures again; more runs than exist gives them all.
        DriftLedger.JobDrift strict = DriftLedger.of(db).withThresholds(DriftThresholds.defaults().withPsi(1e-9)).read("lead-drift",
                "lead_scores", 10);
        assertThat(strict.runs()).isEqualTo(keys.stream().map(RunKey::toString).toList());
        assertThat(strict.points()).filteredOn(p -> p.metric() == DriftMetric.PSI).allMatch(DriftPoint::drifted);
        assertThat(DriftLedger.of(db).read("lead-drift", "other_scores", 10).isEmpty()).isTrue();
        assertThat(DriftLedger.of(db).read("no-such-job", null, 10).isEmpty()).isTrue();
        assertThat(DriftLedger.of(db).read("other-job", null, 10).runs()).containsExactly(other.toString());

        MonitoringReport report = drift.addTo(MonitoringReport.builder("lead drift")).build();
        assertThat(report.model()).isEqualTo("lead-scoring-monitored");
        assertThat(report.history()).hasSize(drift.points().size());
        assertThat(report.window()).contains(keys.get(1).toString()).contains(last);
        assertThatThrownBy(() -> DriftLedger.of(db).withTables("runs; DROP TABLE leads", "d"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static boolean drifted(Map<String, Object> row) {
        Object v = row.get("drifted");
        return v instanceof Boolean b ? b : ((Number) v).longValue() != 0;
    }

    @Test
    void rerunningTheSameRunKeyWritesNoDuplicatesAndTheSameValues() throws Exception {
        runner(2).run(Leads.job(Leads.KEY, modelUri, Leads.source(db, Leads.KEY), sink()));
        List<Map<String, Object>> first = rows("SELECT lead_id, prediction, scored_at FROM lead_scores ORDER BY lead_id");

        JdbcSource again = Leads.source(db, Leads.KEY);
        RunSummary rerun = runner(2).run(Leads.job(Leads.KEY, modelUri, again, sink()));
        assertThat(rerun.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(again.rowsRead()).isZero(); // Every range was committed: nothing is read again.
        assertThat(rows("SELECT lead_id, prediction, scored_at FROM lead_scores ORDER BY lead_id")).isEqualTo(first);

        // Without the ledger every row is scored again: the upsert replaces, never duplicates.
        execute("DELETE FROM modeldeploy_run_chunks");
        JdbcSource third = Leads.source(db, Leads.KEY);
        runner(1).run(Leads.job(Leads.KEY, modelUri, third, sink()));
        assertThat(third.rowsRead()).isEqualTo(LEADS);
        assertThat(count("SELECT COUNT(*) FROM lead_scores")).isEqualTo(LEADS);
        assertThat(rows("SELECT lead_id, prediction FROM lead_scores ORDER BY lead_id"))
                .isEqualTo(first.stream().map(r -> row("lead_id", r.get("lead_id"), "prediction", r.get("prediction"))).toList());
        assertThat(single(rows("SELECT attempts, status FROM modeldeploy_runs"))).isEqualTo(row("attempts", 3L, "status", "SUCCEEDED"));
    }

    @Test
    void aFailedRunResumesReadingOnlyTheUncommittedRanges() throws Exception {
        Sink<Double> failing = InterceptingSink.failingAt(4, sink(), "injected failure at the fourth chunk");
        assertThatThrownBy(() -> runner(1).run(Leads.job(Leads.KEY, modelUri, Leads.source(db, Leads.KEY), failing)))
                .isInstanceOf(BatchRunException.class).hasMessageContaining("injected failure");
        assertThat(count("SELECT COUNT(*) FROM lead_scores")).isEqualTo(3 * CHUNK);
        Map<String, Object> failed = single(rows("SELECT status, failure, total_chunks, total_written FROM modeldeploy_runs"));
        assertThat(failed).containsEntry("status", "FAILED").containsEntry("total_chunks", 3L).containsEntry("total_written", 3L * CHUNK);
        assertThat((String) failed.get("failure")).contains("injected failure at the fourth chunk");

        JdbcSource resumed = Leads.source(db, Leads.KEY);
        RunSummary summary = runner(1).run(Leads.job(Leads.KEY, modelUri, resumed, sink()));
        assertThat(resumed.rowsRead()).isEqualTo(LEADS - 3 * CHUNK);
        assertThat(summary.read()).isEqualTo(LEADS - 3 * CHUNK);
        assertEveryLeadScoredOnce();
        assertThat(single(rows("SELECT status, attempts, total_written FROM modeldeploy_runs")))
                .isEqualTo(row("status", "SUCCEEDED", "attempts", 2L, "total_written", (long) LEADS));
    }

    @Test
    void outOfOrderCommitsFromTwoThreadsLeaveAGapThatTheResumeFills() throws Exception {
        // The first chunk's commit waits until another chunk has committed, then fails: the ledger has a
        // hole at the start and committed ranges after it.
        CountDownLatch laterChunkCommitted = new CountDownLatch(1);
        Sink<Double> sink = new InterceptingSink<>(sink(), range -> {
            if (range.from().isEmpty()) {
                assertThat(laterChunkCommitted.await(30, TimeUnit.SECONDS)).isTrue();
                throw new IllegalStateException("injected failure of the first chunk");
            }
        }, range -> laterChunkCommitted.countDown());
        assertThatThrownBy(() -> runner(2).run(Leads.job(Leads.KEY, modelUri, Leads.source(db, Leads.KEY), sink)))
                .isInstanceOf(BatchRunException.class);
        List<Map<String, Object>> committed = rows("SELECT range_from, rows_written FROM modeldeploy_run_chunks");
        assertThat(committed).isNotEmpty().noneMatch(r -> "".equals(r.get("range_from")));
        long committedRows = committed.stream().mapToLong(r -> (Long) r.get("rows_written")).sum();

        JdbcSource resumed = Leads.source(db, Leads.KEY);
        runner(2).run(Leads.job(Leads.KEY, modelUri, resumed, sink()));
        assertThat(resumed.rowsRead()).isEqualTo(LEADS - committedRows);
        assertThat(scores("lead_scores", Leads.KEY)).hasSize(LEADS);
        assertThat(count("SELECT COUNT(*) FROM modeldeploy_run_chunks WHERE range_from = ''")).isEqualTo(1);
    }

    @Test
    void rejectedLeadsGoToTheRejectsTableWithTheirReason() throws Exception {
        execute("DELETE FROM leads");
        try (Connection c = db.open(false)) {
            Leads.insert(c, Leads.DAY, FIRST_ID, LEADS, 97);
        }
        RunSummary summary = runner(2).run(Leads.job(Leads.KEY, modelUri, Leads.source(db, Leads.KEY), sink()));
        Set<Long> bad = new java.util.TreeSet<>();
        for (long id = FIRST_ID; id < FIRST_ID + LEADS; id++) {
            if (id % 97 == 0) {
                bad.add(id);
            }
        }
        assertThat(summary.rejected()).isEqualTo(bad.size());
        List<Map<String, Object>> rejects = rows("SELECT lead_id, reason, run_key, rejected_at FROM lead_scores_rejects ORDER BY lead_id");
        assertThat(rejects.stream().map(r -> (Long) r.get("lead_id")).toList()).containsExactlyElementsOf(bad);
        assertThat(rejects).allSatisfy(r -> {
            assertThat((String) r.get("reason")).contains("visits");
            assertThat(r.get("run_key")).isEqualTo(Leads.KEY.toString());
            assertThat(r.get("rejected_at")).isNotNull();
        });
        assertThat(count("SELECT COUNT(*) FROM lead_scores")).isEqualTo(LEADS - bad.size());
        assertThat(count("SELECT COALESCE(SUM(rows_rejected), 0) FROM modeldeploy_run_chunks")).isEqualTo(bad.size());
        assertThat(single(rows("SELECT records_rejected, total_rejected FROM modeldeploy_runs")))
                .isEqualTo(row("records_rejected", (long) bad.size(), "total_rejected", (long) bad.size()));
    }

    /** One of the rows a score explodes into. */
    public record Part(String label, double weight) {
    }

    /** One to three rows per score, depending on the score. */
    static List<Part> parts(Double score) {
        List<Part> parts = new ArrayList<>();
        for (int i = 0; i < 1 + (int) Math.floor(score) % 3; i++) {
            parts.add(new Part("part-" + i, score / (i + 1)));
        }
        return parts;
    }

    @Test
    void explodedPredictionsWriteRankedRowsExactlyOnceThroughFailuresAndReruns() throws Exception {
        JdbcSink<Double> exploded = JdbcSink.builder(db, Double.class).table("lead_parts").idColumn("lead_id")
                .explode("rank", Part.class, JdbcBatchContract::parts).build();
        assertThat(exploded.predictionColumns()).containsExactly("rank", "label", "weight");
        Sink<Double> failing = InterceptingSink.failingAt(4, exploded, "injected failure at the fourth chunk");
        assertThatThrownBy(() -> runner(2).run(Leads.job(Leads.KEY, modelUri, Leads.source(db, Leads.KEY), failing)))
                .isInstanceOf(BatchRunException.class);
        RunSummary resumed = runner(2).run(Leads.job(Leads.KEY, modelUri, Leads.source(db, Leads.KEY),
                JdbcSink.builder(db, Double.class).table("lead_parts").idColumn("lead_id").explode("rank", Part.class, JdbcBatchContract::parts)
                        .build()));
        assertThat(resumed.status()).isEqualTo(RunStatus.SUCCEEDED);

        List<Map<String, Object>> rows = rows("SELECT lead_id, rank, label, weight, run_key FROM lead_parts ORDER BY lead_id, rank");
        int at = 0;
        for (long id = FIRST_ID; id < FIRST_ID + LEADS; id++) {
            List<Part> expected = parts(Leads.expected(id));
            for (int rank = 1; rank <= expected.size(); rank++) {
                Map<String, Object> r = rows.get(at++);
                assertThat(r).containsEntry("lead_id", id).containsEntry("rank", (long) rank)
                        .containsEntry("label", expected.get(rank - 1).label()).containsEntry("run_key", Leads.KEY.toString());
                assertThat(((Number) r.get("weight")).doubleValue()).isCloseTo(expected.get(rank - 1).weight(), within(1e-6));
            }
        }
        assertThat(rows).hasSize(at);
        // The ledger counts records, not rows.
        assertThat(single(rows("SELECT status, total_written FROM modeldeploy_runs")))
                .isEqualTo(row("status", "SUCCEEDED", "total_written", (long) LEADS));

        // Scored again without the ledger by a model version that makes one row each: the ranks the
        // earlier predictions had below it are gone, not left behind.
        execute("DELETE FROM modeldeploy_run_chunks");
        runner(1).run(Leads.job(Leads.KEY, modelUri, Leads.source(db, Leads.KEY), JdbcSink.builder(db, Double.class)
                .table("lead_parts").idColumn("lead_id").explode("rank", Part.class, s -> List.of(new Part("only", s))).build()));
        assertThat(count("SELECT COUNT(*) FROM lead_parts")).isEqualTo(LEADS);
        assertThat(count("SELECT COUNT(*) FROM lead_parts WHERE rank = 1 AND label = 'only'")).isEqualTo(LEADS);
        assertThatThrownBy(() -> JdbcSink.builder(db, Double.class).table("t").explode("rank", Part.class, JdbcBatchContract::parts)
                .column("extra", ColumnType.TEXT, s -> "x").build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JdbcSink.builder(db, Double.class).table("t").explode("label", Part.class, JdbcBatchContract::parts)
                .build()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("label");
    }

    /** A prediction type with a property of each kind. */
    public record Explanation(double score, String scoreBucket, boolean hot, Instant explainedAt, List<String> reasons, Map<String, Double> parts) {
    }

    @Test
    void recordPredictionsBecomeOneColumnPerPropertyAndTextIds() throws Exception {
        JdbcSink<Explanation> sink = JdbcSink.builder(db, Explanation.class).table("explanations").idColumn("lead_key", ColumnType.TEXT)
                .ledgerTables("ledger_runs", "ledger_chunks").build();
        assertThat(sink.predictionColumns()).containsExactly("score", "score_bucket", "hot", "explained_at", "reasons", "parts");
        RunKey key = RunKey.of("explain");
        RunInfo run = new RunInfo(key, URI.create("file:/models/explain"), "explain", 3, Instant.now(), 1);
        Instant at = Instant.parse("2026-11-20T03:00:00.123Z");
        Map<String, Double> parts = new LinkedHashMap<>();
        parts.put("visits", 0.5);
        parts.put("emails", 2.0);
        assertThat(sink.open(key).committed()).isEmpty();
        sink.begin(run);
        sink.commit(run, new ChunkRange("", "b"), List.of(
                new Scored<>("a", new Explanation(3.5, "high", true, at, List.of("visits", "emails"), parts)),
                new Scored<>("b", new Explanation(0.25, null, false, null, List.of(), Map.of()))), List.of());
        sink.finish(run, new RunSummary(run, RunStatus.SUCCEEDED, Instant.now(), 2, 2, 0, 0, 1, 0,
                new RunSummary.StageTimes(Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO), null));

        List<Map<String, Object>> out = rows("SELECT lead_key, score, score_bucket, hot, explained_at, reasons, parts, model_version"
                + " FROM explanations ORDER BY lead_key");
        assertThat(out).hasSize(2);
        Map<String, Object> a = out.get(0);
        assertThat(a.get("lead_key")).isEqualTo("a");
        assertThat(((Number) a.get("score")).doubleValue()).isEqualTo(3.5);
        assertThat(a.get("score_bucket")).isEqualTo("high");
        assertThat(truthy(a.get("hot"))).isTrue();
        assertThat(instant(a.get("explained_at"))).isEqualTo(at);
        assertThat(a.get("reasons")).isEqualTo("[\"visits\",\"emails\"]");
        assertThat(a.get("parts")).isEqualTo("{\"visits\":0.5,\"emails\":2.0}");
        assertThat(a.get("model_version")).isEqualTo(3L);
        Map<String, Object> b = out.get(1);
        assertThat(b.get("score_bucket")).isNull();
        assertThat(truthy(b.get("hot"))).isFalse();
        assertThat(b.get("explained_at")).isNull();
        assertThat(single(rows("SELECT status, total_written FROM ledger_runs"))).isEqualTo(row("status", "SUCCEEDED", "total_written", 2L));
        assertThat(sink.open(key).committed()).containsExactly(new ChunkRange("", "b"));
        sink.close();
    }

    @Test
    void aChunkWithAnIdTwiceWritesItOnceAndIdsOfTheWrongTypeFailClearly() throws Exception {
        JdbcSink<Double> sink = sink();
        RunInfo run = new RunInfo(Leads.KEY, modelUri, "lead-scoring", 1, Instant.now(), 1);
        sink.open(Leads.KEY);
        sink.begin(run);
        sink.commit(run, new ChunkRange("", "2"), List.of(new Scored<>(1, 1.0), new Scored<>(2L, 2.0), new Scored<>(1L, 3.0)), List.of());
        assertThat(rows("SELECT lead_id, prediction FROM lead_scores ORDER BY lead_id"))
                .containsExactly(row("lead_id", 1L, "prediction", 3.0), row("lead_id", 2L, "prediction", 2.0));
        assertThatThrownBy(() -> sink.commit(run, new ChunkRange("2", "x"), List.of(new Scored<>("lead-x", 1.0)), List.of()))
                .isInstanceOf(JdbcBatchException.class).hasMessageContaining("lead_id").hasMessageContaining("not an integer");
        assertThat(count("SELECT COUNT(*) FROM modeldeploy_run_chunks")).isEqualTo(1); // The failed chunk left nothing.
        sink.close();
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void listAndMapPredictionsAreOneColumnOfJsonText() throws Exception {
        JdbcSink<Map> sink = JdbcSink.builder(db, Map.class).table("recommendations").idColumn("user_id").build();
        assertThat(sink.predictionColumns()).containsExactly("prediction");
        RunKey key = RunKey.of("recommend", Map.of("tz", "Europe/Berlin"));
        RunInfo run = new RunInfo(key, modelUri, "recommend", 1, Instant.now(), 1);
        sink.open(key);
        sink.begin(run);
        Map<String, Object> recs = new LinkedHashMap<>();
        recs.put("items", List.of("a", "b"));
        recs.put("scores", List.of(0.5, 0.25));
        sink.commit(run, new ChunkRange("", "7"), List.of(new Scored<Map>(7L, recs)), List.of());
        sink.close();
        assertThat(single(rows("SELECT user_id, prediction FROM recommendations")))
                .isEqualTo(row("user_id", 7L, "prediction", "{\"items\":[\"a\",\"b\"],\"scores\":[0.5,0.25]}"));
    }

    @Test
    void explicitColumnsReplaceTheDerivedOnes() throws Exception {
        JdbcSink<Double> sink = JdbcSink.builder(db, Double.class).table("buckets").idColumn("lead_id")
                .column("score", ColumnType.DOUBLE, s -> s)
                .column("bucket", ColumnType.TEXT, s -> s >= 10 ? "hot" : "cold")
                .build();
        runner(2).run(Leads.job(Leads.KEY, modelUri, Leads.source(db, Leads.KEY), sink));
        assertThat(count("SELECT COUNT(*) FROM buckets WHERE bucket = 'hot'"))
                .isEqualTo(java.util.stream.LongStream.range(FIRST_ID, FIRST_ID + LEADS).filter(id -> Leads.expected(id) >= 10).count());
        assertThatThrownBy(() -> rows("SELECT prediction FROM buckets")).isInstanceOf(SQLException.class);
    }

    @Test
    void anExistingTableWithOtherColumnsFailsClearly() throws Exception {
        execute("CREATE TABLE lead_scores (lead_id BIGINT PRIMARY KEY, score DOUBLE PRECISION)");
        assertThatThrownBy(() -> runner(1).run(Leads.job(Leads.KEY, modelUri, Leads.source(db, Leads.KEY), sink())))
                .isInstanceOf(BatchRunException.class)
                .hasRootCauseInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(e.getCause()).isInstanceOf(JdbcBatchException.class)
                        .hasMessageContaining("table lead_scores exists without all the columns"));
    }

    @Test
    void unboundParametersAndUnsafeNamesAreRefusedUpFront() {
        assertThatThrownBy(() -> JdbcSource.builder(db).query("SELECT * FROM leads WHERE created_on = :day AND visits > :min").param("day", "x").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[min]");
        assertThatThrownBy(() -> JdbcSource.builder(db).query(Leads.QUERY).idColumn("id; DROP TABLE leads").params(Leads.KEY.params()).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JdbcSink.builder(db, Double.class).table("scores; DROP TABLE leads").build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JdbcSink.builder(db, Double.class).table("scores").idColumn("run_key").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("two columns");
    }

    @Test
    void recordsCarryPlainJavaValuesUnderLowerCaseLabels() throws Exception {
        execute("CREATE TABLE kinds (ID BIGINT PRIMARY KEY, Small INTEGER, Big BIGINT, Ratio DOUBLE PRECISION, Price NUMERIC(10, 2),"
                + " Name VARCHAR(20), Flag BOOLEAN, Born DATE, Seen TIMESTAMP, Note VARCHAR(20))");
        try (Connection c = db.open(false);
             PreparedStatement ps = c.prepareStatement("INSERT INTO kinds VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            boolean sqlite = db.dialect(c) == SqlDialect.SQLITE;
            ps.setLong(1, 1);
            ps.setInt(2, 7);
            ps.setLong(3, 9_000_000_000L);
            ps.setDouble(4, 1.5);
            ps.setBigDecimal(5, new java.math.BigDecimal("12.34"));
            ps.setString(6, "Ada");
            ps.setBoolean(7, true);
            if (sqlite) { // SQLite keeps dates and times as text.
                ps.setString(8, "2026-11-20");
                ps.setString(9, "2026-11-20 03:00:00.250");
            } else {
                ps.setObject(8, java.time.LocalDate.of(2026, 11, 20));
                ps.setObject(9, java.time.LocalDateTime.of(2026, 11, 20, 3, 0, 0, 250_000_000));
            }
            ps.setNull(10, java.sql.Types.VARCHAR);
            ps.executeUpdate();
            Leads.commit(c);
        }
        JdbcSource source = JdbcSource.builder(db).query("SELECT * FROM kinds").build();
        Map<String, Object> record;
        try (var reader = source.open(Set.of())) {
            var chunk = reader.next(10);
            assertThat(chunk.ids()).containsExactly(1L);
            record = chunk.records().get(0);
            assertThat(reader.next(10)).isNull();
        }
        assertThat(record).containsOnlyKeys("id", "small", "big", "ratio", "price", "name", "flag", "born", "seen", "note");
        assertThat(((Number) record.get("small")).intValue()).isEqualTo(7);
        assertThat(record.get("big")).isEqualTo(9_000_000_000L);
        assertThat(record.get("ratio")).isEqualTo(1.5);
        assertThat(((Number) record.get("price")).doubleValue()).isEqualTo(12.34);
        assertThat(record.get("name")).isEqualTo("Ada");
        assertThat(record.get("flag")).isEqualTo(true);
        assertThat(record.get("born")).isEqualTo(java.time.LocalDate.of(2026, 11, 20));
        assertThat(record.get("seen")).isEqualTo(Instant.parse("2026-11-20T03:00:00.250Z"));
        assertThat(record).containsEntry("note", null);

        try (var reader = JdbcSource.builder(db).query("SELECT id, name FROM kinds").preserveLabelCase().build().open(Set.of())) {
            assertThat(reader.next(10).records().get(0).keySet()).allSatisfy(k -> assertThat(k.equalsIgnoreCase("id") || k.equalsIgnoreCase("name")).isTrue());
        }
    }

    @Test
    void anIdColumnThatIsNotUniqueIsRefused() throws Exception {
        JdbcSource byEmails = JdbcSource.builder(db).query("SELECT emails, visits FROM leads").idColumn("emails").build();
        assertThatThrownBy(() -> {
            try (var reader = byEmails.open(Set.of())) {
                reader.next(100);
            }
        }).isInstanceOf(JdbcBatchException.class).hasMessageContaining("not unique");
        JdbcSource noId = JdbcSource.builder(db).query("SELECT visits FROM leads").build();
        assertThatThrownBy(() -> {
            try (var reader = noId.open(Set.of())) {
                reader.next(100);
            }
        }).isInstanceOf(Exception.class);
    }

    // --- helpers -------------------------------------------------------------------------------

    /** Every lead of the day has exactly one row in {@code lead_scores}, with its expected score. */
    void assertEveryLeadScoredOnce() throws SQLException {
        Map<Long, Double> scores = scores("lead_scores", Leads.KEY);
        assertThat(scores).hasSize(LEADS);
        scores.forEach((id, score) -> assertThat(score).isCloseTo(Leads.expected(id), within(1e-6)));
    }

    Map<Long, Double> scores(String table, RunKey key) throws SQLException {
        Map<Long, Double> out = new HashMap<>();
        for (Map<String, Object> r : rows("SELECT lead_id, prediction FROM " + table + " WHERE run_key = ?", key.toString())) {
            assertThat(out.put((Long) r.get("lead_id"), ((Number) r.get("prediction")).doubleValue())).as("duplicate id").isNull();
        }
        return out;
    }

    long count(String sql, Object... params) throws SQLException {
        Map<String, Object> r = single(rows(sql, params));
        return ((Number) r.values().iterator().next()).longValue();
    }

    void execute(String sql) throws SQLException {
        try (Connection c = db.open(false); java.sql.Statement s = c.createStatement()) {
            s.execute(sql);
            Leads.commit(c);
        }
    }

    /** Rows as label (lower-case) → value, with integers as Long so that databases compare alike. */
    List<Map<String, Object>> rows(String sql, Object... params) throws SQLException {
        try (Connection c = db.open(false); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            List<Map<String, Object>> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData md = rs.getMetaData();
                while (rs.next()) {
                    Map<String, Object> r = new LinkedHashMap<>();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        Object v = rs.getObject(i);
                        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
                            v = ((Number) v).longValue();
                        }
                        r.put(md.getColumnLabel(i).toLowerCase(Locale.ROOT), v);
                    }
                    out.add(r);
                }
            }
            Leads.commit(c);
            return out;
        }
    }

    static Map<String, Object> single(List<Map<String, Object>> rows) {
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }

    static Map<String, Object> row(Object... kv) {
        Map<String, Object> r = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            r.put((String) kv[i], kv[i + 1]);
        }
        return r;
    }

    static boolean truthy(Object v) {
        return v instanceof Boolean b ? b : ((Number) v).intValue() != 0;
    }

    /** A timestamp as the database returns it (a driver type, or SQLite's text). */
    static Instant instant(Object v) {
        if (v instanceof java.time.OffsetDateTime o) {
            return o.toInstant();
        }
        if (v instanceof java.sql.Timestamp t) {
            return t.toInstant();
        }
        return java.time.LocalDateTime.parse(v.toString().replace(' ', 'T')).toInstant(java.time.ZoneOffset.UTC);
    }
}

package dev.modeldeploy.runtime.batch.jdbc;

import dev.modeldeploy.runtime.batch.ChunkRange;
import dev.modeldeploy.runtime.batch.RunInfo;
import dev.modeldeploy.runtime.batch.RunStatus;
import dev.modeldeploy.runtime.batch.RunSummary;
import dev.modeldeploy.runtime.batch.Sink;

import dev.modeldeploy.runtime.monitor.DriftMetric;
import dev.modeldeploy.runtime.monitor.DriftReport;
import dev.modeldeploy.runtime.monitor.DriftResult;
import dev.modeldeploy.runtime.monitor.SignalCounts;
import dev.modeldeploy.runtime.report.Histogram;

import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import static dev.modeldeploy.runtime.batch.jdbc.ColumnType.BIGINT;
import static dev.modeldeploy.runtime.batch.jdbc.ColumnType.BOOLEAN;
import static dev.modeldeploy.runtime.batch.jdbc.ColumnType.DOUBLE;
import static dev.modeldeploy.runtime.batch.jdbc.ColumnType.TEXT;
import static dev.modeldeploy.runtime.batch.jdbc.ColumnType.TIMESTAMP;

/**
 * The run ledger of one sink table, in three tables shared by every sink of a database: one row per run
 * (key, model, status, counts, durations, failure), one row per committed chunk, written in the
 * chunk's own transaction, and, for runs that monitor drift, one row per input field and prediction
 * part with its live histogram and drift figures. Rows are keyed by run key and sink table, so one job may write several
 * tables. Immutable; the caller provides connections and transactions.
 */
final class RunLedger {
    private static final int MAX_FAILURE_CHARS = 4_000;

    private final String sinkTable;
    private final Table runs;
    private final Table chunks;
    private final Table drift;

    RunLedger(String runsTable, String chunksTable, String driftTable, String sinkTable) {
        this.sinkTable = sinkTable;
        this.runs = new Table(runsTable, List.of(
                new Table.Column("run_key", TEXT, true),
                new Table.Column("sink_table", TEXT, true),
                new Table.Column("job", TEXT, true),
                new Table.Column("model_uri", TEXT, true),
                new Table.Column("model_name", TEXT, true),
                new Table.Column("model_version", BIGINT, true),
                new Table.Column("status", TEXT, true),
                new Table.Column("attempts", BIGINT, true),
                new Table.Column("first_started_at", TIMESTAMP, true),
                new Table.Column("started_at", TIMESTAMP, true),
                new Table.Column("finished_at", TIMESTAMP, false),
                new Table.Column("records_read", BIGINT, false),
                new Table.Column("records_written", BIGINT, false),
                new Table.Column("records_rejected", BIGINT, false),
                new Table.Column("commits_retried", BIGINT, false),
                new Table.Column("chunks_committed", BIGINT, false),
                new Table.Column("chunks_skipped", BIGINT, false),
                new Table.Column("read_ms", BIGINT, false),
                new Table.Column("preprocess_ms", BIGINT, false),
                new Table.Column("predict_ms", BIGINT, false),
                new Table.Column("write_ms", BIGINT, false),
                new Table.Column("duration_ms", BIGINT, false),
                new Table.Column("total_chunks", BIGINT, false),
                new Table.Column("total_written", BIGINT, false),
                new Table.Column("total_rejected", BIGINT, false),
                new Table.Column("failure", TEXT, false)),
                List.of("run_key", "sink_table"));
        this.chunks = new Table(chunksTable, List.of(
                new Table.Column("run_key", TEXT, true),
                new Table.Column("sink_table", TEXT, true),
                new Table.Column("range_from", TEXT, true),
                new Table.Column("range_to", TEXT, true),
                new Table.Column("rows_written", BIGINT, true),
                new Table.Column("rows_rejected", BIGINT, true),
                new Table.Column("model_version", BIGINT, true),
                new Table.Column("committed_at", TIMESTAMP, true)),
                List.of("run_key", "sink_table", "range_from", "range_to"));
        // A table of its own, so that ledgers created before drift monitoring keep working unchanged.
        this.drift = new Table(driftTable, List.of(
                new Table.Column("run_key", TEXT, true),
                new Table.Column("sink_table", TEXT, true),
                new Table.Column("source", TEXT, true),
                new Table.Column("signal", TEXT, true),
                new Table.Column("kind", TEXT, true),
                new Table.Column("model_version", BIGINT, true),
                new Table.Column("live_count", BIGINT, true),
                new Table.Column("live_missing", BIGINT, true),
                new Table.Column("psi", DOUBLE, false),
                new Table.Column("test", TEXT, false),
                new Table.Column("test_statistic", DOUBLE, false),
                new Table.Column("p_value", DOUBLE, false),
                new Table.Column("drifted", BOOLEAN, true),
                new Table.Column("histogram", TEXT, true),
                new Table.Column("measured_at", TIMESTAMP, true)),
                List.of("run_key", "sink_table", "source", "signal"));
    }

    void ensure(Connection c, SqlDialect d) throws SQLException {
        runs.ensure(c, d);
        chunks.ensure(c, d);
        drift.ensure(c, d);
    }

    /** The chunk ranges committed for a run key, and the model version they used. */
    Sink.Resume resume(Connection c, SqlDialect d, String runKey) throws SQLException {
        Set<ChunkRange> committed = new HashSet<>();
        Set<Long> versions = new TreeSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT range_from, range_to, model_version FROM " + chunks.name()
                + " WHERE run_key = ? AND sink_table = ?")) {
            bindKey(ps, d, 1, runKey);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    committed.add(new ChunkRange(rs.getString(1), rs.getString(2)));
                    versions.add(rs.getLong(3));
                }
            }
        }
        if (versions.size() > 1) {
            throw new JdbcBatchException("the ledger " + chunks.name() + " shows run " + runKey + " into " + sinkTable
                    + " committed with model versions " + versions + "; finish it under a new run key");
        }
        return new Sink.Resume(committed, versions.isEmpty() ? 0 : Math.toIntExact(versions.iterator().next()));
    }

    /** Marks the run as running this attempt, creating its row on its first attempt. */
    void begin(Connection c, SqlDialect d, RunInfo run) throws SQLException {
        String runKey = run.key().toString();
        int updated;
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + runs.name() + " SET job = ?, model_uri = ?, model_name = ?,"
                + " model_version = ?, status = ?, attempts = attempts + 1, started_at = ?, finished_at = NULL, records_read = 0,"
                + " records_written = 0, records_rejected = 0, commits_retried = 0, chunks_committed = 0, chunks_skipped = 0,"
                + " read_ms = 0, preprocess_ms = 0, predict_ms = 0, write_ms = 0, duration_ms = NULL, failure = NULL"
                + " WHERE run_key = ? AND sink_table = ?")) {
            d.bind(ps, 1, TEXT, run.key().job());
            d.bind(ps, 2, TEXT, withoutUserInfo(run.modelUri()));
            d.bind(ps, 3, TEXT, run.modelName());
            d.bind(ps, 4, BIGINT, run.modelVersion());
            d.bind(ps, 5, TEXT, RunStatus.RUNNING.name());
            d.bind(ps, 6, TIMESTAMP, run.startedAt());
            bindKey(ps, d, 7, runKey);
            updated = ps.executeUpdate();
        }
        if (updated == 0) {
            Object[] row = new Object[runs.columns().size()];
            row[0] = runKey;
            row[1] = sinkTable;
            row[2] = run.key().job();
            row[3] = withoutUserInfo(run.modelUri());
            row[4] = run.modelName();
            row[5] = run.modelVersion();
            row[6] = RunStatus.RUNNING.name();
            row[7] = 1;
            row[8] = run.startedAt();
            row[9] = run.startedAt();
            runs.upsert(c, d, List.<Object[]>of(row));
        }
    }

    /** Records a committed chunk, in the transaction of its predictions. */
    void recordChunk(Connection c, SqlDialect d, RunInfo run, ChunkRange range, int written, int rejected, Instant at) throws SQLException {
        chunks.upsert(c, d, List.<Object[]>of(new Object[]{run.key().toString(), sinkTable, range.from(), range.to(), written, rejected,
                run.modelVersion(), at}));
    }

    /** Records how an attempt ended, with the totals committed by every attempt so far. */
    void finish(Connection c, SqlDialect d, RunSummary s) throws SQLException {
        // One statement, totals in subqueries: a SQLite transaction that reads before it writes could
        // fail at once (SQLITE_BUSY_SNAPSHOT) when another process wrote meanwhile, instead of waiting.
        String totals = " FROM " + chunks.name() + " t WHERE t.run_key = ? AND t.sink_table = ?)";
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + runs.name() + " SET status = ?, finished_at = ?, records_read = ?,"
                + " records_written = ?, records_rejected = ?, commits_retried = ?, chunks_committed = ?, chunks_skipped = ?, read_ms = ?,"
                + " preprocess_ms = ?, predict_ms = ?, write_ms = ?, duration_ms = ?, failure = ?,"
                + " total_chunks = (SELECT COUNT(*)" + totals + ","
                + " total_written = (SELECT COALESCE(SUM(t.rows_written), 0)" + totals + ","
                + " total_rejected = (SELECT COALESCE(SUM(t.rows_rejected), 0)" + totals
                + " WHERE run_key = ? AND sink_table = ?")) {
            RunSummary.StageTimes t = s.stages();
            long[] counts = {s.read(), s.written(), s.rejected(), s.retried(), s.chunks(), s.skipped(), t.read().toMillis(),
                    t.preprocess().toMillis(), t.predict().toMillis(), t.write().toMillis(), s.duration().toMillis()};
            d.bind(ps, 1, TEXT, s.status().name());
            d.bind(ps, 2, TIMESTAMP, s.finishedAt());
            for (int i = 0; i < counts.length; i++) {
                d.bind(ps, 3 + i, BIGINT, counts[i]);
            }
            int next = 3 + counts.length;
            d.bind(ps, next++, TEXT, failureText(s));
            String runKey = s.run().key().toString();
            for (int i = 0; i < 4; i++) { // The three subqueries' keys, then the row's.
                bindKey(ps, d, next, runKey);
                next += 2;
            }
            ps.executeUpdate();
        }
    }

    /**
     * Records an attempt's distribution and drift figures: one row per signal (replacing an earlier
     * attempt's), with its live and training histograms as JSON for reports.
     */
    void recordDrift(Connection c, SqlDialect d, RunSummary s) throws SQLException {
        DriftReport report = s.drift();
        if (report == null) {
            return;
        }
        List<Object[]> rows = new ArrayList<>();
        for (SignalCounts counts : report.signals()) {
            DriftResult psi = null;
            DriftResult test = null;
            for (DriftResult r : report.results()) {
                if (r.signal().equals(counts.name()) && r.source() == counts.source()) {
                    if (r.metric() == DriftMetric.PSI) {
                        psi = r;
                    } else {
                        test = r;
                    }
                }
            }
            rows.add(new Object[]{s.run().key().toString(), sinkTable, counts.source().name().toLowerCase(Locale.ROOT),
                    counts.name(), counts.baseline().kind().name().toLowerCase(Locale.ROOT), report.version(), counts.count(),
                    counts.missing(), psi == null ? null : finite(psi.value()), test == null ? null : test.metric().name(),
                    test == null ? null : finite(test.statistic()), test == null ? null : finite(test.value()),
                    (psi != null && psi.drifted()) || (test != null && test.drifted()), LedgerHistograms.toJson(Histogram.of(counts)),
                    report.window().end()});
        }
        if (!rows.isEmpty()) {
            drift.upsert(c, d, rows);
        }
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private void bindKey(PreparedStatement ps, SqlDialect d, int index, String runKey) throws SQLException {
        d.bind(ps, index, TEXT, runKey);
        d.bind(ps, index + 1, TEXT, sinkTable);
    }

    private static String failureText(RunSummary s) {
        String f = s.failure();
        if (f == null) {
            return null;
        }
        f = JdbcDatabase.redact(f);
        return f.length() > MAX_FAILURE_CHARS ? f.substring(0, MAX_FAILURE_CHARS) + "..." : f;
    }

    // Model URIs of HTTP stores could carry credentials; the ledger is read by analysts.
    private static String withoutUserInfo(URI uri) {
        if (uri.getRawUserInfo() == null) {
            return uri.toString();
        }
        try {
            return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), uri.getQuery(), uri.getFragment()).toString();
        } catch (java.net.URISyntaxException e) {
            return uri.getScheme() + ":(redacted)";
        }
    }
}

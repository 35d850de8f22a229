package dev.modeldeploy.runtime.batch.jdbc;

import dev.modeldeploy.runtime.monitor.DriftMetric;
import dev.modeldeploy.runtime.monitor.DriftThresholds;
import dev.modeldeploy.runtime.monitor.SignalSource;
import dev.modeldeploy.runtime.report.DriftPoint;
import dev.modeldeploy.runtime.report.Histogram;
import dev.modeldeploy.runtime.report.MonitoringReport;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Reads back what monitored batch runs ({@code BatchRunner.Builder#monitorDrift} with a {@link JdbcSink})
 * wrote to the run ledger: for one job, the drift figures of its last runs as points of a drift-over-time
 * chart, and the training and live histograms of its latest run, ready for a {@link MonitoringReport}.
 *
 * <pre>{@code
 * DriftLedger.JobDrift drift = DriftLedger.of(JdbcDatabase.url("jdbc:sqlite:crm.db")).read("lead-scoring", null, 30);
 * drift.addTo(MonitoringReport.builder("Lead scoring, last 30 nights")).build().writeTo(Path.of("report.html"));
 * }</pre>
 *
 * <p>Each run gives a PSI point and a point of its KS or χ² test (the p-value) per input field and
 * prediction part, labelled by run key. The ledger keeps the figures, not the thresholds the run used:
 * whether a point drifted is judged again with {@link #withThresholds the thresholds given here}
 * ({@link DriftThresholds#defaults()} unless set). Table names default to {@link JdbcSink}'s and are
 * plain identifiers, as there. Immutable and thread-safe; each read opens its own connection.
 */
public final class DriftLedger {
    private final JdbcDatabase database;
    private final String runsTable;
    private final String driftTable;
    private final DriftThresholds thresholds;

    private DriftLedger(JdbcDatabase database, String runsTable, String driftTable, DriftThresholds thresholds) {
        this.database = Objects.requireNonNull(database, "database");
        this.runsTable = Identifiers.table(runsTable);
        this.driftTable = Identifiers.table(driftTable);
        this.thresholds = Objects.requireNonNull(thresholds, "thresholds");
    }

    /** The ledger of {@code database} in {@link JdbcSink}'s default tables. */
    public static DriftLedger of(JdbcDatabase database) {
        return new DriftLedger(database, JdbcSink.DEFAULT_RUNS, JdbcSink.DEFAULT_DRIFT, DriftThresholds.defaults());
    }

    /** The same ledger in other tables, as given to {@link JdbcSink.Builder#ledgerTables(String, String, String)}. */
    public DriftLedger withTables(String runs, String drift) {
        return new DriftLedger(database, runs, drift, thresholds);
    }

    /** The same ledger in another runs table, with its drift table named as {@link JdbcSink} names it ({@code runs + "_drift"}). */
    public DriftLedger withRunsTable(String runs) {
        return withTables(runs, JdbcSink.driftTableOf(Objects.requireNonNull(runs, "runs")));
    }

    /** The same ledger, judging drift with these thresholds. */
    public DriftLedger withThresholds(DriftThresholds newThresholds) {
        return new DriftLedger(database, runsTable, driftTable, newThresholds);
    }

    /**
     * The drift of the last {@code runs} monitored runs of {@code job}, newest last.
     *
     * @param job       the job (the run key's name, the {@code job} column of the runs table)
     * @param sinkTable only runs into this predictions table; null for every table the job writes
     * @param runs      how many of the latest runs to read, at least 1
     * @return the figures found; empty ({@link JobDrift#isEmpty()}) when the job has no monitored run
     * @throws SQLException when the database cannot be read (for instance, the tables do not exist)
     */
    public JobDrift read(String job, String sinkTable, int runs) throws SQLException {
        Objects.requireNonNull(job, "job");
        if (runs < 1) {
            throw new IllegalArgumentException("runs must be at least 1, was " + runs);
        }
        String sql = "SELECT d.run_key, d.sink_table, d.source, d.signal, d.model_version, d.live_count, d.psi, d.test, d.p_value,"
                + " d.histogram, d.measured_at, r.model_name FROM " + driftTable + " d JOIN " + runsTable
                + " r ON r.run_key = d.run_key AND r.sink_table = d.sink_table WHERE r.job = ?"
                + (sinkTable == null ? "" : " AND d.sink_table = ?")
                + " ORDER BY d.measured_at DESC, d.run_key, d.sink_table, d.source, d.signal";
        List<Row> rows = new ArrayList<>();
        Set<String> tables = new LinkedHashSet<>();
        try (Connection c = database.open(false)) {
            SqlDialect d = database.dialect(c);
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                d.bind(ps, 1, ColumnType.TEXT, job);
                if (sinkTable != null) {
                    d.bind(ps, 2, ColumnType.TEXT, Identifiers.table(sinkTable));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    RowMapper mapper = RowMapper.of(rs.getMetaData(), d, true, "run_key");
                    Set<String> seen = new LinkedHashSet<>();
                    while (rs.next()) {
                        Row row = Row.of(mapper.read(rs));
                        // Rows come newest run first, a run's rows together (they share their measuring time).
                        if (seen.add(row.run()) && seen.size() > runs) {
                            break;
                        }
                        rows.add(row);
                        tables.add(row.sinkTable());
                    }
                }
            }
        }
        if (rows.isEmpty()) {
            return new JobDrift(job, null, 0, List.of(), List.of(), List.of(), null);
        }
        Row latest = rows.get(0);
        boolean severalTables = tables.size() > 1;
        List<DriftPoint> points = new ArrayList<>();
        List<Histogram> histograms = new ArrayList<>();
        Set<String> runKeys = new LinkedHashSet<>();
        for (int i = rows.size() - 1; i >= 0; i--) {
            Row r = rows.get(i);
            String label = severalTables ? r.runKey() + " (" + r.sinkTable() + ")" : r.runKey();
            runKeys.add(label);
            if (r.psi() != null) {
                points.add(point(r, label, DriftMetric.PSI, r.psi()));
            }
            if (r.test() != null && r.pValue() != null) {
                points.add(point(r, label, DriftMetric.valueOf(r.test()), r.pValue()));
            }
        }
        for (Row r : rows) {
            if (r.run().equals(latest.run())) {
                histograms.add(r.histogram());
            }
        }
        // Inputs first, then outputs, as a monitor's window lists them.
        histograms.sort(java.util.Comparator.comparing(Histogram::source));
        return new JobDrift(job, latest.model(), latest.version(), List.copyOf(runKeys), points, histograms, latest.measuredAt());
    }

    private DriftPoint point(Row r, String label, DriftMetric metric, double value) {
        double threshold = thresholds.of(metric);
        return new DriftPoint(r.signal(), r.source(), metric, r.measuredAt(), label, value, threshold, metric.passes(value, threshold));
    }

    /** One ledger row, typed. */
    private record Row(String runKey, String sinkTable, SignalSource source, String signal, int version, String model, Double psi,
                       String test, Double pValue, Histogram histogram, Instant measuredAt) {
        String run() {
            return runKey + '\u0000' + sinkTable;
        }

        static Row of(Map<String, Object> m) {
            String runKey = (String) m.get("run_key");
            String signal = (String) m.get("signal");
            SignalSource source = SignalSource.valueOf(String.valueOf(m.get("source")).toUpperCase(Locale.ROOT));
            String test = (String) m.get("test");
            return new Row(runKey, (String) m.get("sink_table"), source, signal, Math.toIntExact(SqlDialect.toLong(m.get("model_version"))),
                    (String) m.get("model_name"), number(m.get("psi")), test == null ? null : test.toUpperCase(Locale.ROOT),
                    number(m.get("p_value")), histogram(signal, source, (String) m.get("histogram"), runKey),
                    SqlDialect.toInstant(m.get("measured_at")));
        }

        private static Double number(Object v) {
            return v == null ? null : SqlDialect.toDouble(v);
        }

        private static Histogram histogram(String signal, SignalSource source, String json, String runKey) {
            try {
                return LedgerHistograms.fromJson(signal, source, json);
            } catch (IOException | IllegalArgumentException e) {
                throw new JdbcBatchException("the drift ledger's histogram of " + signal + " in run " + runKey + " is damaged: "
                        + e.getMessage(), e);
            }
        }
    }

    /**
     * What the ledger holds about one job's recent runs. Immutable.
     *
     * @param job        the job
     * @param model      the model of the latest run, null when there is none
     * @param version    the model version of the latest run, 0 when there is none
     * @param runs       the runs' labels (run keys), oldest first
     * @param points     a PSI point and a test point per signal and run, oldest run first
     * @param histograms the latest run's training and live histograms, inputs first
     * @param latestAt   when the latest run measured its drift, null when there is none
     */
    public record JobDrift(String job, String model, int version, List<String> runs, List<DriftPoint> points,
                           List<Histogram> histograms, Instant latestAt) {
        public JobDrift {
            Objects.requireNonNull(job, "job");
            runs = List.copyOf(runs);
            points = List.copyOf(points);
            histograms = List.copyOf(histograms);
        }

        /** Whether no monitored run of the job was found. */
        public boolean isEmpty() {
            return runs.isEmpty();
        }

        /**
         * Adds these figures to a report: the model, a window description naming the runs, the latest run's
         * histograms and every point.
         */
        public MonitoringReport.Builder addTo(MonitoringReport.Builder report) {
            if (isEmpty()) {
                return report;
            }
            report.model(model, version);
            String last = runs.get(runs.size() - 1);
            report.window(runs.size() == 1 ? "run " + last
                    : runs.size() + " runs of job " + job + ", " + runs.get(0) + " to " + last + "; histograms of " + last);
            histograms.forEach(report::histogram);
            points.forEach(report::point);
            return report;
        }
    }
}

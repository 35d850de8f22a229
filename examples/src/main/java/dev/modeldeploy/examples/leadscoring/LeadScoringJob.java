package dev.modeldeploy.examples.leadscoring;

import dev.modeldeploy.api.error.ModelNotFoundException;
import dev.modeldeploy.api.linear.LinearModel;
import dev.modeldeploy.api.prediction.Classification;
import dev.modeldeploy.api.repository.ModelRepository;
import dev.modeldeploy.api.repository.ModelUri;
import dev.modeldeploy.api.repository.PublishOptions;
import dev.modeldeploy.examples.JobMain;
import dev.modeldeploy.runtime.batch.BatchConfig;
import dev.modeldeploy.runtime.batch.BatchJob;
import dev.modeldeploy.runtime.batch.BatchRunner;
import dev.modeldeploy.runtime.batch.RunKey;
import dev.modeldeploy.runtime.batch.RunSummary;
import dev.modeldeploy.runtime.batch.jdbc.ColumnType;
import dev.modeldeploy.runtime.batch.jdbc.JdbcDatabase;
import dev.modeldeploy.runtime.batch.jdbc.JdbcSink;
import dev.modeldeploy.runtime.batch.jdbc.JdbcSource;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The nightly lead-scoring job, end to end on embedded defaults: a SQLite CRM database with a
 * {@code leads} table, a model store in a local folder, and the batch runner scoring one day's leads
 * into {@code lead_scores}, which an analyst then queries with SQL.
 *
 * <pre>
 * java -jar lead-scoring.jar [--date 2026-11-20] [--dir ./lead-scoring-example] [--db jdbc:postgresql://...] [--leads 20000]
 * </pre>
 *
 * Run it twice for the same date: the second run rewrites the same rows, never duplicates them.
 */
public final class LeadScoringJob {
    private LeadScoringJob() {
    }

    /** Options, with the embedded defaults. */
    record Options(LocalDate date, Path dir, String db, int leads) {
        static Options parse(String[] args) {
            LocalDate date = LocalDate.now(ZoneOffset.UTC).minusDays(1);
            Path dir = Path.of("lead-scoring-example");
            String db = null;
            int leads = 20_000;
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i]) {
                    case "--date" -> date = LocalDate.parse(require(value, "--date"));
                    case "--dir" -> dir = Path.of(require(value, "--dir"));
                    case "--db" -> db = require(value, "--db");
                    case "--leads" -> leads = Integer.parseInt(require(value, "--leads"));
                    default -> throw new IllegalArgumentException("unknown option " + args[i]
                            + " (options: --date YYYY-MM-DD, --dir FOLDER, --db JDBC_URL, --leads N)");
                }
                i++;
            }
            dir = dir.toAbsolutePath();
            return new Options(date, dir, db != null ? db : "jdbc:sqlite:" + dir.resolve("crm.db"), leads);
        }

        private static String require(String value, String option) {
            if (value == null) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return value;
        }
    }

    public static void main(String[] args) {
        JobMain.run("lead-scoring", args, Options::parse, o -> run(o, System.out));
    }

    /** Runs the whole example; returns the batch run's summary. */
    static RunSummary run(Options o, PrintStream out) throws Exception {
        Files.createDirectories(o.dir());
        URI model = ModelUri.parse(o.dir().resolve("models").resolve("lead-scoring").toUri()).toUri();
        URI production = URI.create(model + "@production");
        try (ModelRepository repo = ModelRepository.builder().cacheDirectory(o.dir().resolve("model-cache")).build()) {
            int inserted = createLeads(o);
            out.printf("1. CRM database %s: %d leads created on %s%s%n", o.db(), o.leads(), o.date(),
                    inserted == 0 ? " (already there)" : "");

            int version = ensureModel(repo, model, production, out);
            out.printf("2. model %s -> version %d%n", production, version);

            JdbcDatabase database = JdbcDatabase.url(o.db());
            RunKey key = RunKey.of("lead-scoring", Map.of("date", o.date().toString()));
            JdbcSource leads = JdbcSource.builder(database)
                    .query("SELECT lead_id, visits, emails_opened, country, created_at FROM leads WHERE created_date = :date")
                    .idColumn("lead_id").params(key.params()).build();
            RunSummary summary;
            try (JdbcSink<Classification> scores = JdbcSink.builder(database, Classification.class).table("lead_scores")
                    .idColumn("lead_id", ColumnType.BIGINT)
                    .column("label", ColumnType.TEXT, Classification::label)
                    .column("won_probability", ColumnType.DOUBLE, c -> c.probability(1))
                    .build()) {
                BatchRunner runner = BatchRunner.builder().repository(repo)
                        .config(BatchConfig.builder().chunkSize(2_000).threads(2).maxRejectShare(0.01).build()).build();
                summary = runner.run(BatchJob.forMaps(Classification.class).runKey(key).model(production)
                        .source(leads).sink(scores).build());
            }
            out.printf("3. %s%n", summary.describe());

            out.printf("4. top leads of %s (SELECT lead_id, country, visits, won_probability FROM lead_scores ...):%n", o.date());
            for (String row : topLeads(o, key)) {
                out.println("   " + row);
            }
            return summary;
        }
    }

    /** Fills {@code leads} with the day's synthetic leads unless they are there already. */
    private static int createLeads(Options o) throws SQLException {
        try (Connection c = DriverManager.getConnection(o.db())) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS leads (lead_id BIGINT PRIMARY KEY, created_date VARCHAR(10) NOT NULL, "
                        + "visits INTEGER NOT NULL, emails_opened INTEGER NOT NULL, country VARCHAR(2) NOT NULL, created_at VARCHAR(40) NOT NULL)");
            }
            try (PreparedStatement q = c.prepareStatement("SELECT COUNT(*) FROM leads WHERE created_date = ?")) {
                q.setString(1, o.date().toString());
                try (ResultSet r = q.executeQuery()) {
                    r.next();
                    if (r.getLong(1) > 0) {
                        return 0;
                    }
                }
            }
            c.setAutoCommit(false);
            long firstId = o.date().toEpochDay() * 1_000_000L;
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO leads (lead_id, created_date, visits, emails_opened, country, created_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                for (Map<String, Object> lead : SyntheticLeads.forDate(o.date(), o.leads(), firstId)) {
                    insert.setLong(1, (Long) lead.get("lead_id"));
                    insert.setString(2, (String) lead.get("created_date"));
                    insert.setInt(3, (Integer) lead.get("visits"));
                    insert.setInt(4, (Integer) lead.get("emails_opened"));
                    insert.setString(5, (String) lead.get("country"));
                    insert.setString(6, (String) lead.get("created_at"));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            c.commit();
            return o.leads();
        }
    }

    /** Trains and publishes the model the first time, and points {@code production} at it. */
    private static int ensureModel(ModelRepository repo, URI model, URI production, PrintStream out) {
        try {
            return repo.resolve(production).version();
        } catch (ModelNotFoundException | dev.modeldeploy.api.error.AliasNotFoundException first) {
            List<Map<String, Object>> history = new ArrayList<>();
            LocalDate day = LocalDate.of(2026, 1, 1);
            for (int i = 0; i < 10; i++) {
                history.addAll(SyntheticLeads.forDate(day.plusDays(i), 2_000, i * 10_000L));
            }
            LinearModel<Map<String, Object>, Classification> trained = LeadModelTrainer.train(history, 42);
            // toRemote: the one call a training job makes; the batch job below only needs the URI.
            URI published = trained.toRemote(model, PublishOptions.builder().description("logistic regression on 20,000 past leads")
                    .inputExample(history.subList(0, 3)).build());
            int version = repo.resolve(published).version();
            repo.setAlias(production, version);
            out.printf("   trained on %d past leads and published %s%n", history.size(), published);
            return version;
        }
    }

    private static List<String> topLeads(Options o, RunKey key) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(o.db());
             PreparedStatement q = c.prepareStatement("SELECT s.lead_id, l.country, l.visits, s.won_probability FROM lead_scores s "
                     + "JOIN leads l ON l.lead_id = s.lead_id WHERE s.run_key = ? ORDER BY s.won_probability DESC, s.lead_id LIMIT 5")) {
            q.setString(1, key.toString());
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    rows.add(String.format("lead %d  %s  %3d visits  p(won) = %.3f", r.getLong(1), r.getString(2), r.getInt(3), r.getDouble(4)));
                }
            }
        }
        return rows;
    }
}

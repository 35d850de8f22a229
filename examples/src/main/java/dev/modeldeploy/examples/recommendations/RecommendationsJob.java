package dev.modeldeploy.examples.recommendations;

import dev.modeldeploy.api.error.AliasNotFoundException;
import dev.modeldeploy.api.error.ModelNotFoundException;
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
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The twice-weekly recommendations job ({@code 0 5 * * 1,5}, one run per time zone at 5:00 local time),
 * end to end on embedded defaults: a SQLite shop database with a {@code users} table, a model store in a
 * local folder, and the batch runner writing five recommendations per user of one time zone to
 * {@code recommendations}, keyed by (run key, user, rank).
 *
 * <pre>
 * java -cp lead-scoring.jar dev.modeldeploy.examples.recommendations.RecommendationsJob \
 *     [--timezone Europe/Berlin] [--date 2026-11-23] [--dir ./recommendations-example] [--db jdbc:postgresql://...] [--users 10000]
 * </pre>
 *
 * The run key is the job, the time zone and the date: a rerun of the same run rewrites the same rows,
 * and Friday's run writes its own rows beside Monday's.
 */
public final class RecommendationsJob {
    /** Recommendations per user. */
    static final int PER_USER = 5;

    private RecommendationsJob() {
    }

    /** Options, with the embedded defaults. */
    record Options(String timezone, LocalDate date, Path dir, String db, int users) {
        static Options parse(String[] args) {
            String timezone = "Europe/Berlin";
            LocalDate date = null;
            Path dir = Path.of("recommendations-example");
            String db = null;
            int users = 10_000;
            for (int i = 0; i < args.length; i += 2) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(args[i] + " needs a value");
                }
                String value = args[i + 1];
                switch (args[i]) {
                    case "--timezone" -> timezone = ZoneId.of(value).getId();
                    case "--date" -> date = LocalDate.parse(value);
                    case "--dir" -> dir = Path.of(value);
                    case "--db" -> db = value;
                    case "--users" -> users = Integer.parseInt(value);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]
                            + " (options: --timezone ZONE, --date YYYY-MM-DD, --dir FOLDER, --db JDBC_URL, --users N)");
                }
            }
            dir = dir.toAbsolutePath();
            // The job runs at 5:00 in the users' own time zone: "today" is theirs.
            return new Options(timezone, date != null ? date : LocalDate.now(ZoneId.of(timezone)), dir,
                    db != null ? db : "jdbc:sqlite:" + dir.resolve("shop.db"), users);
        }

        /** The run key: the same time zone and date is the same run. */
        RunKey runKey() {
            return RunKey.of("recommendations", Map.of("timezone", timezone, "date", date.toString()));
        }
    }

    public static void main(String[] args) {
        JobMain.run("recommendations", args, Options::parse, o -> run(o, System.out));
    }

    /** Runs the whole example; returns the batch run's summary. */
    static RunSummary run(Options o, PrintStream out) throws Exception {
        Files.createDirectories(o.dir());
        URI model = ModelUri.parse(o.dir().resolve("models").resolve("recommendations").toUri()).toUri();
        URI production = URI.create(model + "@production");
        try (ModelRepository repo = ModelRepository.builder().cacheDirectory(o.dir().resolve("model-cache")).build()) {
            int created = createUsers(o);
            out.printf("1. shop database %s: %d users%s%n", o.db(), o.users(), created == 0 ? " (already there)" : "");

            int version = ensureModel(repo, model, production);
            out.printf("2. model %s -> version %d%n", production, version);

            JdbcDatabase database = JdbcDatabase.url(o.db());
            RunKey key = o.runKey();
            String views = Catalog.CATEGORIES.stream().map(Catalog::viewsColumn).collect(Collectors.joining(", "));
            JdbcSource users = JdbcSource.builder(database)
                    .query("SELECT user_id, " + views + " FROM users WHERE timezone = :timezone")
                    .idColumn("user_id").params(key.params()).build();
            RunSummary summary;
            try (JdbcSink<Classification> recommendations = JdbcSink.builder(database, Classification.class)
                    .table("recommendations").idColumn("user_id", ColumnType.BIGINT)
                    .explode("rank", Recommendation.class, c -> Recommendation.top(c, PER_USER))
                    .build()) {
                BatchRunner runner = BatchRunner.builder().repository(repo)
                        .config(BatchConfig.builder().chunkSize(1_000).threads(2).maxRejectShare(0.01).build()).build();
                summary = runner.run(BatchJob.forMaps(Classification.class).runKey(key).model(production)
                        .source(users).sink(recommendations).build());
            }
            out.printf("3. %s%n", summary.describe());

            out.printf("4. recommendations for %s on %s (SELECT user_id, rank, item_id, score FROM recommendations ...):%n",
                    o.timezone(), o.date());
            for (String row : sample(o, key)) {
                out.println("   " + row);
            }
            return summary;
        }
    }

    /** Fills {@code users} unless it has users already. */
    private static int createUsers(Options o) throws SQLException {
        String views = Catalog.CATEGORIES.stream().map(c -> Catalog.viewsColumn(c) + " INTEGER NOT NULL").collect(Collectors.joining(", "));
        try (Connection c = DriverManager.getConnection(o.db())) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS users (user_id BIGINT PRIMARY KEY, timezone VARCHAR(64) NOT NULL, " + views + ")");
                s.execute("CREATE INDEX IF NOT EXISTS users_by_timezone ON users (timezone, user_id)");
                try (ResultSet r = s.executeQuery("SELECT COUNT(*) FROM users")) {
                    r.next();
                    if (r.getLong(1) > 0) {
                        return 0;
                    }
                }
            }
            c.setAutoCommit(false);
            List<String> columns = new ArrayList<>(List.of("user_id", "timezone"));
            Catalog.CATEGORIES.forEach(category -> columns.add(Catalog.viewsColumn(category)));
            String marks = columns.stream().map(x -> "?").collect(Collectors.joining(", "));
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO users (" + String.join(", ", columns) + ") VALUES (" + marks + ")")) {
                for (Map<String, Object> user : SyntheticUsers.create(o.users())) {
                    for (int i = 0; i < columns.size(); i++) {
                        insert.setObject(i + 1, user.get(columns.get(i)));
                    }
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            c.commit();
            return o.users();
        }
    }

    /** Publishes the recommender the first time, and points {@code production} at it. */
    private static int ensureModel(ModelRepository repo, URI model, URI production) {
        try {
            return repo.resolve(production).version();
        } catch (ModelNotFoundException | AliasNotFoundException first) {
            URI published = Catalog.recommender().toRemote(model, PublishOptions.builder()
                    .inputExample(SyntheticUsers.create(3)).build());
            int version = repo.resolve(published).version();
            repo.setAlias(production, version);
            return version;
        }
    }

    /** The recommendations of the run's first three users, as an analyst would query them. */
    private static List<String> sample(Options o, RunKey key) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(o.db());
             PreparedStatement q = c.prepareStatement("SELECT r.user_id, r.rank, r.item_id, r.score FROM recommendations r "
                     + "WHERE r.run_key = ? AND r.user_id IN (SELECT user_id FROM recommendations WHERE run_key = ? AND rank = 1 "
                     + "ORDER BY user_id LIMIT 3) ORDER BY r.user_id, r.rank")) {
            q.setString(1, key.toString());
            q.setString(2, key.toString());
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    rows.add(String.format("user %d  #%d  %-9s  p = %.3f", r.getLong(1), r.getInt(2), r.getString(3), r.getDouble(4)));
                }
            }
        }
        return rows;
    }
}

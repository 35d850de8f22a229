package dev.modeldeploy.examples.recommendations;

import dev.modeldeploy.runtime.batch.RunStatus;
import dev.modeldeploy.runtime.batch.RunSummary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** The recommendations job end to end on SQLite and a local store: five ranked rows per user, idempotent when rerun. */
class RecommendationsJobTest {
    private static final int USERS = 2_000;

    @TempDir
    Path tmp;

    private RecommendationsJob.Options options(String timezone) {
        return RecommendationsJob.Options.parse(new String[] {"--dir", tmp.toString(), "--timezone", timezone, "--date", "2026-11-23",
            "--users", Integer.toString(USERS)});
    }

    private static RunSummary run(RecommendationsJob.Options o, ByteArrayOutputStream out) throws Exception {
        return RecommendationsJob.run(o, new PrintStream(out, true, StandardCharsets.UTF_8));
    }

    /** Every row of a run, as "user,rank,item,score,version" in key order. */
    private static List<String> rows(String db, String runKey) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(db);
             PreparedStatement q = c.prepareStatement("SELECT user_id, rank, item_id, score, model_version FROM recommendations"
                     + " WHERE run_key = ? ORDER BY user_id, rank")) {
            q.setString(1, runKey);
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    rows.add(r.getLong(1) + "," + r.getInt(2) + "," + r.getString(3) + "," + r.getDouble(4) + "," + r.getInt(5));
                }
            }
        }
        return rows;
    }

    private static Map<Long, Map<String, Object>> users(String db, String timezone) throws Exception {
        Map<Long, Map<String, Object>> users = new TreeMap<>();
        try (Connection c = DriverManager.getConnection(db); PreparedStatement q = c.prepareStatement("SELECT * FROM users WHERE timezone = ?")) {
            q.setString(1, timezone);
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    Map<String, Object> user = new HashMap<>();
                    for (String category : Catalog.CATEGORIES) {
                        user.put(category, r.getInt(Catalog.viewsColumn(category)));
                    }
                    users.put(r.getLong("user_id"), user);
                }
            }
        }
        return users;
    }

    @Test
    void writesFiveRankedRecommendationsPerUserOfTheTimeZoneAndARerunChangesNothing() throws Exception {
        RecommendationsJob.Options berlin = options("Europe/Berlin");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RunSummary first = run(berlin, out);
        assertThat(first.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("recommendations for Europe/Berlin on 2026-11-23").contains("#5");

        Map<Long, Map<String, Object>> users = users(berlin.db(), "Europe/Berlin");
        assertThat(users).hasSize(USERS / SyntheticUsers.TIME_ZONES.size());
        assertThat(first.written()).isEqualTo(users.size());
        String key = berlin.runKey().toString();
        List<String> rows = rows(berlin.db(), key);
        assertThat(rows).hasSize(RecommendationsJob.PER_USER * users.size());

        // Per user exactly ranks 1..5, five distinct items, scores not increasing with the rank; the first
        // pick is from the category the user browses most (the data makes it dominate).
        Map<Long, List<String[]>> byUser = new TreeMap<>();
        rows.forEach(r -> byUser.computeIfAbsent(Long.parseLong(r.split(",")[0]), u -> new ArrayList<>()).add(r.split(",")));
        assertThat(byUser.keySet()).isEqualTo(users.keySet());
        byUser.forEach((user, recs) -> {
            assertThat(recs).extracting(r -> Integer.parseInt(r[1])).containsExactly(1, 2, 3, 4, 5);
            assertThat(recs).extracting(r -> r[2]).doesNotHaveDuplicates();
            for (int i = 1; i < recs.size(); i++) {
                assertThat(Double.parseDouble(recs.get(i)[3])).isLessThanOrEqualTo(Double.parseDouble(recs.get(i - 1)[3]));
            }
            String favourite = Catalog.CATEGORIES.stream().max((a, b) -> Integer.compare((Integer) users.get(user).get(a),
                    (Integer) users.get(user).get(b))).orElseThrow();
            assertThat(Catalog.category(recs.get(0)[2])).as("user %d", user).isEqualTo(favourite);
        });

        // Rerunning the same run (time zone and date) reads nothing and leaves the table as it was.
        RunSummary again = run(berlin, new ByteArrayOutputStream());
        assertThat(again.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(again.read()).isZero();
        assertThat(rows(berlin.db(), key)).isEqualTo(rows);

        // Without its ledger the run scores everyone again: the upserts replace rows, never add any.
        try (Connection c = DriverManager.getConnection(berlin.db()); Statement s = c.createStatement()) {
            s.execute("DELETE FROM modeldeploy_run_chunks");
        }
        assertThat(run(berlin, new ByteArrayOutputStream()).read()).isEqualTo(users.size());
        assertThat(rows(berlin.db(), key)).isEqualTo(rows);

        // Another time zone is another run: its users only, beside Berlin's.
        RecommendationsJob.Options tokyo = options("Asia/Tokyo");
        run(tokyo, new ByteArrayOutputStream());
        assertThat(rows(tokyo.db(), tokyo.runKey().toString())).hasSize(RecommendationsJob.PER_USER * users(tokyo.db(), "Asia/Tokyo").size());
        assertThat(rows(berlin.db(), key)).isEqualTo(rows);
        try (Connection c = DriverManager.getConnection(berlin.db()); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT COUNT(*) FROM recommendations")) {
            r.next();
            assertThat(r.getLong(1)).isEqualTo(2L * RecommendationsJob.PER_USER * users.size());
        }
    }
}

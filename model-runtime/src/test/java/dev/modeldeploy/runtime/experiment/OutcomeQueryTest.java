package dev.modeldeploy.runtime.experiment;

import dev.modeldeploy.runtime.rollout.log.Assignment;
import dev.modeldeploy.runtime.rollout.log.JdbcAssignmentSink;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Outcomes read with the user's SQL from real databases: the rollout's assignment table (written by its own
 * sink) joined with an orders table, on SQLite and on PostgreSQL.
 */
class OutcomeQueryTest {
    private static final int UNITS = 500;

    /** Each unit's first assignment (by time) and, for some, orders. */
    static final String CONVERSIONS = """
            SELECT a.variant, CASE WHEN EXISTS (SELECT 1 FROM orders o WHERE o.user_id = a.unit_key) THEN 1 ELSE 0 END
            FROM (SELECT unit_key, variant, ROW_NUMBER() OVER (PARTITION BY unit_key ORDER BY assigned_at) AS n
                  FROM assignments WHERE experiment = ?) a
            WHERE a.n = 1""";

    static final String REVENUE = """
            SELECT a.variant, (SELECT COALESCE(SUM(o.total), 0) FROM orders o WHERE o.user_id = a.unit_key)
            FROM (SELECT unit_key, variant, ROW_NUMBER() OVER (PARTITION BY unit_key ORDER BY assigned_at) AS n
                  FROM assignments WHERE experiment = ?) a
            WHERE a.n = 1""";

    private static String firstArm(int u) {
        return u % 2 == 0 ? "v1" : "v2";
    }

    private static int orders(int u) {
        return u % 9 == 0 ? 2 : (u % 4 == 1 ? 1 : 0);
    }

    private static void fill(DataSource ds) throws Exception {
        JdbcAssignmentSink sink = JdbcAssignmentSink.create(ds, "assignments");
        Instant t = Instant.parse("2026-11-01T00:00:00Z");
        List<Assignment> batch = new ArrayList<>();
        for (int u = 0; u < UNITS; u++) {
            batch.add(new Assignment(t.plusSeconds(u), "u" + u, "shop/ab", firstArm(u), "shop", 1, 0.5));
            if (u % 10 == 0) { // a later request routed to the other arm: the first one counts
                batch.add(new Assignment(t.plusSeconds(10_000 + u), "u" + u, "shop/ab", firstArm(u + 1), "shop", 2, 0.5));
            }
            batch.add(new Assignment(t.plusSeconds(u), "u" + u, "other", "v9", "shop", 9, 0.5));
        }
        sink.write(batch);
        try (Connection c = ds.getConnection()) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE orders (order_id INTEGER PRIMARY KEY, user_id VARCHAR(64) NOT NULL, total DECIMAL(10,2) NOT NULL)");
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO orders (order_id, user_id, total) VALUES (?, ?, ?)")) {
                int id = 0;
                for (int u = 0; u < UNITS; u++) {
                    for (int k = 0; k < orders(u); k++) {
                        ps.setInt(1, ++id);
                        ps.setString(2, "u" + u);
                        ps.setBigDecimal(3, new java.math.BigDecimal(total(u, k)));
                        ps.executeUpdate();
                    }
                }
            }
            if (!c.getAutoCommit()) {
                c.commit();
            }
        }
    }

    private static String total(int u, int k) {
        return (u % 17 + 3) + "." + (k == 0 ? "25" : "50");
    }

    private static void checkConversionsAndRevenue(DataSource ds) throws Exception {
        fill(ds);
        ExperimentAnalysis conversions = ExperimentAnalysis.conversion("v1");
        assertThat(OutcomeQuery.read(ds, CONVERSIONS, conversions, "shop/ab")).isEqualTo(new OutcomeQuery.ReadCounts(UNITS, 0));
        ExperimentAnalysis revenue = ExperimentAnalysis.mean("v1");
        assertThat(OutcomeQuery.read(ds, REVENUE, revenue, "shop/ab").added()).isEqualTo(UNITS);

        ExperimentAnalysis expectedConversions = ExperimentAnalysis.conversion("v1");
        ExperimentAnalysis expectedRevenue = ExperimentAnalysis.mean("v1");
        for (int u = 0; u < UNITS; u++) {
            expectedConversions.add(firstArm(u), orders(u) > 0 ? 1 : 0);
            double sum = 0;
            for (int k = 0; k < orders(u); k++) {
                sum += Double.parseDouble(total(u, k));
            }
            expectedRevenue.add(firstArm(u), sum);
        }
        assertThat(conversions.result()).isEqualTo(expectedConversions.result());
        Results.assertSameEstimates(revenue.result(), expectedRevenue.result());
        assertThat(revenue.result().arm("v2").orElseThrow().count()).isEqualTo(UNITS / 2);
    }

    @Test
    void readsOutcomesFromSqlite(@TempDir java.nio.file.Path tmp) throws Exception {
        SQLiteDataSource ds = new SQLiteDataSource();
        ds.setUrl("jdbc:sqlite:" + tmp.resolve("shop.db"));
        checkConversionsAndRevenue(ds);
    }

    @Test
    void readsOutcomesFromPostgres() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.start()) {
            DataSource ds = pg.getPostgresDatabase();
            checkConversionsAndRevenue(ds);
            // a NULL outcome (no total) is skipped and counted, not read as zero
            ExperimentAnalysis a = ExperimentAnalysis.mean("v1");
            OutcomeQuery.ReadCounts counts = OutcomeQuery.read(ds,
                    "SELECT variant, CASE WHEN unit_key = 'u1' THEN NULL ELSE 1.5 END FROM assignments WHERE experiment = 'other'", a);
            assertThat(counts).isEqualTo(new OutcomeQuery.ReadCounts(UNITS - 1, 1));
            assertThatThrownBy(() -> OutcomeQuery.read(ds, "SELECT variant FROM assignments", ExperimentAnalysis.mean("v1")))
                    .isInstanceOf(ExperimentException.class).hasMessageContaining("returns (arm, value)");
        }
    }
}

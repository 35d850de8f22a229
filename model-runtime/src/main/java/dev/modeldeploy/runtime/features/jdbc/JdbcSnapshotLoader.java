package dev.modeldeploy.runtime.features.jdbc;

import dev.modeldeploy.runtime.features.SnapshotLoader;
import dev.modeldeploy.runtime.features.Snapshots;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Loads a {@link dev.modeldeploy.runtime.features.SnapshotFeatureSource} from a query: one row per
 * entity, the key in {@code keyColumn}, every other non-null column a feature (named by its label, so
 * {@code AVG(minutes) AS prep_minutes_7d} works). The query is the application's own SQL, run as
 * written. Immutable and thread-safe.
 */
public final class JdbcSnapshotLoader implements SnapshotLoader {
    private static final int FETCH_SIZE = 1_000;

    private final DataSource dataSource;
    private final String query;
    private final String keyColumn;

    private JdbcSnapshotLoader(DataSource dataSource, String query, String keyColumn) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.query = Objects.requireNonNull(query, "query");
        this.keyColumn = Objects.requireNonNull(keyColumn, "keyColumn");
    }

    /** Every row of {@code query}, keyed by {@code keyColumn}. */
    public static JdbcSnapshotLoader of(DataSource dataSource, String query, String keyColumn) {
        return new JdbcSnapshotLoader(dataSource, query, keyColumn);
    }

    @Override
    public Map<String, Map<String, Object>> load() throws SQLException {
        Map<String, Map<String, Object>> out = new HashMap<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.setFetchSize(FETCH_SIZE);
            try (ResultSet rs = s.executeQuery(query)) {
                JdbcRows rows = JdbcRows.of(rs, keyColumn);
                long row = 0;
                while (rs.next()) {
                    row++;
                    Snapshots.put(out, rows.key(rs), rows.fields(rs), "feature query row " + row);
                }
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "feature query keyed by " + keyColumn;
    }
}

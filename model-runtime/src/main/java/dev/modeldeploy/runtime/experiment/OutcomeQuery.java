package dev.modeldeploy.runtime.experiment;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;

/**
 * Reads per-arm outcomes with a SQL query the user writes, typically joining the assignment table of
 * {@link dev.modeldeploy.runtime.rollout.log.JdbcAssignmentSink} with an outcomes table:
 * <pre>{@code
 * SELECT a.variant, CASE WHEN EXISTS (SELECT 1 FROM orders o WHERE o.user_id = a.unit_key) THEN 1 ELSE 0 END
 * FROM (SELECT unit_key, variant, ROW_NUMBER() OVER (PARTITION BY unit_key ORDER BY assigned_at) AS n
 *       FROM assignments WHERE experiment = ?) a
 * WHERE a.n = 1
 * }</pre>
 * (one row per unit, in the arm of its first assignment, as {@link AssignmentJoin} does for files).
 * The query's first column is the arm, its second the outcome value (a number, or a boolean read as 0/1);
 * rows whose outcome is SQL {@code NULL} are skipped and counted. Plain {@code java.sql}, rows streamed with
 * a fetch size: bring your own driver. Stateless and thread-safe.
 */
public final class OutcomeQuery {
    private static final int FETCH_SIZE = 10_000;

    private OutcomeQuery() {
    }

    /**
     * Runs {@code sql} with {@code parameters} bound in order and adds every row to {@code analysis}.
     *
     * @return how many rows were added and how many skipped for a {@code NULL} outcome
     * @throws SQLException when the query fails
     */
    public static ReadCounts read(DataSource dataSource, String sql, ExperimentAnalysis analysis, Object... parameters)
            throws SQLException {
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(analysis, "analysis");
        long added = 0;
        long skipped = 0;
        try (Connection c = dataSource.getConnection()) {
            // PostgreSQL streams rows with a fetch size only inside a transaction.
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setFetchSize(FETCH_SIZE);
                for (int i = 0; i < parameters.length; i++) {
                    ps.setObject(i + 1, parameters[i]);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.getMetaData().getColumnCount() < 2) {
                        throw new ExperimentException("an outcome query returns (arm, value); this one returns "
                                + rs.getMetaData().getColumnCount() + " column(s)");
                    }
                    while (rs.next()) {
                        String arm = rs.getString(1);
                        Object value = rs.getObject(2);
                        if (value == null || arm == null) {
                            skipped++;
                            continue;
                        }
                        analysis.add(arm, toDouble(value, arm));
                        added++;
                    }
                }
            } finally {
                c.rollback();
                c.setAutoCommit(autoCommit);
            }
        }
        return new ReadCounts(added, skipped);
    }

    private static double toDouble(Object value, String arm) {
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        if (value instanceof Boolean b) {
            return b ? 1 : 0;
        }
        try {
            return Double.parseDouble(value.toString().trim());
        } catch (NumberFormatException e) {
            throw new ExperimentException("outcome of arm " + arm + " is not a number: " + value);
        }
    }

    /**
     * What a query read. Immutable.
     *
     * @param added   rows added to the analysis
     * @param skipped rows skipped because the arm or the outcome was {@code NULL}
     */
    public record ReadCounts(long added, long skipped) {
    }
}

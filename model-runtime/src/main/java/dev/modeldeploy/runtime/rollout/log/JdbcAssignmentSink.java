package dev.modeldeploy.runtime.rollout.log;

import javax.sql.DataSource;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Inserts assignments into a database table, one transaction per batch, with columns
 * {@code assigned_at TIMESTAMP, unit_key, experiment, variant, model VARCHAR, model_version INTEGER,
 * prediction VARCHAR} (the prediction as JSON text). Plain {@code java.sql}: bring your own driver.
 * Used from one thread (the log's writer).
 */
public final class JdbcAssignmentSink implements AssignmentSink {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");

    private final DataSource dataSource;
    private final String insert;

    private JdbcAssignmentSink(DataSource dataSource, String table) {
        this.dataSource = dataSource;
        this.insert = "INSERT INTO " + table
                + " (assigned_at, unit_key, experiment, variant, model, model_version, prediction) VALUES (?, ?, ?, ?, ?, ?, ?)";
    }

    /**
     * A sink inserting into {@code table}, creating it first if it does not exist.
     *
     * @param table a plain table name, optionally schema-qualified ({@code analytics.assignments})
     */
    public static JdbcAssignmentSink create(DataSource dataSource, String table) throws SQLException {
        Objects.requireNonNull(dataSource, "dataSource");
        if (!IDENTIFIER.matcher(table).matches()) {
            throw new IllegalArgumentException("not a plain table name: " + table);
        }
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + table + " (assigned_at TIMESTAMP NOT NULL, "
                    + "unit_key VARCHAR(512) NOT NULL, experiment VARCHAR(512) NOT NULL, variant VARCHAR(255) NOT NULL, "
                    + "model VARCHAR(255) NOT NULL, model_version INTEGER NOT NULL, prediction VARCHAR(8000))");
            if (!c.getAutoCommit()) {
                c.commit();
            }
        }
        return new JdbcAssignmentSink(dataSource, table);
    }

    @Override
    public void write(List<Assignment> batch) throws SQLException, IOException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(insert)) {
                for (Assignment a : batch) {
                    ps.setTimestamp(1, Timestamp.from(a.time()));
                    ps.setString(2, a.unit());
                    ps.setString(3, a.experiment());
                    ps.setString(4, a.variant());
                    ps.setString(5, a.model());
                    ps.setInt(6, a.version());
                    ps.setString(7, JsonLinesAssignmentSink.predictionJson(a.prediction()));
                    ps.addBatch();
                }
                ps.executeBatch();
                c.commit();
            } catch (SQLException | IOException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }
}

package dev.modeldeploy.runtime.batch.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * The sink's writer connections: opened on demand, one per concurrently committing worker, reused
 * between chunks, closed when a run attempt finishes. Connections are in manual-commit mode. A
 * {@link javax.sql.DataSource} with its own pool works too: closing returns its connections.
 * Thread-safe.
 */
final class ConnectionPool implements AutoCloseable {
    private final JdbcDatabase database;
    private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();

    ConnectionPool(JdbcDatabase database) {
        this.database = database;
    }

    /** An idle connection, or a new one. */
    Connection borrow() throws SQLException {
        Connection c = idle.pollFirst();
        if (c != null) {
            return c;
        }
        c = database.open(true);
        try {
            c.setAutoCommit(false);
            return c;
        } catch (SQLException e) {
            JdbcDatabase.closeQuietly(c);
            throw e;
        }
    }

    /** Gives a connection back after its transaction ended. */
    void release(Connection c) {
        idle.addFirst(c);
    }

    /** Drops a connection that failed and may be broken. */
    void discard(Connection c) {
        JdbcDatabase.closeQuietly(c);
    }

    /** Closes the idle connections; later borrows open new ones. */
    @Override
    public void close() {
        Connection c;
        while ((c = idle.pollFirst()) != null) {
            JdbcDatabase.closeQuietly(c);
        }
    }
}

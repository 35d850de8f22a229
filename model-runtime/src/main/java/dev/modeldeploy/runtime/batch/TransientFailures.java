package dev.modeldeploy.runtime.batch;

import dev.modeldeploy.api.error.StoreException;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

/** Tells failures worth retrying (dropped connections, deadlocks, timeouts, 5xx from a store) from the rest. */
public final class TransientFailures {
    private TransientFailures() {
    }

    /**
     * Whether {@code failure}, or any of its causes, is transient: an I/O error, a store failure, a
     * transient or recoverable SQL error, or an SQL state of class 08 (connection), 40 (transaction
     * rollback, deadlock, serialization) or 53/57P (PostgreSQL resources, shutdown), or SQLite's
     * BUSY/LOCKED.
     */
    public static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientException || t instanceof SQLRecoverableException
                    || t instanceof IOException || t instanceof StoreException) {
                return true;
            }
            if (t instanceof SQLException sql && isTransientState(sql)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isTransientState(SQLException e) {
        String state = e.getSQLState();
        if (state != null && (state.startsWith("08") || state.startsWith("40") || state.startsWith("53") || state.startsWith("57P"))) {
            return true;
        }
        String message = String.valueOf(e.getMessage());
        // SQLite reports contention as SQLITE_BUSY / SQLITE_LOCKED without an SQL state.
        return message.contains("SQLITE_BUSY") || message.contains("SQLITE_LOCKED");
    }
}

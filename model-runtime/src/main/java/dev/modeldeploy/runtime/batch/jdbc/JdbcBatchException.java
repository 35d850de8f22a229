package dev.modeldeploy.runtime.batch.jdbc;

import dev.modeldeploy.api.error.ModelException;

/**
 * A JDBC source or sink cannot go on for a reason a retry will not fix: a table that exists with other
 * columns, an id column that is missing or not unique, a ledger that contradicts itself.
 */
public class JdbcBatchException extends ModelException {
    public JdbcBatchException(String message) {
        super(message);
    }

    public JdbcBatchException(String message, Throwable cause) {
        super(message, cause);
    }
}

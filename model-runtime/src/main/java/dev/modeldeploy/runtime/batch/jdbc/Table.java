package dev.modeldeploy.runtime.batch.jdbc;

import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A table the sink creates and upserts into: its columns (in DDL order) and primary key. Rows are
 * {@code Object[]} in column order. Immutable.
 *
 * @param name    the checked table name
 * @param columns the columns, in DDL and row order
 * @param key     the primary key's column names
 */
record Table(String name, List<Column> columns, List<String> key) {
    private static final String UNIQUE_VIOLATION = "23505";
    /** pgjdbc is an optional dependency: once found missing, PostgreSQL-compatible drivers take the INSERT path. */
    private static volatile boolean pgjdbcMissing;

    /** A column: checked name, type, and whether it may be null. */
    record Column(String name, ColumnType type, boolean notNull) {
    }

    Table {
        columns = List.copyOf(columns);
        key = List.copyOf(key);
        Set<String> names = columns.stream().map(c -> Identifiers.key(c.name())).collect(Collectors.toSet());
        if (names.size() != columns.size()) {
            throw new IllegalArgumentException("table " + name + " would have two columns of the same name: "
                    + columns.stream().map(Column::name).toList());
        }
    }

    /** {@code CREATE TABLE IF NOT EXISTS} in this dialect. */
    String createSql(SqlDialect d) {
        StringBuilder sql = new StringBuilder("CREATE TABLE IF NOT EXISTS ").append(name).append(" (");
        for (Column c : columns) {
            String type = c.type() == ColumnType.TEXT && key.contains(c.name()) ? d.keyTextTypeName() : d.typeName(c.type());
            sql.append(c.name()).append(' ').append(type).append(c.notNull() ? " NOT NULL" : "").append(", ");
        }
        return sql.append("PRIMARY KEY (").append(String.join(", ", key)).append("))").toString();
    }

    /** Creates the table if absent, and checks that an existing one has every column this one writes. */
    void ensure(Connection c, SqlDialect d) throws SQLException {
        SQLException createFailure = null;
        try (Statement s = c.createStatement()) {
            s.execute(createSql(d));
            c.commit();
        } catch (SQLException e) {
            // Another job may have created it at the same moment (PostgreSQL then reports a unique
            // violation in its catalog): whether the table is usable is what the probe below tells.
            c.rollback();
            createFailure = e;
        }
        String probe = "SELECT " + columns.stream().map(Column::name).collect(Collectors.joining(", ")) + " FROM " + name + " WHERE 1 = 0";
        try (Statement s = c.createStatement()) {
            s.executeQuery(probe).close();
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            if (createFailure != null) {
                throw createFailure;
            }
            throw new JdbcBatchException("table " + name + " exists without all the columns this sink writes ("
                    + columns.stream().map(Column::name).collect(Collectors.joining(", ")) + "): drop it or choose another table", e);
        }
    }

    /**
     * Inserts or replaces rows by primary key, in batches, in the connection's current transaction:
     * {@code ON CONFLICT DO UPDATE} (PostgreSQL, SQLite), {@code MERGE ... KEY} (H2), or delete then
     * insert (other databases).
     */
    void upsert(Connection c, SqlDialect d, List<Object[]> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        if (d == SqlDialect.GENERIC) {
            try (PreparedStatement delete = c.prepareStatement(deleteSql())) {
                List<Integer> keyIndexes = key.stream().map(this::indexOf).toList();
                for (Object[] row : rows) {
                    for (int k = 0; k < keyIndexes.size(); k++) {
                        int i = keyIndexes.get(k);
                        bind(delete, k + 1, d, i, row[i]);
                    }
                    delete.addBatch();
                }
                executeBatch(delete, rows.size());
            }
        }
        try (PreparedStatement insert = c.prepareStatement(upsertSql(d))) {
            for (Object[] row : rows) {
                for (int i = 0; i < columns.size(); i++) {
                    bind(insert, i + 1, d, i, row[i]);
                }
                insert.addBatch();
            }
            executeBatch(insert, rows.size());
        }
    }

    /**
     * Writes rows that are usually new (a chunk's predictions) with the same effect as
     * {@link #upsert}, faster on PostgreSQL: a plain insert ({@code COPY} with pgjdbc) under a
     * savepoint, and the upsert only when a row exists already (a resumed or rerun chunk), which the
     * primary key reports as a unique violation. Elsewhere it is {@link #upsert}.
     */
    void insertOrUpsert(Connection c, SqlDialect d, List<Object[]> rows) throws SQLException {
        if (d != SqlDialect.POSTGRESQL || rows.isEmpty()) {
            upsert(c, d, rows);
            return;
        }
        Savepoint before = c.setSavepoint();
        try {
            if (copyUsable(c)) {
                try {
                    PostgresCopy.copy(c, this, rows);
                } catch (PostgresCopy.NotCopyable e) {
                    insert(c, d, rows);
                }
            } else {
                insert(c, d, rows);
            }
            c.releaseSavepoint(before);
        } catch (SQLException e) {
            if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw e;
            }
            c.rollback(before);
            upsert(c, d, rows);
        }
    }

    private void insert(Connection c, SqlDialect d, List<Object[]> rows) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(insertSql())) {
            for (Object[] row : rows) {
                for (int i = 0; i < columns.size(); i++) {
                    bind(insert, i + 1, d, i, row[i]);
                }
                insert.addBatch();
            }
            executeBatch(insert, rows.size());
        }
    }

    /** Appends a value of a column in PostgreSQL COPY's text format, failing as {@link #bind} does. */
    void encode(int column, Object value, StringBuilder out) {
        Column c = columns.get(column);
        try {
            PostgresCopy.append(out, c.type(), value);
        } catch (IllegalArgumentException | java.time.DateTimeException | ArithmeticException e) {
            throw valueError(c, value, e);
        }
    }

    /**
     * Deletes, in batches in the current transaction, the rows above a bound in one key column: each
     * entry holds the values of the other key columns, in key order, then the bound of {@code column}.
     */
    void deleteAbove(Connection c, SqlDialect d, String column, List<Object[]> entries) throws SQLException {
        if (entries.isEmpty()) {
            return;
        }
        List<Integer> others = key.stream().filter(k -> !k.equals(column)).map(this::indexOf).toList();
        String sql = "DELETE FROM " + name + " WHERE " + others.stream().map(i -> columns.get(i).name() + " = ?")
                .collect(Collectors.joining(" AND ")) + " AND " + column + " > ?";
        int bounded = indexOf(column);
        try (PreparedStatement delete = c.prepareStatement(sql)) {
            for (Object[] entry : entries) {
                for (int k = 0; k < others.size(); k++) {
                    bind(delete, k + 1, d, others.get(k), entry[k]);
                }
                bind(delete, others.size() + 1, d, bounded, entry[others.size()]);
                delete.addBatch();
            }
            executeBatch(delete, entries.size());
        }
    }

    private void bind(PreparedStatement ps, int index, SqlDialect d, int column, Object value) throws SQLException {
        Column c = columns.get(column);
        try {
            d.bind(ps, index, c.type(), value);
        } catch (IllegalArgumentException | java.time.DateTimeException | ArithmeticException e) {
            throw valueError(c, value, e);
        }
    }

    private JdbcBatchException valueError(Column c, Object value, RuntimeException e) {
        return new JdbcBatchException("column " + c.name() + " (" + c.type() + ") of " + name + " cannot take a "
                + value.getClass().getSimpleName() + ": " + e.getMessage(), e);
    }

    // Some drivers (PostgreSQL's) put the whole batch, every value of every row, in the message of a
    // BatchUpdateException: report the database's own error instead, keeping its SQL state for retries.
    private void executeBatch(PreparedStatement ps, int rows) throws SQLException {
        try {
            ps.executeBatch();
        } catch (BatchUpdateException e) {
            SQLException next = e.getNextException();
            String state = next != null && next.getSQLState() != null ? next.getSQLState() : e.getSQLState();
            String reason = next != null ? String.valueOf(next.getMessage()) : "the database gave no reason";
            SQLException concise = new SQLException("writing " + rows + " rows to " + name + " failed: " + reason, state,
                    next != null ? next.getErrorCode() : e.getErrorCode(), next);
            concise.setStackTrace(e.getStackTrace());
            throw concise;
        }
    }

    /** Whether the connection is pgjdbc's; false without pgjdbc on the class path (PostgresCopy then fails to link). */
    private static boolean copyUsable(Connection c) {
        if (pgjdbcMissing) {
            return false;
        }
        try {
            return PostgresCopy.usable(c);
        } catch (NoClassDefFoundError e) {
            pgjdbcMissing = true;
            return false;
        }
    }

    int indexOf(String column) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(column)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no column " + column + " in " + name);
    }

    private String deleteSql() {
        return "DELETE FROM " + name + " WHERE " + key.stream().map(k -> k + " = ?").collect(Collectors.joining(" AND "));
    }

    private String insertSql() {
        return "INSERT INTO " + name + " (" + columns.stream().map(Column::name).collect(Collectors.joining(", ")) + ") VALUES ("
                + columns.stream().map(c -> "?").collect(Collectors.joining(", ")) + ")";
    }

    String upsertSql(SqlDialect d) {
        String cols = columns.stream().map(Column::name).collect(Collectors.joining(", "));
        String marks = columns.stream().map(c -> "?").collect(Collectors.joining(", "));
        return switch (d) {
            case POSTGRESQL, SQLITE -> {
                List<String> updates = new ArrayList<>();
                for (Column c : columns) {
                    if (!key.contains(c.name())) {
                        updates.add(c.name() + " = excluded." + c.name());
                    }
                }
                String action = updates.isEmpty() ? "NOTHING" : "UPDATE SET " + String.join(", ", updates);
                yield "INSERT INTO " + name + " (" + cols + ") VALUES (" + marks + ") ON CONFLICT (" + String.join(", ", key) + ") DO " + action;
            }
            case H2 -> "MERGE INTO " + name + " (" + cols + ") KEY (" + String.join(", ", key) + ") VALUES (" + marks + ")";
            case GENERIC -> insertSql();
        };
    }
}

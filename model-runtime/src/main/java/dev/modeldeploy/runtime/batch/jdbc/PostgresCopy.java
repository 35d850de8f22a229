package dev.modeldeploy.runtime.batch.jdbc;

import org.postgresql.PGConnection;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Plain inserts through PostgreSQL's {@code COPY ... FROM STDIN} (pgjdbc's copy API), several times
 * faster than batched {@code INSERT}s. Only loaded when pgjdbc is on the class path and the
 * connection is one of its own (a pool's wrapper unwraps to it); the values are written in COPY's
 * text format with the same conversions {@link SqlDialect#bind} applies.
 */
final class PostgresCopy {
    private PostgresCopy() {
    }

    /** Whether rows can be copied over this connection. */
    static boolean usable(Connection c) {
        try {
            return c.isWrapperFor(PGConnection.class);
        } catch (SQLException e) {
            return false;
        }
    }

    /** Copies the rows into the table, in the connection's current transaction. */
    static void copy(Connection c, Table table, List<Object[]> rows) throws SQLException {
        List<Table.Column> columns = table.columns();
        int width = columns.size();
        StringBuilder text = new StringBuilder(rows.size() * 16 * width);
        // A chunk's rows share their model, version, run key and time (the same objects): a value that is
        // the previous row's again reuses its text, which spares formatting a timestamp and escaping the
        // run key on every row.
        Object[] previous = new Object[width];
        int[] start = new int[width];
        int[] end = new int[width];
        String[] repeated = new String[width];
        for (Object[] row : rows) {
            for (int i = 0; i < width; i++) {
                if (i > 0) {
                    text.append('\t');
                }
                Object value = row[i];
                if (value != null && value == previous[i]) {
                    if (repeated[i] == null) {
                        repeated[i] = text.substring(start[i], end[i]);
                    }
                    text.append(repeated[i]);
                } else {
                    previous[i] = value;
                    repeated[i] = null;
                    start[i] = text.length();
                    table.encode(i, value, text);
                    end[i] = text.length();
                }
            }
            text.append('\n');
        }
        String sql = "COPY " + table.name() + " (" + columns.stream().map(Table.Column::name).collect(Collectors.joining(", "))
                + ") FROM STDIN";
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        try {
            c.unwrap(PGConnection.class).getCopyAPI().copyIn(sql, new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new SQLException("copying " + rows.size() + " rows into " + table.name() + " failed: " + e.getMessage(), "08006", e);
        }
    }

    /** Appends a value in COPY's text format for a column of that type ({@code \N} for null). */
    static void append(StringBuilder out, ColumnType type, Object value) {
        if (value == null) {
            out.append("\\N");
            return;
        }
        switch (type) {
            case BIGINT -> out.append(SqlDialect.toLong(value));
            case DOUBLE -> out.append(SqlDialect.toDouble(value)); // NaN and ±Infinity are spelled as float8 reads them
            case BOOLEAN -> out.append(SqlDialect.toBoolean(value) ? 't' : 'f');
            case TIMESTAMP -> {
                OffsetDateTime t = SqlDialect.toInstant(value).atOffset(ZoneOffset.UTC);
                out.append(plainYear(t.getYear(), t));
            }
            case DATE -> {
                LocalDate d = value instanceof LocalDate ld ? ld
                        : value instanceof java.sql.Date sd ? sd.toLocalDate() : LocalDate.parse(value.toString());
                out.append(plainYear(d.getYear(), d));
            }
            case TEXT -> escape(out, value.toString());
        }
    }

    /** Java writes years past 9999 with a sign PostgreSQL does not read: such rows take the INSERT path. */
    private static Object plainYear(int year, Object value) {
        if (year < 1 || year > 9999) {
            throw new NotCopyable();
        }
        return value;
    }

    /** A value COPY's text format cannot carry as {@link SqlDialect#bind} would write it. */
    static final class NotCopyable extends RuntimeException {
        NotCopyable() {
            super(null, null, false, false);
        }
    }

    private static void escape(StringBuilder out, String s) {
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append(ch);
            }
        }
    }
}

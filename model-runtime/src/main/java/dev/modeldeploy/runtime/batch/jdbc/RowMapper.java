package dev.modeldeploy.runtime.batch.jdbc;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.Temporal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Turns result set rows into records: a map from column label (lower-case unless asked otherwise) to a
 * plain Java value. Timestamps become {@link Instant} (UTC for columns without a zone), dates
 * {@link LocalDate}, times {@link LocalTime}, numbers the driver's {@link Number}s ({@link Long} for
 * {@code BIGINT}, {@link BigDecimal} for {@code NUMERIC} outside SQLite), binary columns {@code byte[]}, arrays {@link List}, anything exotic (JSON, XML,
 * intervals) its text. Built once per query from its metadata; not thread-safe.
 */
final class RowMapper {
    /** Reads one column of the current row. */
    @FunctionalInterface
    private interface ColumnReader {
        Object read(ResultSet rs, int column) throws SQLException;
    }

    private static final DateTimeFormatter LOCAL_DATE_TIME = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd")
            .optionalStart().appendLiteral(' ').optionalEnd()
            .optionalStart().appendLiteral('T').optionalEnd()
            .appendPattern("HH:mm")
            .optionalStart().appendPattern(":ss").optionalEnd()
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .toFormatter(Locale.ROOT);

    private final String[] labels;
    private final ColumnReader[] readers;
    private final int idIndex;

    private RowMapper(String[] labels, ColumnReader[] readers, int idIndex) {
        this.labels = labels;
        this.readers = readers;
        this.idIndex = idIndex;
    }

    /**
     * A mapper for a result set's columns.
     *
     * @throws JdbcBatchException if the id column is not among them
     */
    static RowMapper of(ResultSetMetaData md, SqlDialect dialect, boolean lowerCase, String idColumn) throws SQLException {
        int n = md.getColumnCount();
        String[] labels = new String[n];
        ColumnReader[] readers = new ColumnReader[n];
        int id = -1;
        for (int i = 0; i < n; i++) {
            String label = md.getColumnLabel(i + 1);
            labels[i] = lowerCase ? label.toLowerCase(Locale.ROOT) : label;
            readers[i] = dialect == SqlDialect.SQLITE ? sqliteReader(md.getColumnType(i + 1))
                    : reader(md.getColumnType(i + 1), String.valueOf(md.getColumnTypeName(i + 1)));
            if (label.equalsIgnoreCase(idColumn)) {
                if (id >= 0) {
                    throw new JdbcBatchException("the query returns two columns named " + idColumn);
                }
                id = i;
            }
        }
        if (id < 0) {
            throw new JdbcBatchException("the query returns no id column " + idColumn + "; its columns: " + Arrays.toString(labels));
        }
        return new RowMapper(labels, readers, id);
    }

    /** The current row as a record. */
    Map<String, Object> read(ResultSet rs) throws SQLException {
        Map<String, Object> row = new LinkedHashMap<>((int) (labels.length / 0.75f) + 1);
        for (int i = 0; i < labels.length; i++) {
            row.put(labels[i], readers[i].read(rs, i + 1));
        }
        return row;
    }

    /** The id of a record this mapper read. */
    Object id(Map<String, Object> row) {
        return row.get(labels[idIndex]);
    }

    /** The id column's label, as records carry it. */
    String idLabel() {
        return labels[idIndex];
    }

    private static ColumnReader reader(int type, String typeName) {
        String name = typeName.toLowerCase(Locale.ROOT);
        return switch (type) {
            case Types.BIT, Types.BOOLEAN -> RowMapper::readBoolean;
            case Types.BIGINT -> RowMapper::readLong;
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.REAL, Types.FLOAT, Types.DOUBLE -> ResultSet::getObject;
            case Types.NUMERIC, Types.DECIMAL -> ResultSet::getBigDecimal;
            case Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.NCHAR, Types.NVARCHAR, Types.LONGNVARCHAR, Types.CLOB,
                    Types.NCLOB -> ResultSet::getString;
            case Types.DATE -> typed(LocalDate.class);
            case Types.TIME -> typed(LocalTime.class);
            case Types.TIME_WITH_TIMEZONE -> typed(OffsetTime.class);
            case Types.TIMESTAMP_WITH_TIMEZONE -> RowMapper::readZonedTimestamp;
            // PostgreSQL reports timestamptz as TIMESTAMP; its type name tells.
            case Types.TIMESTAMP -> name.contains("tz") || name.contains("time zone") ? RowMapper::readZonedTimestamp : RowMapper::readLocalTimestamp;
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> ResultSet::getBytes;
            case Types.ARRAY -> RowMapper::readArray;
            default -> RowMapper::readOther;
        };
    }

    // SQLite values carry their own storage class whatever the declared type; dates and timestamps
    // are text (or epoch milliseconds, as sqlite-jdbc writes them by default).
    private static ColumnReader sqliteReader(int type) {
        return switch (type) {
            case Types.BIT, Types.BOOLEAN -> RowMapper::readBoolean;
            case Types.BIGINT -> RowMapper::readLong; // Else small values come back as Integer.
            case Types.DATE -> (rs, i) -> sqliteTime(rs.getObject(i), true);
            case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> (rs, i) -> sqliteTime(rs.getObject(i), false);
            default -> ResultSet::getObject;
        };
    }

    private static Object readBoolean(ResultSet rs, int i) throws SQLException {
        boolean b = rs.getBoolean(i);
        return rs.wasNull() ? null : b;
    }

    private static Object readLong(ResultSet rs, int i) throws SQLException {
        long v = rs.getLong(i);
        return rs.wasNull() ? null : v;
    }

    private static ColumnReader typed(Class<?> type) {
        return (rs, i) -> {
            try {
                return rs.getObject(i, type);
            } catch (SQLException | RuntimeException unsupported) {
                return rs.getObject(i); // An older driver without JDBC 4.2 conversions: its own type.
            }
        };
    }

    private static Object readZonedTimestamp(ResultSet rs, int i) throws SQLException {
        OffsetDateTime t = rs.getObject(i, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static Object readLocalTimestamp(ResultSet rs, int i) throws SQLException {
        LocalDateTime t = rs.getObject(i, LocalDateTime.class);
        return t == null ? null : t.toInstant(ZoneOffset.UTC);
    }

    private static Object readArray(ResultSet rs, int i) throws SQLException {
        Array a = rs.getArray(i);
        if (a == null) {
            return null;
        }
        try {
            Object values = a.getArray();
            if (values instanceof Object[] objects) {
                return Arrays.asList(objects); // Elements may be null, which List.of refuses.
            }
            return values;
        } finally {
            a.free();
        }
    }

    private static Object readOther(ResultSet rs, int i) throws SQLException {
        Object v = rs.getObject(i);
        if (v == null || v instanceof String || v instanceof Number || v instanceof Boolean || v instanceof UUID
                || v instanceof Temporal || v instanceof byte[]) {
            return v;
        }
        return rs.getString(i); // JSON, XML, intervals, driver-specific objects: their text.
    }

    private static Object sqliteTime(Object raw, boolean dateOnly) {
        if (raw instanceof Number n) {
            Instant t = Instant.ofEpochMilli(n.longValue());
            return dateOnly ? LocalDate.ofInstant(t, ZoneOffset.UTC) : t;
        }
        if (!(raw instanceof String s)) {
            return raw;
        }
        String text = s.strip();
        try {
            if (dateOnly && text.length() == 10) {
                return LocalDate.parse(text);
            }
            if (text.endsWith("Z") || text.matches(".*[+-]\\d\\d:?\\d\\d$")) {
                Instant t = OffsetDateTime.parse(text.replace(' ', 'T')).toInstant();
                return dateOnly ? LocalDate.ofInstant(t, ZoneOffset.UTC) : t;
            }
            if (text.length() == 10) {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            LocalDateTime t = LocalDateTime.parse(text, LOCAL_DATE_TIME);
            return dateOnly ? t.toLocalDate() : t.toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException notATime) {
            return s; // SQLite stores whatever it was given; hand over the text rather than fail.
        }
    }
}

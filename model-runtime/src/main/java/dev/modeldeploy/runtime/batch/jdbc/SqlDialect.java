package dev.modeldeploy.runtime.batch.jdbc;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Calendar;
import java.util.Date;
import java.util.Locale;
import java.util.TimeZone;
import java.util.UUID;

/**
 * The SQL differences the JDBC source and sink care about: column type names, upserts, paging, value
 * binding and connection set-up. Detected from the connection's product name unless set on the
 * {@link JdbcDatabase}.
 *
 * <ul>
 *   <li>{@link #POSTGRESQL}: {@code INSERT ... ON CONFLICT DO UPDATE}; string parameters are sent
 *       untyped so the server infers their type ({@code :date} works against a {@code DATE} column).</li>
 *   <li>{@link #SQLITE}: {@code INSERT ... ON CONFLICT DO UPDATE}; writers set WAL mode,
 *       {@code synchronous=NORMAL} and a busy timeout; one writer at a time per sink.</li>
 *   <li>{@link #H2}: {@code MERGE INTO ... KEY (...)}.</li>
 *   <li>{@link #GENERIC}: any other database: delete-then-insert in the chunk's transaction,
 *       {@code FETCH FIRST n ROWS ONLY} paging, standard type names.</li>
 * </ul>
 */
public enum SqlDialect {
    POSTGRESQL,
    SQLITE,
    H2,
    GENERIC;

    /** How long a SQLite connection waits for another writer before failing with SQLITE_BUSY. */
    static final int SQLITE_BUSY_TIMEOUT_MILLIS = 30_000;

    private static final DateTimeFormatter SQLITE_TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    /** The dialect for a JDBC {@code DatabaseMetaData.getDatabaseProductName()}. */
    static SqlDialect forProduct(String productName) {
        String p = String.valueOf(productName).toLowerCase(Locale.ROOT);
        if (p.contains("postgres")) {
            return POSTGRESQL;
        }
        if (p.contains("sqlite")) {
            return SQLITE;
        }
        if (p.equals("h2")) {
            return H2;
        }
        return GENERIC;
    }

    /** The column type's name in this dialect's DDL. */
    String typeName(ColumnType type) {
        return switch (type) {
            case BIGINT -> this == SQLITE ? "INTEGER" : "BIGINT";
            case DOUBLE -> this == SQLITE ? "REAL" : "DOUBLE PRECISION";
            case TEXT -> switch (this) {
                case POSTGRESQL, SQLITE -> "TEXT";
                case H2 -> "CHARACTER VARYING";
                case GENERIC -> "VARCHAR(4000)";
            };
            case BOOLEAN -> "BOOLEAN";
            case TIMESTAMP -> switch (this) {
                case POSTGRESQL, H2 -> "TIMESTAMP WITH TIME ZONE";
                case SQLITE, GENERIC -> "TIMESTAMP";
            };
            case DATE -> "DATE";
        };
    }

    /** Text that is part of a primary key (some databases cannot index unbounded text). */
    String keyTextTypeName() {
        return switch (this) {
            case POSTGRESQL, SQLITE -> "TEXT";
            case H2 -> "CHARACTER VARYING(1024)";
            case GENERIC -> "VARCHAR(255)";
        };
    }

    /** Whether writes must be serialized within a process (SQLite allows one writer at a time). */
    boolean singleWriter() {
        return this == SQLITE;
    }

    /**
     * The keyset page of {@code query}: rows after a lower bound (the last placeholder, when
     * {@code bounded}), in id order, at most {@code limit}.
     */
    String pageQuery(String query, String idColumn, boolean bounded, int limit) {
        String where = bounded ? " WHERE q." + idColumn + " > ?" : "";
        String order = " ORDER BY q." + idColumn;
        String fetch = this == GENERIC ? " FETCH FIRST " + limit + " ROWS ONLY" : " LIMIT " + limit;
        return "SELECT * FROM (" + query + ") q" + where + order + fetch;
    }

    /** Prepares a new connection: SQLite gets a busy timeout, and writers WAL mode. */
    void init(Connection c, boolean writer) throws SQLException {
        if (this != SQLITE) {
            return;
        }
        // Before any transaction: SQLite cannot change the journal mode inside one.
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout = " + SQLITE_BUSY_TIMEOUT_MILLIS);
            if (writer) {
                // WAL lets the source read while the sink writes. synchronous=NORMAL may lose the last
                // commits on power loss (never on a process crash), but a chunk's rows and its ledger row
                // share a transaction, so they are lost together and a rerun redoes exactly that chunk.
                s.execute("PRAGMA journal_mode = WAL");
                s.execute("PRAGMA synchronous = NORMAL");
            }
        }
    }

    /** Binds a value for a sink column of the given type. */
    void bind(PreparedStatement ps, int index, ColumnType type, Object value) throws SQLException {
        if (value == null) {
            ps.setNull(index, nullType(type));
            return;
        }
        switch (type) {
            case BIGINT -> ps.setLong(index, toLong(value));
            case DOUBLE -> ps.setDouble(index, toDouble(value));
            case TEXT -> ps.setString(index, value.toString());
            case BOOLEAN -> ps.setBoolean(index, toBoolean(value));
            case TIMESTAMP -> bindInstant(ps, index, toInstant(value));
            case DATE -> bindDate(ps, index, value instanceof LocalDate d ? d
                    : value instanceof java.sql.Date sd ? sd.toLocalDate() : LocalDate.parse(value.toString()));
        }
    }

    /** Binds a query parameter or keyset bound of any Java type. */
    void bindParameter(PreparedStatement ps, int index, Object value) throws SQLException {
        if (value == null) {
            ps.setNull(index, this == POSTGRESQL ? Types.OTHER : Types.NULL);
        } else if (value instanceof String s) {
            if (this == POSTGRESQL) {
                // Untyped: the server infers the type from the context (a date, a number, text).
                ps.setObject(index, s, Types.OTHER);
            } else {
                ps.setString(index, s);
            }
        } else if (value instanceof java.sql.Date d) {
            bindDate(ps, index, d.toLocalDate());
        } else if (value instanceof java.sql.Time t) {
            ps.setTime(index, t);
        } else if (value instanceof Instant || value instanceof OffsetDateTime || value instanceof ZonedDateTime
                || value instanceof Date) {
            bindInstant(ps, index, toInstant(value));
        } else if (value instanceof LocalDate d) {
            bindDate(ps, index, d);
        } else if (value instanceof LocalDateTime t && this == SQLITE) {
            ps.setString(index, SQLITE_TIMESTAMP.format(t.toInstant(ZoneOffset.UTC)));
        } else if (value instanceof UUID u && this != POSTGRESQL && this != H2) {
            ps.setString(index, u.toString());
        } else if (value instanceof BigInteger b) {
            ps.setBigDecimal(index, new BigDecimal(b));
        } else {
            ps.setObject(index, value);
        }
    }

    private void bindInstant(PreparedStatement ps, int index, Instant instant) throws SQLException {
        switch (this) {
            case POSTGRESQL, H2 -> ps.setObject(index, instant.atOffset(ZoneOffset.UTC));
            case SQLITE -> ps.setString(index, SQLITE_TIMESTAMP.format(instant));
            case GENERIC -> ps.setTimestamp(index, Timestamp.from(instant), Calendar.getInstance(TimeZone.getTimeZone("UTC"), Locale.ROOT));
        }
    }

    private void bindDate(PreparedStatement ps, int index, LocalDate date) throws SQLException {
        if (this == SQLITE) {
            ps.setString(index, date.toString());
        } else {
            ps.setObject(index, date);
        }
    }

    private int nullType(ColumnType type) {
        return switch (type) {
            case BIGINT -> Types.BIGINT;
            case DOUBLE -> Types.DOUBLE;
            case TEXT -> Types.VARCHAR;
            case BOOLEAN -> Types.BOOLEAN;
            case TIMESTAMP -> this == SQLITE ? Types.VARCHAR : Types.TIMESTAMP;
            case DATE -> this == SQLITE ? Types.VARCHAR : Types.DATE;
        };
    }

    static long toLong(Object value) {
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof BigInteger b) {
            return b.longValueExact();
        }
        if (value instanceof Number n) {
            double d = n.doubleValue();
            if (d != Math.rint(d) || Double.isInfinite(d)) {
                throw new IllegalArgumentException("not an integer for a BIGINT column: " + value);
            }
            return n.longValue();
        }
        try {
            return Long.parseLong(value.toString().strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an integer: '" + value + "'", e);
        }
    }

    static double toDouble(Object value) {
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        try {
            return Double.parseDouble(value.toString().strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number: '" + value + "'", e);
        }
    }

    static boolean toBoolean(Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof Number n) {
            return n.intValue() != 0;
        }
        return Boolean.parseBoolean(value.toString().strip());
    }

    static Instant toInstant(Object value) {
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (value instanceof ZonedDateTime z) {
            return z.toInstant();
        }
        if (value instanceof java.sql.Date d) {
            return d.toLocalDate().atStartOfDay(ZoneOffset.UTC).toInstant(); // java.sql.Date has no toInstant()
        }
        if (value instanceof Date d) {
            return d.toInstant();
        }
        if (value instanceof LocalDateTime t) {
            return t.toInstant(ZoneOffset.UTC);
        }
        return Instant.parse(value.toString());
    }

    /** SQLite keeps timestamps as text in this format. */
    static String sqliteTimestamp(Instant instant) {
        return SQLITE_TIMESTAMP.format(instant);
    }
}

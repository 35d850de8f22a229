package dev.modeldeploy.runtime.batch.jdbc;

/**
 * The column types a {@link JdbcSink} creates and binds; each {@link SqlDialect} names them in its own
 * SQL (for example {@code DOUBLE} is {@code DOUBLE PRECISION} in PostgreSQL and {@code REAL} in SQLite).
 */
public enum ColumnType {
    /** 64-bit integer; takes any integral {@link Number} or a numeric string. */
    BIGINT,
    /** 64-bit floating point; takes any {@link Number}. */
    DOUBLE,
    /** Text; takes any value, by its {@code toString()}. */
    TEXT,
    /** JSON text; takes any value, serialized with Jackson (a string becomes a quoted JSON string). */
    JSON,
    /** Boolean (0/1 in SQLite). */
    BOOLEAN,
    /**
     * A point in time, stored in UTC: {@code TIMESTAMP WITH TIME ZONE} in PostgreSQL and H2, text
     * {@code yyyy-MM-dd HH:mm:ss.SSS} in SQLite (which its date functions understand). Takes an
     * {@link java.time.Instant}, {@link java.time.OffsetDateTime}, {@link java.time.ZonedDateTime},
     * {@link java.util.Date} or a {@link java.time.LocalDateTime} read as UTC.
     */
    TIMESTAMP,
    /** A calendar date; takes a {@link java.time.LocalDate} or an ISO date string. */
    DATE
}

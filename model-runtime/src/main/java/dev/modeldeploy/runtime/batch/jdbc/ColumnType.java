package dev.modeldeploy.runtime.batch.jdbc;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Date;

/**
 * The column types a {@link JdbcSink} creates and binds; each {@link SqlDialect} names them in its own
 * SQL (for example {@code DOUBLE} is {@code DOUBLE PRECISION} in PostgreSQL and {@code REAL} in SQLite).
 */
public enum ColumnType {
    /** 64-bit integer; takes any integral {@link Number} or a numeric string. */
    BIGINT,
    /** 64-bit floating point; takes any {@link Number}. */
    DOUBLE,
    /** Text; takes any value, by its {@code toString()} (predictions' lists, maps and objects arrive as JSON text). */
    TEXT,
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
    DATE;

    /** The column type for values of a Java type: numbers, booleans, dates and times as such, the rest as text. */
    static ColumnType forValues(Class<?> t) {
        if (t == long.class || t == int.class || t == short.class || t == byte.class || t == Long.class || t == Integer.class
                || t == Short.class || t == Byte.class || t == BigInteger.class) {
            return BIGINT;
        }
        if (t == double.class || t == float.class || t == Double.class || t == Float.class || t == BigDecimal.class || t == Number.class) {
            return DOUBLE;
        }
        if (t == boolean.class || t == Boolean.class) {
            return BOOLEAN;
        }
        if (t == LocalDate.class || t == java.sql.Date.class) {
            return DATE;
        }
        if (t == Instant.class || t == OffsetDateTime.class || t == ZonedDateTime.class || t == LocalDateTime.class
                || Date.class.isAssignableFrom(t)) {
            return TIMESTAMP;
        }
        return TEXT;
    }
}

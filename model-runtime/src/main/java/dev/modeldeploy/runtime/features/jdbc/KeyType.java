package dev.modeldeploy.runtime.features.jdbc;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Locale;
import java.util.UUID;

/** How entity keys (canonical strings) are bound for a key column of a given SQL type. */
enum KeyType {
    INTEGER,
    DECIMAL,
    TEXT,
    UUID_VALUE,
    /** PostgreSQL infers the type of an untyped parameter from the column it is compared with. */
    UNTYPED;

    static KeyType of(int sqlType, String typeName, boolean postgres) {
        return switch (sqlType) {
            case Types.BIGINT, Types.INTEGER, Types.SMALLINT, Types.TINYINT -> INTEGER;
            case Types.NUMERIC, Types.DECIMAL -> DECIMAL;
            case Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.NCHAR, Types.NVARCHAR, Types.LONGNVARCHAR, Types.CLOB -> TEXT;
            default -> {
                if ("uuid".equals(String.valueOf(typeName).toLowerCase(Locale.ROOT))) {
                    yield UUID_VALUE;
                }
                yield postgres ? UNTYPED : TEXT;
            }
        };
    }

    /** The key as this column's Java value, or null if the column cannot hold it. */
    Object convert(String key) {
        try {
            return switch (this) {
                case INTEGER -> Long.valueOf(key);
                case DECIMAL -> new BigDecimal(key).stripTrailingZeros(); // 42.0 and 42 are one key
                case UUID_VALUE -> UUID.fromString(key);
                case TEXT, UNTYPED -> key;
            };
        } catch (IllegalArgumentException e) { // NumberFormatException included
            return null;
        }
    }

    void bind(PreparedStatement ps, int index, Object value) throws SQLException {
        switch (this) {
            case INTEGER -> ps.setLong(index, (Long) value);
            case DECIMAL -> ps.setBigDecimal(index, (BigDecimal) value);
            case UUID_VALUE -> ps.setObject(index, value);
            case TEXT -> ps.setString(index, (String) value);
            case UNTYPED -> ps.setObject(index, value, Types.OTHER);
        }
    }
}

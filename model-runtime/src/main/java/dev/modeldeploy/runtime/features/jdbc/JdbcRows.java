package dev.modeldeploy.runtime.features.jdbc;

import dev.modeldeploy.runtime.features.EntityKeys;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Reads feature rows: the key column as a canonical entity key, the other non-null columns as fields. */
final class JdbcRows {
    private final String[] labels;
    private final int keyIndex;

    private JdbcRows(String[] labels, int keyIndex) {
        this.labels = labels;
        this.keyIndex = keyIndex;
    }

    /** The reader for a result set whose key column is named {@code keyColumn} (compared without case, as SQL does). */
    static JdbcRows of(ResultSet rs, String keyColumn) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        String[] labels = new String[n + 1];
        int keyIndex = -1;
        for (int i = 1; i <= n; i++) {
            labels[i] = md.getColumnLabel(i);
            if (keyIndex < 0 && labels[i].toLowerCase(Locale.ROOT).equals(keyColumn.toLowerCase(Locale.ROOT))) {
                keyIndex = i;
            }
        }
        if (keyIndex < 0) {
            throw new SQLException("the result has no key column '" + keyColumn + "'");
        }
        return new JdbcRows(labels, keyIndex);
    }

    /** The current row's entity key. */
    String key(ResultSet rs) throws SQLException {
        return EntityKeys.of(rs.getObject(keyIndex));
    }

    /** The current row's fields, without the key and without nulls; unmodifiable. */
    Map<String, Object> fields(ResultSet rs) throws SQLException {
        Map<String, Object> out = new HashMap<>(labels.length * 2);
        for (int i = 1; i < labels.length; i++) {
            if (i == keyIndex) {
                continue;
            }
            Object v = rs.getObject(i);
            if (v != null) {
                out.put(labels[i], v);
            }
        }
        return Collections.unmodifiableMap(out);
    }
}

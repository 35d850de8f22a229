package dev.modeldeploy.runtime.features.jdbc;

import dev.modeldeploy.runtime.features.FeatureLookupException;
import dev.modeldeploy.runtime.features.FeatureSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Features in a precomputed database table, one row per entity: {@code SELECT ... FROM table WHERE
 * key IN (?, ?, ...)}, keys always bound as parameters. A batch's distinct keys go in one statement
 * (one round trip) up to {@code maxKeysPerQuery}; larger batches take one statement per chunk on the
 * same connection. Parameter lists are padded to a power of two (repeating a key), so the database
 * sees a handful of statement shapes and can reuse their plans. Every column but the key is a feature
 * (or only the named ones); null columns are missing fields. A key with two rows is an error: give the
 * key column a primary key or unique index.
 *
 * <p>Keys are bound as the key column's type, read from the table on first use (integer, decimal,
 * text, UUID; other types as text, or untyped for PostgreSQL); a key the column cannot hold, such as
 * {@code "abc"} for a {@code BIGINT} column, is an absent entity rather than a failed batch.
 *
 * <p>Table and column names must be plain identifiers ({@code [schema.]name}: letters, digits,
 * {@code _}), checked when built. Connections come from the given {@link DataSource}; use a pool (such
 * as HikariCP), since each call borrows one. Users bring their own JDBC driver. Thread-safe.
 */
public final class JdbcFeatureSource implements FeatureSource {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    private final DataSource dataSource;
    private final String table;
    private final String keyColumn;
    private final int maxKeysPerQuery;
    private final int queryTimeoutSeconds;
    private final String selectPrefix;
    private final Map<Integer, String> sqlBySize = new ConcurrentHashMap<>();
    private volatile KeyType keyType;

    private JdbcFeatureSource(Builder b) {
        this.dataSource = b.dataSource;
        this.table = table(b.table);
        this.keyColumn = column(b.keyColumn);
        this.maxKeysPerQuery = b.maxKeysPerQuery;
        this.queryTimeoutSeconds = b.queryTimeout == null ? 0 : (int) Math.max(1, (b.queryTimeout.toMillis() + 999) / 1000);
        String columns = b.columns.isEmpty() ? "*" : keyColumn + ", " + String.join(", ", b.columns.stream().map(JdbcFeatureSource::column).toList());
        this.selectPrefix = "SELECT " + columns + " FROM " + table + " WHERE " + keyColumn + " IN (";
    }

    /** Features from a table reached through {@code dataSource}. */
    public static Builder builder(DataSource dataSource) {
        return new Builder(dataSource);
    }

    @Override
    public Map<String, Map<String, Object>> lookupAll(Collection<String> keys) {
        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(keys));
        Map<String, Map<String, Object>> out = new HashMap<>(distinct.size() * 2);
        if (distinct.isEmpty()) {
            return out;
        }
        try (Connection c = dataSource.getConnection()) {
            KeyType type = keyType(c);
            // A key the column cannot hold ("abc" for a BIGINT column) names no entity; sending it would fail the batch.
            // Several spellings of one value ("42", "042") share the value's row.
            Map<Object, List<String>> askedAs = new LinkedHashMap<>();
            for (String key : distinct) {
                Object value = type.convert(key);
                if (value != null) {
                    askedAs.computeIfAbsent(value, v -> new ArrayList<>(1)).add(key);
                }
            }
            List<Object> values = new ArrayList<>(askedAs.keySet());
            for (int from = 0; from < values.size(); from += maxKeysPerQuery) {
                query(c, type, values.subList(from, Math.min(values.size(), from + maxKeysPerQuery)), askedAs, out);
            }
        } catch (SQLException e) {
            throw new FeatureLookupException("feature lookup in " + this + " failed (SQL state " + e.getSQLState() + "): " + e.getMessage(), e);
        }
        return out;
    }

    private void query(Connection c, KeyType type, List<Object> keys, Map<Object, List<String>> askedAs,
                       Map<String, Map<String, Object>> out) throws SQLException {
        int size = paddedSize(keys.size());
        try (PreparedStatement ps = c.prepareStatement(sql(size))) {
            if (queryTimeoutSeconds > 0) {
                ps.setQueryTimeout(queryTimeoutSeconds);
            }
            for (int i = 0; i < size; i++) {
                type.bind(ps, i + 1, keys.get(Math.min(i, keys.size() - 1)));
            }
            try (ResultSet rs = ps.executeQuery()) {
                JdbcRows rows = JdbcRows.of(rs, keyColumn);
                Set<Object> seen = new HashSet<>();
                while (rs.next()) {
                    String rowKey = rows.key(rs);
                    Object value = type.convert(rowKey);
                    if (!seen.add(value)) {
                        throw new FeatureLookupException("table " + table + " has several rows for key '" + rowKey + "'; its key column "
                                + keyColumn + " must be unique");
                    }
                    Map<String, Object> fields = rows.fields(rs);
                    for (String key : askedAs.getOrDefault(value, List.of())) {
                        out.put(key, fields);
                    }
                }
            }
        }
    }

    private int paddedSize(int n) {
        int p = Integer.highestOneBit(n);
        return p == n ? n : Math.min(maxKeysPerQuery, p << 1);
    }

    private String sql(int size) {
        return sqlBySize.computeIfAbsent(size, n -> selectPrefix + "?" + ", ?".repeat(n - 1) + ")");
    }

    // Read once from the table itself, so keys are bound as the column's own type and an index on it is used.
    private KeyType keyType(Connection c) throws SQLException {
        KeyType t = keyType;
        if (t == null) {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + keyColumn + " FROM " + table + " WHERE 1 = 0");
                 ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData md = rs.getMetaData();
                boolean postgres = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
                t = KeyType.of(md.getColumnType(1), md.getColumnTypeName(1), postgres);
            }
            keyType = t;
        }
        return t;
    }

    @Override
    public String toString() {
        return "table " + table + " by " + keyColumn;
    }

    private static String column(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a plain SQL column name (letters, digits, '_', at most 63): " + quoted(name));
        }
        return name;
    }

    private static String table(String name) {
        if (name == null) {
            throw new IllegalArgumentException("table name is null");
        }
        String[] parts = name.split("\\.", -1);
        if (parts.length > 2 || !java.util.Arrays.stream(parts).allMatch(p -> NAME.matcher(p).matches())) {
            throw new IllegalArgumentException("not a plain SQL table name ([schema.]table; letters, digits, '_'): " + quoted(name));
        }
        return name;
    }

    private static String quoted(String name) {
        return name == null ? "null" : "'" + (name.length() > 80 ? name.substring(0, 80) + "..." : name) + "'";
    }

    /** Options of a {@link JdbcFeatureSource}. Not thread-safe. */
    public static final class Builder {
        private final DataSource dataSource;
        private String table;
        private String keyColumn;
        private final List<String> columns = new ArrayList<>();
        private int maxKeysPerQuery = 256;
        private Duration queryTimeout;

        private Builder(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        }

        /** The feature table, {@code [schema.]name} (required). */
        public Builder table(String name) {
            this.table = name;
            return this;
        }

        /** The column that holds the entity key (required). */
        public Builder keyColumn(String name) {
            this.keyColumn = name;
            return this;
        }

        /** Read only these feature columns (default: every column but the key). */
        public Builder columns(String... names) {
            columns.addAll(List.of(names));
            return this;
        }

        /** Keys per statement (default 256); larger batches take several statements. */
        public Builder maxKeysPerQuery(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("maxKeysPerQuery must be at least 1: " + value);
            }
            this.maxKeysPerQuery = value;
            return this;
        }

        /** The driver's query timeout (whole seconds, rounded up); frees a worker stuck on a slow query. */
        public Builder queryTimeout(Duration value) {
            this.queryTimeout = Objects.requireNonNull(value, "queryTimeout");
            return this;
        }

        /**
         * The source.
         *
         * @throws IllegalArgumentException if a table or column name is not a plain identifier
         */
        public JdbcFeatureSource build() {
            return new JdbcFeatureSource(this);
        }
    }
}

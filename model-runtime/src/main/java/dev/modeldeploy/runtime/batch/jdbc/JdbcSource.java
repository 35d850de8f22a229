package dev.modeldeploy.runtime.batch.jdbc;

import dev.modeldeploy.runtime.batch.Chunk;
import dev.modeldeploy.runtime.batch.ChunkRange;
import dev.modeldeploy.runtime.batch.RunKey;
import dev.modeldeploy.runtime.batch.Source;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Reads a SQL query in keyset-paged chunks, so a resumed run reads only what was not committed.
 *
 * <pre>{@code
 * JdbcSource leads = JdbcSource.builder(JdbcDatabase.url("jdbc:postgresql://db/crm", user, password))
 *         .query("SELECT id, visits, emails FROM leads WHERE created_on = :date")
 *         .idColumn("id")
 *         .params(runKey.params())          // binds :date from the run key's date=2026-11-20
 *         .build();
 * }</pre>
 *
 * Each chunk is one query, {@code SELECT * FROM (<query>) q WHERE q.<id> > ? ORDER BY q.<id> LIMIT n}
 * (the first without the lower bound), so the id column must be unique and not null; the query may
 * join, filter and compute columns freely. A chunk's {@link ChunkRange} is (the previous chunk's last
 * id, its own last id], as text. On resume the reader jumps over every committed range that starts
 * where it stands, without reading it. With an index on the id column (and fresh planner statistics,
 * as autovacuum keeps them) each page is an index range scan; without one, every page scans the
 * query's rows. Memory holds one chunk at a time (the fetch size is the chunk size, at most 5,000), and
 * no read transaction stays open between chunks.
 *
 * <p>Records are {@code Map<String, Object>} from column label (lower-case unless
 * {@link Builder#preserveLabelCase()}) to a plain Java value: numbers as the driver's {@link Number}s
 * ({@link BigDecimal} for {@code NUMERIC}), timestamps as {@link java.time.Instant} (columns without a
 * zone read as UTC), dates as {@link java.time.LocalDate}, JSON and other exotic types as text.
 *
 * <p>Parameters are named {@code :name} in the query and bound as given: strings from a run key work
 * against any column type in PostgreSQL (they are sent untyped and the server infers the type); in
 * other databases bind typed values ({@link java.time.LocalDate}, numbers) or cast in SQL.
 *
 * <p>Immutable and thread-safe; each {@link #open} opens its own connection, used by one thread at a
 * time.
 */
public final class JdbcSource implements Source<Map<String, Object>> {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcSource.class);
    private static final int MAX_FETCH_SIZE = 5_000;
    private static final Pattern INTEGER = Pattern.compile("-?\\d{1,18}");

    private final JdbcDatabase database;
    private final String query;
    private final NamedParameters parsed;
    private final List<Object> values;
    private final String idColumn;
    private final boolean lowerCaseLabels;
    private final AtomicLong rowsRead = new AtomicLong();

    private JdbcSource(Builder b) {
        this.database = Objects.requireNonNull(b.database, "database");
        this.query = Objects.requireNonNull(b.query, "query");
        this.parsed = NamedParameters.parse(query);
        this.idColumn = Identifiers.column(b.idColumn);
        this.lowerCaseLabels = b.lowerCaseLabels;
        Set<String> missing = new TreeSet<>();
        List<Object> bound = new ArrayList<>();
        for (String name : parsed.names()) {
            if (!b.params.containsKey(name)) {
                missing.add(name);
            }
            bound.add(b.params.get(name));
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("the query's parameters " + missing + " are not bound; bound: " + b.params.keySet());
        }
        this.values = java.util.Collections.unmodifiableList(bound);
    }

    /** A builder reading from {@code database}. */
    public static Builder builder(JdbcDatabase database) {
        return new Builder(database);
    }

    /** Records read so far by every reader of this source (skipped committed ranges are not read). */
    public long rowsRead() {
        return rowsRead.get();
    }

    @Override
    public Reader<Map<String, Object>> open(Set<ChunkRange> committed) throws SQLException {
        Connection c = database.open(false);
        try {
            c.setAutoCommit(false); // PostgreSQL streams by fetch size only inside a transaction.
            return new PageReader(c, database.dialect(c), committed);
        } catch (SQLException | RuntimeException e) {
            JdbcDatabase.closeQuietly(c);
            throw e;
        }
    }

    @Override
    public String toString() {
        return "JdbcSource[" + database + ", id " + idColumn + "]";
    }

    /** One pass over the query, on its own connection, from one thread at a time. */
    private final class PageReader implements Reader<Map<String, Object>> {
        private final Connection connection;
        private final SqlDialect dialect;
        private final Map<String, ChunkRange> committedByFrom = new HashMap<>();
        private final Map<String, PreparedStatement> statements = new HashMap<>();
        private RowMapper mapper;
        private String cursor = "";
        private Object cursorId;
        private Class<?> idType;

        PageReader(Connection connection, SqlDialect dialect, Set<ChunkRange> committed) {
            this.connection = connection;
            this.dialect = dialect;
            for (ChunkRange r : committed) {
                committedByFrom.put(r.from(), r);
            }
            LOG.debug("reading {} ({} committed chunk ranges to skip)", JdbcSource.this, committed.size());
        }

        @Override
        public Chunk<Map<String, Object>> next(int maxRecords) throws SQLException {
            skipCommitted();
            boolean bounded = !cursor.isEmpty();
            PreparedStatement ps = statement(bounded, maxRecords);
            int p = 1;
            for (Object v : values) {
                dialect.bindParameter(ps, p++, v);
            }
            if (bounded) {
                dialect.bindParameter(ps, p, cursorId != null ? cursorId : parseId(cursor, ps));
            }
            List<Map<String, Object>> records = new ArrayList<>(maxRecords);
            List<Object> ids = new ArrayList<>(maxRecords);
            try (ResultSet rs = ps.executeQuery()) {
                if (mapper == null) {
                    mapper = RowMapper.of(rs.getMetaData(), dialect, lowerCaseLabels, idColumn);
                }
                Object previous = null;
                while (rs.next()) {
                    Map<String, Object> row = mapper.read(rs);
                    Object id = mapper.id(row);
                    if (id == null) {
                        throw new JdbcBatchException("the id column " + idColumn + " is null in a row; keyset paging needs unique, non-null ids");
                    }
                    if (id.equals(previous)) {
                        throw new JdbcBatchException("the id column " + idColumn + " is not unique: " + id
                                + " appears twice; keyset paging needs unique, non-null ids");
                    }
                    previous = id;
                    records.add(row);
                    ids.add(id);
                }
            }
            connection.commit(); // Ends the read transaction: no snapshot held between chunks.
            if (records.isEmpty()) {
                return null;
            }
            Object last = ids.get(ids.size() - 1);
            idType = last.getClass();
            ChunkRange range = new ChunkRange(cursor, idText(last));
            cursor = range.to();
            cursorId = last;
            rowsRead.addAndGet(records.size());
            return new Chunk<>(range, records, ids);
        }

        // Committed ranges chain from id to id: jump over each that starts where the cursor stands.
        private void skipCommitted() {
            ChunkRange r;
            while ((r = committedByFrom.remove(cursor)) != null) {
                cursor = r.to();
                cursorId = null;
            }
        }

        private PreparedStatement statement(boolean bounded, int limit) throws SQLException {
            String key = bounded + "/" + limit;
            PreparedStatement ps = statements.get(key);
            if (ps == null) {
                ps = connection.prepareStatement(dialect.pageQuery(parsed.sql(), idColumn, bounded, limit));
                ps.setFetchSize(Math.min(limit, MAX_FETCH_SIZE));
                statements.put(key, ps);
            }
            return ps;
        }

        // After a jump only the id's text is known: turn it back into the id column's type, as learned
        // from ids read before, or from the query's metadata, or (last resort) from the text's shape.
        private Object parseId(String text, PreparedStatement ps) {
            Class<?> type = idType != null ? idType : metadataType(ps);
            if (type == null) {
                type = INTEGER.matcher(text).matches() ? Long.class : String.class;
            }
            if (type == Long.class || type == Integer.class || type == Short.class || type == Byte.class) {
                return Long.parseLong(text);
            }
            if (type == BigDecimal.class || type == BigInteger.class) {
                return new BigDecimal(text);
            }
            if (type == UUID.class) {
                return UUID.fromString(text);
            }
            return text;
        }

        private Class<?> metadataType(PreparedStatement ps) {
            try {
                ResultSetMetaData md = ps.getMetaData();
                if (md == null) {
                    return null;
                }
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    if (md.getColumnLabel(i).equalsIgnoreCase(idColumn)) {
                        return switch (md.getColumnType(i)) {
                            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT -> Long.class;
                            case Types.NUMERIC, Types.DECIMAL -> BigDecimal.class;
                            case Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.NCHAR, Types.NVARCHAR -> String.class;
                            default -> "uuid".equalsIgnoreCase(md.getColumnTypeName(i)) ? UUID.class : null;
                        };
                    }
                }
            } catch (SQLException unsupported) {
                // Some drivers describe a statement only once executed; fall back to the text's shape.
            }
            return null;
        }

        @Override
        public void close() throws SQLException {
            try {
                for (PreparedStatement ps : statements.values()) {
                    JdbcDatabase.closeQuietly(ps);
                }
                connection.rollback();
            } finally {
                connection.close();
            }
        }
    }

    /** The canonical text of an id, as chunk ranges store it. */
    static String idText(Object id) {
        if (id instanceof BigDecimal d) {
            return d.toPlainString();
        }
        return id.toString();
    }

    /** Builds a {@link JdbcSource}. Not thread-safe. */
    public static final class Builder {
        private final JdbcDatabase database;
        private String query;
        private String idColumn = "id";
        private final Map<String, Object> params = new LinkedHashMap<>();
        private boolean lowerCaseLabels = true;

        private Builder(JdbcDatabase database) {
            this.database = Objects.requireNonNull(database, "database");
        }

        /** The query, with {@code :name} parameters; it is wrapped as a subquery, so no trailing {@code LIMIT}. */
        public Builder query(String sql) {
            this.query = Objects.requireNonNull(sql, "sql");
            return this;
        }

        /** The unique, non-null column that orders and pages the query and identifies each record (default {@code id}). */
        public Builder idColumn(String column) {
            this.idColumn = column;
            return this;
        }

        /** Binds {@code :name} to a value (a string, number, {@link java.time.LocalDate}, {@link java.time.Instant}, ...). */
        public Builder param(String name, Object value) {
            params.put(Objects.requireNonNull(name, "name"), value);
            return this;
        }

        /** Binds every entry, e.g. a {@link RunKey}'s {@link RunKey#params() params}; entries the query does not name are ignored. */
        public Builder params(Map<String, ?> values) {
            values.forEach(this::param);
            return this;
        }

        /** Keep the column labels' case as the driver reports them (default: lower-case). */
        public Builder preserveLabelCase() {
            this.lowerCaseLabels = false;
            return this;
        }

        /**
         * @throws IllegalArgumentException if the id column is not a plain identifier or a query parameter is not bound
         */
        public JdbcSource build() {
            return new JdbcSource(this);
        }
    }
}

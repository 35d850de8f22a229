package dev.modeldeploy.runtime.batch.jdbc;

import dev.modeldeploy.runtime.batch.ChunkRange;
import dev.modeldeploy.runtime.batch.PredictionColumns;
import dev.modeldeploy.runtime.batch.PredictionRows;
import dev.modeldeploy.runtime.batch.Rejected;
import dev.modeldeploy.runtime.batch.RunInfo;
import dev.modeldeploy.runtime.batch.RunKey;
import dev.modeldeploy.runtime.batch.RunSummary;
import dev.modeldeploy.runtime.batch.Scored;
import dev.modeldeploy.runtime.batch.Sink;
import dev.modeldeploy.runtime.batch.TransientFailures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Writes predictions to a database table, exactly once per (run key, record id): each chunk's
 * predictions, its rejects and its run-ledger row are committed in one transaction, and predictions
 * are upserted, so reruns, resumes and retried commits never duplicate a row.
 *
 * <pre>{@code
 * JdbcSink<Double> scores = JdbcSink.builder(JdbcDatabase.url("jdbc:sqlite:crm.db"), Double.class)
 *         .table("lead_scores").idColumn("lead_id")
 *         .build();
 * }</pre>
 *
 * <h2>Tables (created if absent)</h2>
 * <ul>
 *   <li>the predictions table: the id column, the prediction columns, {@code model_name},
 *       {@code model_version}, {@code run_key} and {@code scored_at}; primary key
 *       ({@code run_key}, id);</li>
 *   <li>the rejects table (default: the predictions table's name + {@code _rejects}): the id column,
 *       {@code reason}, {@code run_key}, {@code rejected_at}; primary key ({@code run_key}, id);</li>
 *   <li>the run ledger, {@code modeldeploy_runs} (one row per run key and sink table: model URI and
 *       version, status, attempts, counts read/written/rejected/retried, chunks, milliseconds per
 *       stage, totals over all attempts, failure) and {@code modeldeploy_run_chunks} (one row per
 *       committed chunk: its id range, rows, model version and commit time), and, for runs that monitor
 *       drift ({@code BatchRunner.Builder#monitorDrift}), {@code modeldeploy_run_drift} (one row per
 *       input field and prediction part: live count, PSI, the KS or χ² test's statistic and p-value,
 *       whether it drifted, and the training and live histograms as JSON).</li>
 * </ul>
 * Names are configurable and must be plain identifiers ({@code [schema.]name}); they are not quoted.
 *
 * <h2>Prediction columns</h2>
 * By default derived from the prediction type as {@link PredictionColumns#derive} does for every sink:
 * a number, string, boolean or time becomes one {@code prediction} column; a record or bean one column
 * per property, named in snake case ({@code scoreBucket} → {@code score_bucket}), with nested objects,
 * arrays and maps as JSON text; an array, collection, map or {@code Object} one {@code prediction}
 * column of JSON text. Column types follow the values' Java types ({@link ColumnType#BIGINT} for
 * integers, {@link ColumnType#DOUBLE} for other numbers, and so on). Or map columns explicitly, with
 * their types, with {@link Builder#column}.
 *
 * <h2>Several rows per prediction</h2>
 * A model whose prediction is a list (the five recommendations of a user, the top classes of a
 * document) can write one row per element with {@link Builder#explode}: each row holds the record id, a
 * rank (1 for the first element) and the element's columns, derived from its type as above, and the
 * table's primary key becomes ({@code run_key}, id, rank):
 * <pre>{@code
 * record Recommendation(String itemId, double score) { }
 * JdbcSink<Classification> recommendations = JdbcSink.builder(db, Classification.class)
 *         .table("recommendations").idColumn("user_id")
 *         .explode("rank", Recommendation.class, c -> Recommendation.top(c, 5))
 *         .build();   // user_id, rank, item_id, score, model_name, model_version, run_key, scored_at
 * }</pre>
 * Writing a prediction also deletes rows of the same run key and id ranked below its last row, so the
 * table holds exactly the rows of each record's latest prediction, however often a run is resumed or
 * rerun. The ledger and {@link RunSummary} still count records (predictions), not table rows.
 *
 * <h2>Upserts</h2>
 * PostgreSQL: a chunk's rows are usually new, so they go in with {@code COPY} (when the connection
 * is pgjdbc's; a plain batched {@code INSERT} otherwise) under a savepoint, and only when the primary
 * key reports a row that exists already (a resumed or rerun chunk) is the chunk rolled back to the
 * savepoint and written with {@code INSERT ... ON CONFLICT (run_key, id) DO UPDATE}. SQLite:
 * {@code INSERT ... ON CONFLICT}; H2: {@code MERGE ... KEY}; other databases: delete then insert, in
 * the chunk's transaction. Rows go in JDBC batches, one transaction per chunk. An id that appears
 * twice in one chunk is written once, with its last prediction.
 *
 * <h2>Concurrency</h2>
 * {@link #commit} is thread-safe: each concurrently committing worker gets its own connection, opened
 * on demand and closed when the attempt finishes. SQLite allows one writer at a time: the sink
 * serializes its commits, sets WAL mode (so a source may read the same file meanwhile),
 * {@code synchronous=NORMAL} and a 30 s busy timeout, and a second process writing the same file waits
 * for the lock. Do not run two attempts of the same run key at once.
 *
 * @param <O> the prediction type
 */
public final class JdbcSink<O> implements Sink<O>, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcSink.class);
    private static final int MAX_REASON_CHARS = 2_000;
    private static final String RUN_KEY = "run_key";
    static final String DEFAULT_RUNS = "modeldeploy_runs";
    static final String DEFAULT_DRIFT = "modeldeploy_run_drift";

    private final JdbcDatabase database;
    private final String table;
    private final PredictionRows<O> outputs;
    private final ColumnType idType;
    private final String rankColumn;
    private final Table predictions;
    private final Table rejects;
    private final RunLedger ledger;
    private final ConnectionPool pool;
    private final ReentrantLock singleWriter = new ReentrantLock();

    private JdbcSink(Builder<O> b) {
        this.database = b.database;
        this.table = Identifiers.table(Objects.requireNonNull(b.table, "table"));
        List<ColumnType> types = new ArrayList<>();
        if (b.exploded != null) {
            if (!b.columns.isEmpty()) {
                throw new IllegalArgumentException("explicit columns map a whole prediction; exploded rows have the columns of their"
                        + " row type: map those in the row function instead");
            }
            this.outputs = b.exploded;
            types.add(ColumnType.BIGINT);
            types.addAll(b.explodedTypes);
        } else if (!b.columns.isEmpty()) {
            this.outputs = PredictionRows.single(PredictionColumns.of(b.columns));
            types.addAll(b.columnTypes);
        } else {
            Derived<O> derived = derive(b.outputType);
            this.outputs = PredictionRows.single(derived.columns());
            types.addAll(derived.types());
        }
        String id = Identifiers.column(b.idColumn);
        this.idType = b.idType;
        List<Table.Column> columns = new ArrayList<>();
        columns.add(new Table.Column(id, b.idType, true));
        List<String> names = outputs.names();
        for (int i = 0; i < names.size(); i++) {
            String name = Identifiers.column(names.get(i));
            columns.add(new Table.Column(name, types.get(i), outputs.rankColumn().isPresent() && i == 0));
        }
        columns.add(new Table.Column("model_name", ColumnType.TEXT, true));
        columns.add(new Table.Column("model_version", ColumnType.BIGINT, true));
        columns.add(new Table.Column(RUN_KEY, ColumnType.TEXT, true));
        columns.add(new Table.Column("scored_at", ColumnType.TIMESTAMP, true));
        this.rankColumn = outputs.rankColumn().map(Identifiers::column).orElse(null);
        this.predictions = new Table(table, columns, rankColumn == null ? List.of(RUN_KEY, id) : List.of(RUN_KEY, id, rankColumn));
        this.rejects = new Table(Identifiers.table(b.rejectsTable != null ? b.rejectsTable : table + "_rejects"), List.of(
                new Table.Column(id, b.idType, true),
                new Table.Column("reason", ColumnType.TEXT, true),
                new Table.Column(RUN_KEY, ColumnType.TEXT, true),
                new Table.Column("rejected_at", ColumnType.TIMESTAMP, true)),
                List.of(RUN_KEY, id));
        this.ledger = new RunLedger(Identifiers.table(b.runsTable), Identifiers.table(b.chunksTable),
                Identifiers.table(b.driftTable != null ? b.driftTable : driftTableOf(b.runsTable)), table);
        this.pool = new ConnectionPool(database);
    }

    /** The drift table that goes with a runs table when none is named. */
    static String driftTableOf(String runsTable) {
        return runsTable.equals(DEFAULT_RUNS) ? DEFAULT_DRIFT : runsTable + "_drift";
    }

    /** A builder for a sink of predictions of {@code outputType} into {@code database}. */
    public static <O> Builder<O> builder(JdbcDatabase database, Class<O> outputType) {
        return new Builder<>(database, outputType);
    }

    /** The predictions table's name. */
    public String table() {
        return table;
    }

    /** The rejects table's name. */
    public String rejectsTable() {
        return rejects.name();
    }

    /** The column names after the id, in table order: the rank column of exploded rows, then the prediction columns. */
    public List<String> predictionColumns() {
        return outputs.names();
    }

    /** Creates the tables if absent and reads what earlier attempts of {@code key} committed. */
    @Override
    public Resume open(RunKey key) throws SQLException {
        try {
            Resume resume = write(c -> {
                SqlDialect d = database.dialect(c);
                predictions.ensure(c, d);
                rejects.ensure(c, d);
                ledger.ensure(c, d);
                Resume r = ledger.resume(c, d, key.toString());
                c.commit();
                return r;
            });
            if (!resume.committed().isEmpty()) {
                LOG.info("run {} into {}: {} chunks already committed with model version {}", key, table, resume.committed().size(),
                        resume.modelVersion());
            }
            return resume;
        } catch (SQLException | RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    @Override
    public void begin(RunInfo run) throws SQLException {
        writeOnLiveConnection(c -> {
            ledger.begin(c, database.dialect(c), run);
            c.commit();
            return null;
        });
    }

    @Override
    public void commit(RunInfo run, ChunkRange range, List<Scored<O>> scored, List<Rejected> rejected) throws SQLException {
        Instant now = Instant.now();
        String key = run.key().toString();
        // By id, last one wins: a chunk with an id twice writes it once, in every dialect (a multi-row
        // PostgreSQL upsert would otherwise refuse to touch one row twice).
        Map<Object, Scored<O>> byId = new LinkedHashMap<>((int) (scored.size() / 0.75f) + 1);
        for (Scored<O> s : scored) {
            byId.put(idKey(s.id()), s);
        }
        List<Object[]> predictionRows = new ArrayList<>(byId.size());
        List<Object[]> lastRanks = rankColumn == null ? List.of() : new ArrayList<>(byId.size());
        int width = predictions.columns().size(); // id, [rank], predictions..., model_name, model_version, run_key, scored_at
        Integer version = run.modelVersion(); // One object for all rows, as the name, key and time are.
        for (Scored<O> s : byId.values()) {
            List<Object[]> cells = outputs.rows(s.prediction());
            for (Object[] values : cells) {
                Object[] row = new Object[width];
                row[0] = s.id();
                System.arraycopy(values, 0, row, 1, values.length);
                row[width - 4] = run.modelName();
                row[width - 3] = version;
                row[width - 2] = key;
                row[width - 1] = now;
                predictionRows.add(row);
            }
            if (rankColumn != null) {
                lastRanks.add(new Object[]{key, s.id(), cells.size()});
            }
        }
        Map<Object, Object[]> rejectRows = new LinkedHashMap<>();
        for (Rejected r : rejected) {
            rejectRows.put(idKey(r.id()), new Object[]{r.id(), truncate(r.reason()), key, now});
        }
        write(c -> {
            SqlDialect d = database.dialect(c);
            if (rankColumn != null) {
                // Rows an earlier write of the same id left below its new last rank would outlive it.
                predictions.deleteAbove(c, d, rankColumn, lastRanks);
            }
            predictions.insertOrUpsert(c, d, predictionRows);
            rejects.insertOrUpsert(c, d, List.copyOf(rejectRows.values()));
            ledger.recordChunk(c, d, run, range, byId.size(), rejectRows.size(), now);
            c.commit();
            return null;
        });
    }

    /** Records the attempt's outcome in the run ledger and closes the sink's connections. */
    @Override
    public void finish(RunInfo run, RunSummary summary) throws SQLException {
        try {
            writeOnLiveConnection(c -> {
                SqlDialect d = database.dialect(c);
                ledger.finish(c, d, summary);
                ledger.recordDrift(c, d, summary);
                c.commit();
                return null;
            });
        } finally {
            pool.close();
        }
    }

    /** Closes idle connections (the runner's {@link #finish} does too; a later run opens new ones). */
    @Override
    public void close() {
        pool.close();
    }

    @Override
    public String toString() {
        return "JdbcSink[" + database + ", table " + table + "]";
    }

    // Ids that the id column stores alike are the same row (an Integer 7 and a Long 7 in a BIGINT column).
    private Object idKey(Object id) {
        if (idType == ColumnType.BIGINT && id instanceof Number n) {
            return id instanceof Long ? id : n.longValue(); // A Long is kept, not boxed again.
        }
        return idType == ColumnType.TEXT ? String.valueOf(id) : id;
    }

    /** Columns derived from a prediction (or row) type, with their column types. */
    private record Derived<T>(PredictionColumns<T> columns, List<ColumnType> types) {
    }

    private static <T> Derived<T> derive(Class<T> type) {
        if (isContainer(type)) {
            return new Derived<>(PredictionColumns.of(Map.of("prediction", o -> o)), List.of(ColumnType.TEXT));
        }
        PredictionColumns<T> columns = PredictionColumns.derive(type);
        return new Derived<>(columns, columns.valueTypes().stream().map(ColumnType::forValues).toList());
    }

    // These have no properties of their own to make columns of: they are one value, as JSON text.
    private static boolean isContainer(Class<?> type) {
        return type == Object.class || type.isArray() || Collection.class.isAssignableFrom(type) || Map.class.isAssignableFrom(type);
    }

    private static String truncate(String reason) {
        String r = reason == null ? "(no reason given)" : reason;
        return r.length() > MAX_REASON_CHARS ? r.substring(0, MAX_REASON_CHARS) + "..." : r;
    }

    /** Work done in one transaction on a writer connection. */
    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /**
     * {@link #write}, once more on new connections if the first try failed transiently. The runner
     * retries chunks, not the ledger's begin and finish; and a pooled connection may have died while
     * it was idle (a failover, a terminated backend, a restarted server), as may its idle siblings.
     */
    private <T> T writeOnLiveConnection(Work<T> work) throws SQLException {
        try {
            return write(work);
        } catch (SQLException e) {
            if (!TransientFailures.isTransient(e)) {
                throw e;
            }
            LOG.warn("{}: writing the run ledger failed ({}); trying again on a new connection", this, e.getMessage());
            pool.close();
            return write(work);
        }
    }

    // Borrow a connection, run the work (which commits), roll back on failure; a connection that
    // failed and no longer answers is dropped rather than pooled.
    private <T> T write(Work<T> work) throws SQLException {
        Connection c = pool.borrow();
        boolean locked = false;
        boolean healthy = false;
        try {
            if (database.dialect(c).singleWriter()) {
                singleWriter.lock();
                locked = true;
            }
            T result = work.run(c);
            healthy = true;
            return result;
        } catch (SQLException | RuntimeException e) {
            healthy = rollback(c);
            throw e;
        } finally {
            if (locked) {
                singleWriter.unlock();
            }
            if (healthy) {
                pool.release(c);
            } else {
                pool.discard(c);
            }
        }
    }

    private static boolean rollback(Connection c) {
        try {
            c.rollback();
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    /** Builds a {@link JdbcSink}. Not thread-safe. */
    public static final class Builder<O> {
        private final JdbcDatabase database;
        private final Class<O> outputType;
        private String table;
        private String idColumn = "id";
        private ColumnType idType = ColumnType.BIGINT;
        private String rejectsTable;
        private String runsTable = DEFAULT_RUNS;
        private String chunksTable = "modeldeploy_run_chunks";
        private String driftTable;
        private final Map<String, Function<? super O, ?>> columns = new LinkedHashMap<>();
        private final List<ColumnType> columnTypes = new ArrayList<>();
        private PredictionRows<O> exploded;
        private List<ColumnType> explodedTypes;

        private Builder(JdbcDatabase database, Class<O> outputType) {
            this.database = Objects.requireNonNull(database, "database");
            this.outputType = Objects.requireNonNull(outputType, "outputType");
        }

        /** The predictions table ({@code [schema.]name}); required. */
        public Builder<O> table(String name) {
            this.table = name;
            return this;
        }

        /** The id column, {@code BIGINT} (default: {@code id}). */
        public Builder<O> idColumn(String name) {
            return idColumn(name, ColumnType.BIGINT);
        }

        /** The id column and its type (use {@link ColumnType#TEXT} for string ids). */
        public Builder<O> idColumn(String name, ColumnType type) {
            this.idColumn = name;
            this.idType = Objects.requireNonNull(type, "type");
            return this;
        }

        /** The rejects table (default: the predictions table's name + {@code _rejects}). */
        public Builder<O> rejectsTable(String name) {
            this.rejectsTable = name;
            return this;
        }

        /**
         * The run ledger's tables (default {@code modeldeploy_runs} and {@code modeldeploy_run_chunks}); the
         * drift table is then {@code runs + "_drift"}.
         */
        public Builder<O> ledgerTables(String runs, String chunks) {
            this.runsTable = runs;
            this.chunksTable = chunks;
            return this;
        }

        /** The run ledger's tables, drift figures included (default {@code modeldeploy_run_drift}). */
        public Builder<O> ledgerTables(String runs, String chunks, String drift) {
            this.driftTable = drift;
            return ledgerTables(runs, chunks);
        }

        /**
         * Adds a prediction column computed from each prediction (lists, maps and objects are written as
         * JSON text); once any is added, only the added ones are written, instead of the columns derived
         * from the prediction type.
         */
        public Builder<O> column(String name, ColumnType type, Function<? super O, ?> value) {
            if (columns.putIfAbsent(Identifiers.column(name), Objects.requireNonNull(value, "value")) != null) {
                throw new IllegalArgumentException("column " + name + " is mapped twice");
            }
            columnTypes.add(Objects.requireNonNull(type, "type"));
            return this;
        }

        /**
         * Writes several ranked rows per prediction instead of one: {@code rows} turns a prediction into
         * its rows, best first; each table row holds the id, the rank (1, 2, …) in {@code rankColumn},
         * and the row's columns, derived from {@code rowType} as the prediction type's would be. The
         * primary key becomes ({@code run_key}, id, rank). Not combinable with {@link #column}.
         *
         * @param rankColumn the rank column's name, e.g. {@code rank}
         * @param rowType    the type of the rows (a record, bean or single value)
         * @param rows       a prediction's rows, best first (a null or empty list writes none)
         */
        public <R> Builder<O> explode(String rankColumn, Class<R> rowType, Function<? super O, ? extends List<? extends R>> rows) {
            Derived<R> derived = derive(Objects.requireNonNull(rowType, "rowType"));
            this.exploded = PredictionRows.ranked(rankColumn, rows, derived.columns());
            this.explodedTypes = derived.types();
            return this;
        }

        /**
         * @throws IllegalArgumentException if a name is not a plain identifier or two columns share a name
         */
        public JdbcSink<O> build() {
            return new JdbcSink<>(this);
        }
    }
}

package dev.modeldeploy.benchmarks;

import dev.modeldeploy.api.DenseBatch;
import dev.modeldeploy.api.linear.LinearModel;
import dev.modeldeploy.api.prediction.Classification;
import dev.modeldeploy.runtime.batch.BatchConfig;
import dev.modeldeploy.runtime.batch.BatchJob;
import dev.modeldeploy.runtime.batch.BatchRunner;
import dev.modeldeploy.runtime.batch.IterableSource;
import dev.modeldeploy.runtime.batch.RunKey;
import dev.modeldeploy.runtime.batch.jdbc.ColumnType;
import dev.modeldeploy.runtime.batch.jdbc.JdbcDatabase;
import dev.modeldeploy.runtime.batch.jdbc.JdbcSink;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import java.io.StringReader;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A {@value #ROWS}-lead scoring job into a real PostgreSQL (embedded, on this machine) against
 * hand-written JDBC that scores the same leads in the same chunks and writes the same rows into an
 * identical table: batched {@code INSERT}s ({@code reWriteBatchedInserts}, as the sink uses) or
 * {@code COPY} through pgjdbc's {@link CopyManager}, a commit per chunk either way. The job adds what
 * the hand-written loops lack: exactly-once rows keyed by (run key, id) (the sink copies each chunk
 * under a savepoint and upserts only when rows of it exist already), the run ledger in each chunk's
 * transaction, and the runner's reading, queueing and bookkeeping; {@code rawBatchedUpsert} is the raw
 * loop with an {@code ON CONFLICT} clause on every row, the price of upserting everything. Goal: the
 * job at ≥ 0.8 × the raw write's throughput. Leads are made on the fly from their ids on both sides
 * (memory stays flat), and the tables are emptied before each run. One shot per run; few, long
 * iterations: read as ratios. Two warm-up shots: after one, the job's first measured million rows
 * still took 6.4 s against 5.3-5.5 s for the next two.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
@State(Scope.Benchmark)
public class PostgresSinkBenchmark {
    static final int ROWS = 1_000_000;
    static final int CHUNK = 5_000;
    static final int FEATURES = 8;
    static final RunKey KEY = RunKey.of("lead-scoring", Map.of("date", "2026-11-20"));
    static final String COLUMNS = "lead_id, label, won_probability, model_name, model_version, run_key, scored_at";

    EmbeddedPostgres pg;
    String url;
    JdbcDatabase database;
    LinearModel<Map<String, Object>, Classification> model;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        pg = EmbeddedPostgres.start();
        url = pg.getJdbcUrl("postgres", "postgres");
        database = JdbcDatabase.url(url);
        model = BatchFixtures.model(FEATURES);
        try (JdbcSink<Classification> sink = sink()) {
            sink.open(KEY); // Creates lead_scores and the ledger.
        }
        execute("CREATE TABLE raw_scores (LIKE lead_scores INCLUDING ALL)");
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        pg.close();
    }

    @Setup(Level.Invocation)
    public void emptyTables() throws SQLException {
        execute("TRUNCATE lead_scores, lead_scores_rejects, raw_scores, modeldeploy_runs, modeldeploy_run_chunks");
        execute("CHECKPOINT"); // Each run starts with no dirty pages of the run before.
    }

    JdbcSink<Classification> sink() {
        return JdbcSink.builder(database, Classification.class).table("lead_scores").idColumn("lead_id", ColumnType.BIGINT)
                .column("label", ColumnType.TEXT, Classification::label)
                .column("won_probability", ColumnType.DOUBLE, c -> c.probability(1))
                .build();
    }

    private long job(int threads) {
        BatchRunner runner = BatchRunner.builder().config(BatchConfig.builder().chunkSize(CHUNK).threads(threads).build()).build();
        try (JdbcSink<Classification> sink = sink()) {
            return runner.run(BatchJob.forMaps(Classification.class).runKey(KEY).model(model, URI.create("file:/bench/lead-scoring/1"))
                    .source(new IterableSource<>(BatchFixtures.leads(ROWS, FEATURES), r -> r.get("id"))).sink(sink).build()).written();
        }
    }

    @Benchmark
    public long jobOneThread() {
        return job(1);
    }

    @Benchmark
    public long jobTwoThreads() {
        return job(2);
    }

    @Benchmark
    public long rawBatchedInsert() throws SQLException {
        return rawBatched("");
    }

    /** The same with the sink's upsert clause: what exactly-once rows cost in PostgreSQL itself. */
    @Benchmark
    public long rawBatchedUpsert() throws SQLException {
        return rawBatched(" ON CONFLICT (run_key, lead_id) DO UPDATE SET label = excluded.label, won_probability = excluded.won_probability,"
                + " model_name = excluded.model_name, model_version = excluded.model_version, scored_at = excluded.scored_at");
    }

    private long rawBatched(String onConflict) throws SQLException {
        try (Connection c = DriverManager.getConnection(url + "&reWriteBatchedInserts=true");
             PreparedStatement insert = c.prepareStatement("INSERT INTO raw_scores (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)"
                     + onConflict)) {
            c.setAutoCommit(false);
            return scoreInChunks((ids, scores) -> {
                OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
                for (int i = 0; i < scores.size(); i++) {
                    Classification s = scores.get(i);
                    insert.setLong(1, ids[i]);
                    insert.setString(2, s.label());
                    insert.setDouble(3, s.probability(1));
                    insert.setString(4, "bench");
                    insert.setLong(5, 1);
                    insert.setString(6, KEY.toString());
                    insert.setObject(7, now);
                    insert.addBatch();
                }
                insert.executeBatch();
                c.commit();
            });
        }
    }

    @Benchmark
    public long rawCopy() throws SQLException {
        try (Connection c = DriverManager.getConnection(url)) {
            c.setAutoCommit(false);
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            String sql = "COPY raw_scores (" + COLUMNS + ") FROM STDIN (FORMAT csv)";
            StringBuilder csv = new StringBuilder(CHUNK * 96);
            return scoreInChunks((ids, scores) -> {
                csv.setLength(0);
                String tail = ",bench,1,\"" + KEY.toString().replace("\"", "\"\"") + "\"," + OffsetDateTime.now(ZoneOffset.UTC) + "\n";
                for (int i = 0; i < scores.size(); i++) {
                    Classification s = scores.get(i);
                    csv.append(ids[i]).append(',').append(s.label()).append(',').append(s.probability(1)).append(tail);
                }
                try {
                    copy.copyIn(sql, new StringReader(csv.toString()));
                } catch (java.io.IOException e) {
                    throw new SQLException(e);
                }
                c.commit();
            });
        }
    }

    /** Writes one chunk's scores. */
    @FunctionalInterface
    private interface ChunkWriter {
        void write(long[] ids, List<Classification> scores) throws SQLException;
    }

    // The hand-written job: make a chunk of leads, preprocess, predictBatch, write.
    private long scoreInChunks(ChunkWriter writer) throws SQLException {
        List<Map<String, Object>> leads = BatchFixtures.leads(ROWS, FEATURES);
        DenseBatch batch = model.newBatch(CHUNK);
        long[] ids = new long[CHUNK];
        long written = 0;
        for (int from = 0; from < ROWS; from += CHUNK) {
            List<Map<String, Object>> chunk = new java.util.ArrayList<>(leads.subList(from, Math.min(ROWS, from + CHUNK)));
            for (int i = 0; i < chunk.size(); i++) {
                ids[i] = (Long) chunk.get(i).get("id");
            }
            batch.clear();
            model.preprocess(chunk, batch);
            List<Classification> scores = model.predictBatch(batch);
            writer.write(ids, scores);
            written += scores.size();
        }
        return written;
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}

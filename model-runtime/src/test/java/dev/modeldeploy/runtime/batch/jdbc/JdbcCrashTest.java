package dev.modeldeploy.runtime.batch.jdbc;

import dev.modeldeploy.api.repository.ModelRepository;
import dev.modeldeploy.api.testing.ChildJvm;
import dev.modeldeploy.api.testing.TestRepositories;
import dev.modeldeploy.runtime.batch.RunSummary;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The job process is killed ({@code kill -9}) at a random point of a 200,000-lead run; rerunning the same
 * run key must leave the table exactly as a clean run does (same rows, same values, no duplicates).
 * Three trials per database, seeded, so a failure replays.
 */
class JdbcCrashTest {
    static final int LEADS = 200_000;
    static final int CHUNK = 2_000;
    static final int THREADS = 2;
    static final int TRIALS = 3;
    static final int CHUNKS = LEADS / CHUNK;

    @TempDir
    static Path tmp;
    static EmbeddedPostgres pg;
    static ModelRepository repo;
    static URI model;

    @BeforeAll
    static void setUp() throws Exception {
        pg = EmbeddedPostgres.start();
        repo = TestRepositories.repository(tmp);
        model = Leads.publish(repo, TestRepositories.modelUri(tmp, "lead-scoring"));
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (repo != null) {
            repo.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    void killedSqliteRunsResumeToTheCleanRunsTable() throws Exception {
        crashTrials("jdbc:sqlite:" + tmp.resolve("crash.db"), 20261120L);
    }

    @Test
    void killedPostgresRunsResumeToTheCleanRunsTable() throws Exception {
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE crash");
        }
        crashTrials(pg.getJdbcUrl("postgres", "crash"), 20261121L);
    }

    private void crashTrials(String url, long seed) throws Exception {
        JdbcDatabase db = JdbcDatabase.url(url);
        try (Connection c = db.open(false)) {
            Leads.create(c);
            Leads.insert(c, Leads.DAY, 1, LEADS, 0);
            Leads.insert(c, "2026-11-19", LEADS + 1, 1_000, 0);
        }
        RunSummary clean = CrashableLeadScoring.runner(repo, CHUNK, THREADS)
                .run(Leads.job(Leads.KEY, model, Leads.source(db, Leads.KEY), CrashableLeadScoring.sink(db, "scores_clean")));
        System.out.printf("%s: clean run of %,d leads in %d ms (%,.0f rows/s; stages %s)%n", url, LEADS, clean.duration().toMillis(),
                LEADS * 1000.0 / Math.max(1, clean.duration().toMillis()), clean.stages());
        assertThat(count(db, "SELECT COUNT(*) FROM scores_clean")).isEqualTo(LEADS);

        Random random = new Random(seed);
        for (int trial = 1; trial <= TRIALS; trial++) {
            String table = "scores_trial" + trial;
            // A random point early, midway and late in the run (first, second, third quarter).
            int killAfter = 1 + (trial - 1) * CHUNKS / 4 + random.nextInt(CHUNKS / 4);
            long committedRows = killAfterChunks(db, url, table, killAfter, trial);

            JdbcSource source = Leads.source(db, Leads.KEY);
            RunSummary rerun = CrashableLeadScoring.runner(repo, CHUNK, THREADS)
                    .run(Leads.job(Leads.KEY, model, source, CrashableLeadScoring.sink(db, table)));
            System.out.printf("%s trial %d: killed after >= %d chunks (%,d rows committed); the rerun read %,d rows in %d ms%n",
                    url, trial, killAfter, committedRows, source.rowsRead(), rerun.duration().toMillis());
            assertThat(source.rowsRead()).as("trial %d re-reads only uncommitted ranges", trial).isEqualTo(LEADS - committedRows);
            assertThat(count(db, "SELECT COUNT(*) FROM " + table)).as("trial %d rows", trial).isEqualTo(LEADS);
            assertThat(count(db, "SELECT COUNT(*) FROM " + table + " t JOIN scores_clean c ON c.lead_id = t.lead_id"
                    + " AND c.prediction = t.prediction AND c.model_name = t.model_name AND c.model_version = t.model_version"
                    + " AND c.run_key = t.run_key")).as("trial %d rows equal to the clean run's", trial).isEqualTo(LEADS);
            assertThat(count(db, "SELECT attempts FROM modeldeploy_runs WHERE sink_table = '" + table + "' AND status = 'SUCCEEDED'"))
                    .isEqualTo(2);
        }
    }

    /** Starts the job in a child JVM, kills it once the ledger shows {@code chunks} committed chunks; returns the rows committed. */
    private long killAfterChunks(JdbcDatabase db, String url, String table, int chunks, int trial) throws Exception {
        Path log = tmp.resolve(table + "-" + Math.abs(url.hashCode()) + ".log");
        // The child slows its commits down once it has committed that many chunks, and never commits its last
        // one: it cannot finish before it is killed, however long this thread takes to see the ledger.
        Process child = ChildJvm.start(log, List.of("-Xmx128m"), CrashableLeadScoring.class, url, model.toString(),
                tmp.resolve("child-cache").toString(), table, Integer.toString(CHUNK), Integer.toString(THREADS),
                Integer.toString(chunks), Integer.toString(CHUNKS));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        String committedSql = "SELECT COUNT(*) FROM modeldeploy_run_chunks WHERE sink_table = '" + table + "'";
        try (Connection c = db.open(false)) {
            while (countOrZero(c, committedSql) < chunks) {
                if (!child.isAlive()) {
                    fail("trial " + trial + ": the job ended (exit " + child.exitValue() + ") before it could be killed:\n" + Files.readString(log));
                }
                if (System.nanoTime() > deadline) {
                    child.destroyForcibly();
                    fail("trial " + trial + ": no " + chunks + " committed chunks after 120 s:\n" + Files.readString(log));
                }
                Thread.sleep(2);
            }
        }
        child.destroyForcibly(); // SIGKILL: no shutdown hooks, no finally blocks, transactions cut mid-way.
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as("killed, not finished").isEqualTo(137);
        long committedChunks = count(db, committedSql);
        assertThat(committedChunks).as("trial %d was killed mid-run", trial).isBetween((long) chunks, (long) CHUNKS - 1);
        assertThat(count(db, "SELECT COUNT(*) FROM modeldeploy_runs WHERE sink_table = '" + table + "' AND status = 'RUNNING'"))
                .as("the ledger shows the killed run as running").isEqualTo(1);
        long rows = count(db, "SELECT COALESCE(SUM(rows_written), 0) FROM modeldeploy_run_chunks WHERE sink_table = '" + table + "'");
        assertThat(count(db, "SELECT COUNT(*) FROM " + table)).as("committed predictions match the ledger").isEqualTo(rows);
        return rows;
    }

    private static long count(JdbcDatabase db, String sql) throws SQLException {
        try (Connection c = db.open(false)) {
            return countOrZero(c, sql);
        }
    }

    // Before the child has created the ledger the table is missing: count that as zero.
    private static long countOrZero(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException missingTable) {
            if (!c.getAutoCommit()) {
                c.rollback();
            }
            if (String.valueOf(missingTable.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("modeldeploy_run_chunks")
                    || "42P01".equals(missingTable.getSQLState())) {
                return 0;
            }
            throw missingTable;
        }
    }
}

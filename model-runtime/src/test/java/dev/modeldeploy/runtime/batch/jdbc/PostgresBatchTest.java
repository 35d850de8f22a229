package dev.modeldeploy.runtime.batch.jdbc;

import dev.modeldeploy.runtime.batch.BatchConfig;
import dev.modeldeploy.runtime.batch.BatchRunner;
import dev.modeldeploy.runtime.batch.InterceptingSink;
import dev.modeldeploy.runtime.batch.RetryConfig;
import dev.modeldeploy.runtime.batch.RunKey;
import dev.modeldeploy.runtime.batch.RunStatus;
import dev.modeldeploy.runtime.batch.RunSummary;
import dev.modeldeploy.runtime.batch.Sink;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The batch contract on a real PostgreSQL server (one per class), a fresh database per test, connected by URL. */
@SuppressWarnings("try") // Source.Reader.close() throws Exception, which javac flags in every try-with-resources.
class PostgresBatchTest extends JdbcBatchContract {
    static EmbeddedPostgres pg;
    static final AtomicInteger DATABASES = new AtomicInteger();
    String url;

    @BeforeAll
    static void startPostgres() throws Exception {
        pg = EmbeddedPostgres.start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (pg != null) {
            pg.close();
        }
    }

    @Override
    JdbcDatabase newDatabase(Path tmp) throws Exception {
        String name = "batch" + DATABASES.incrementAndGet();
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        url = pg.getJdbcUrl("postgres", name);
        return JdbcDatabase.url(url);
    }

    @Test
    void runKeyParametersBindToTypedColumnsAndZonedTimestampsReadAsInstants() throws Exception {
        execute("CREATE TABLE signups (id INTEGER PRIMARY KEY, signed_up DATE NOT NULL, seen TIMESTAMPTZ, visits INTEGER, emails INTEGER)");
        execute("INSERT INTO signups SELECT g, DATE '2026-11-19' + (g % 2), TIMESTAMPTZ '2026-11-20 04:00:00+01', g % 17, g % 5"
                + " FROM generate_series(1, 500) g");
        // The run key's date is text; PostgreSQL infers DATE from the comparison.
        RunKey key = RunKey.of("signups", Map.of("date", "2026-11-20"));
        JdbcSource source = JdbcSource.builder(db).query("SELECT * FROM signups WHERE signed_up = :date").params(key.params()).build();
        try (var reader = source.open(Set.of())) {
            var chunk = reader.next(1_000);
            assertThat(chunk.size()).isEqualTo(250);
            assertThat(chunk.records()).allSatisfy(r -> {
                assertThat(r.get("signed_up")).isEqualTo(java.time.LocalDate.of(2026, 11, 20));
                assertThat(r.get("seen")).isEqualTo(Instant.parse("2026-11-20T03:00:00Z"));
                assertThat(r.get("id")).isInstanceOf(Integer.class);
            });
        }
    }

    @Test
    void aDroppedSourceConnectionIsReopenedAfterTheRowsAlreadyRead() throws Exception {
        // The source's connection is named, so the test can kill exactly it, as a failover would, once
        // the first chunk is committed: with one worker and two queued chunks the reader is at most four
        // chunks in, of twelve.
        JdbcSource source = Leads.source(JdbcDatabase.url(url + "&ApplicationName=leads-source"), Leads.KEY);
        AtomicInteger commits = new AtomicInteger();
        Sink<Double> sink = new InterceptingSink<>(sink(), range -> { }, range -> {
            if (commits.incrementAndGet() == 1) {
                assertThat(count("SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = 'leads-source'"))
                        .isEqualTo(1);
            }
        });
        RetryConfig fast = RetryConfig.DEFAULT.withMaxAttempts(5).withBackoff(Duration.ofMillis(10), Duration.ofMillis(50));
        BatchRunner runner = BatchRunner.builder().repository(repo)
                .config(BatchConfig.builder().chunkSize(CHUNK).threads(1).queueCapacity(2).chunkRetry(fast).build()).build();
        RunSummary summary = runner.run(Leads.job(Leads.KEY, modelUri, source, sink));
        assertThat(summary.run().attempt()).isEqualTo(1);
        assertThat(summary.retried()).isPositive();
        // The reopened reader jumped over the pages read before the drop: every row was read once.
        assertThat(source.rowsRead()).isEqualTo(LEADS);
        assertThat(summary.read()).isEqualTo(LEADS);
        assertEveryLeadScoredOnce();
        assertThat(single(rows("SELECT status, commits_retried, total_written FROM modeldeploy_runs")))
                .isEqualTo(row("status", "SUCCEEDED", "commits_retried", summary.retried(), "total_written", (long) LEADS));
    }

    @Test
    void droppedConnectionsAreRetriedPerChunkWithoutDuplicates() throws Exception {
        // The sink's connections are named, so the test can kill exactly them, as a failover or a
        // network cut would, after the third chunk. Later commits wait for the kill: on a fast machine
        // the run would otherwise finish on the doomed connection before the kill lands.
        JdbcDatabase sinkDb = JdbcDatabase.url(url + "&ApplicationName=scores-sink");
        AtomicInteger begun = new AtomicInteger();
        AtomicInteger commits = new AtomicInteger();
        AtomicInteger killed = new AtomicInteger();
        CountDownLatch afterKill = new CountDownLatch(1);
        Sink<Double> sink = new InterceptingSink<>(JdbcSink.builder(sinkDb, Double.class).table("lead_scores").idColumn("lead_id").build(),
                range -> {
                    if (begun.incrementAndGet() > 3 && !afterKill.await(30, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("the third commit never came");
                    }
                }, range -> {
                    if (commits.incrementAndGet() == 3) {
                        // One backend at a time, waiting (up to 5 s) until it is gone.
                        for (Map<String, Object> backend : rows("SELECT pid FROM pg_stat_activity WHERE application_name = 'scores-sink'")) {
                            if (count("SELECT COUNT(*) FROM (SELECT pg_terminate_backend(?, 5000) AS gone) t WHERE gone",
                                    ((Number) backend.get("pid")).intValue()) == 1) {
                                killed.incrementAndGet();
                            }
                        }
                        afterKill.countDown();
                    }
                });
        RetryConfig fast = RetryConfig.DEFAULT.withMaxAttempts(5).withBackoff(Duration.ofMillis(10), Duration.ofMillis(50));
        BatchRunner runner = BatchRunner.builder().repository(repo)
                .config(BatchConfig.builder().chunkSize(CHUNK).threads(2).chunkRetry(fast).build()).build();
        RunSummary summary = runner.run(Leads.job(Leads.KEY, modelUri, Leads.source(db, Leads.KEY), sink));
        assertThat(killed.get()).as("sink connections terminated after the third commit").isPositive();
        assertThat(summary.retried()).isPositive();
        assertEveryLeadScoredOnce();
        assertThat(single(rows("SELECT commits_retried, total_written FROM modeldeploy_runs")))
                .isEqualTo(row("commits_retried", summary.retried(), "total_written", (long) LEADS));
    }

    @Test
    void aConnectionThatDiedIdleBeforeTheLedgerIsFinishedIsReplaced() throws Exception {
        // After the last chunk's commit, the sink's pooled connections are terminated (a failover would
        // do the same) and gone before the runner finishes the ledger on one of them.
        JdbcDatabase sinkDb = JdbcDatabase.url(url + "&ApplicationName=ledger-sink");
        int chunks = (LEADS + CHUNK - 1) / CHUNK;
        AtomicInteger commits = new AtomicInteger();
        Sink<Double> sink = new InterceptingSink<>(JdbcSink.builder(sinkDb, Double.class).table("lead_scores").idColumn("lead_id").build(),
                range -> { }, range -> {
                    if (commits.incrementAndGet() == chunks) {
                        execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'ledger-sink'");
                        while (count("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'ledger-sink'") > 0) {
                            Thread.sleep(10);
                        }
                    }
                });
        BatchRunner runner = BatchRunner.builder().repository(repo).config(BatchConfig.builder().chunkSize(CHUNK).threads(1).build()).build();
        RunSummary summary = runner.run(Leads.job(Leads.KEY, modelUri, Leads.source(db, Leads.KEY), sink));
        assertThat(commits.get()).isEqualTo(chunks);
        assertThat(summary.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertEveryLeadScoredOnce();
        assertThat(single(rows("SELECT status, total_written FROM modeldeploy_runs")))
                .isEqualTo(row("status", "SUCCEEDED", "total_written", (long) LEADS));
    }

    /** A table of every column type, keyed by id. */
    static Table everyType(String name) {
        return new Table(name, List.of(new Table.Column("id", ColumnType.BIGINT, true), new Table.Column("t", ColumnType.TEXT, false),
                new Table.Column("x", ColumnType.DOUBLE, false), new Table.Column("b", ColumnType.BOOLEAN, false),
                new Table.Column("at", ColumnType.TIMESTAMP, false), new Table.Column("day", ColumnType.DATE, false)), List.of("id"));
    }

    static List<Object[]> awkwardRows() {
        return List.of(
                new Object[]{1L, "tab\there, new\nline, cr\r, back\\slash \\N \"quoted\" ünï 🚀", 0.1, true,
                        Instant.parse("2026-11-20T03:00:00.123456Z"), LocalDate.of(2026, 11, 20)},
                new Object[]{2L, "\\N", Double.NaN, false, OffsetDateTime.parse("2026-11-20T04:00:00+01:00"), "2026-02-28"},
                new Object[]{3L, "", Double.POSITIVE_INFINITY, 1, "2026-11-20T03:00:00Z", LocalDate.of(1, 1, 1)},
                new Object[]{4L, null, Double.NEGATIVE_INFINITY, null, null, null},
                new Object[]{Long.MAX_VALUE, 42, -0.0, "true", LocalDateTime.of(1999, 12, 31, 23, 59, 59), java.sql.Date.valueOf("2000-02-29")},
                new Object[]{Long.MIN_VALUE, "x", Double.MIN_VALUE, false, Instant.EPOCH, LocalDate.of(9999, 12, 31)},
                new Object[]{7L, "far", 1e300, true, Instant.parse("+10000-01-01T00:00:00Z"), LocalDate.of(2026, 1, 1)});
    }

    @Test
    void copiedRowsReadBackExactlyAsTheBatchedInsertWritesThem() throws Exception {
        Table copied = everyType("copied");
        Table inserted = everyType("inserted");
        try (Connection c = db.open(true)) {
            c.setAutoCommit(false);
            assertThat(PostgresCopy.usable(c)).isTrue();
            copied.ensure(c, SqlDialect.POSTGRESQL);
            inserted.ensure(c, SqlDialect.POSTGRESQL);
            copied.insertOrUpsert(c, SqlDialect.POSTGRESQL, awkwardRows().subList(0, 6)); // all copyable: COPY
            copied.insertOrUpsert(c, SqlDialect.POSTGRESQL, awkwardRows().subList(6, 7)); // year 10000: INSERT
            inserted.upsert(c, SqlDialect.POSTGRESQL, awkwardRows());
            c.commit();
        }
        List<Map<String, Object>> viaCopy = rows("SELECT * FROM copied ORDER BY id");
        assertThat(viaCopy).hasSize(7).isEqualTo(rows("SELECT * FROM inserted ORDER BY id"));
        // Ordered by id: Long.MIN_VALUE first.
        assertThat(viaCopy.get(1).get("t")).isEqualTo("tab\there, new\nline, cr\r, back\\slash \\N \"quoted\" ünï 🚀");
        assertThat(viaCopy.get(2).get("t")).isEqualTo("\\N");
        assertThat(viaCopy.get(3).get("t")).isEqualTo("");
        assertThat(viaCopy.get(4)).containsEntry("t", null).containsEntry("b", null).containsEntry("day", null);
    }

    @Test
    void valuesRepeatedFromRowToRowAreCopiedAsEachRowsOwn() throws Exception {
        // COPY reuses the text of a value the row before had in the same column: runs of one object,
        // broken by other values and nulls, then the first object again.
        String awkward = "tab\there \\N back\\slash";
        Instant at = Instant.parse("2026-11-20T03:00:00.123456Z");
        LocalDate day = LocalDate.of(2026, 11, 20);
        Double quarter = 0.25;
        List<Object[]> rows = new java.util.ArrayList<>();
        for (long id = 0; id < 40; id++) {
            Object t = id % 10 < 4 ? awkward : id % 10 < 6 ? null : "plain " + (id / 3);
            Object when = id % 7 == 3 ? null : id < 20 ? at : Instant.EPOCH;
            rows.add(new Object[]{id, t, id < 25 ? quarter : (Object) (id * 0.5), id % 4 < 2, when, id % 5 == 0 ? null : day});
        }
        Table copied = everyType("repeats");
        Table inserted = everyType("repeats_inserted");
        try (Connection c = db.open(true)) {
            c.setAutoCommit(false);
            copied.ensure(c, SqlDialect.POSTGRESQL);
            inserted.ensure(c, SqlDialect.POSTGRESQL);
            copied.insertOrUpsert(c, SqlDialect.POSTGRESQL, rows);
            inserted.upsert(c, SqlDialect.POSTGRESQL, rows);
            c.commit();
        }
        List<Map<String, Object>> viaCopy = rows("SELECT * FROM repeats ORDER BY id");
        assertThat(viaCopy).hasSize(40).isEqualTo(rows("SELECT * FROM repeats_inserted ORDER BY id"));
        assertThat(viaCopy.get(13)).containsEntry("t", awkward).containsEntry("x", 0.25).containsEntry("b", true);
        assertThat(viaCopy.get(26)).containsEntry("t", "plain 8").containsEntry("x", 13.0).containsEntry("b", false);
        assertThat(viaCopy.get(21).get("at")).isNotNull().isNotEqualTo(viaCopy.get(19).get("at"));
    }

    @Test
    void rowsThatExistAlreadyFallBackToTheUpsertInTheSameTransaction() throws Exception {
        Table scores = everyType("scores");
        List<Object[]> first = List.of(new Object[]{1L, "a", 0.1, true, null, null}, new Object[]{2L, "b", 0.2, true, null, null});
        List<Object[]> rerun = List.of(new Object[]{2L, "b2", 0.4, false, null, null}, new Object[]{3L, "c", 0.3, true, null, null});
        try (Connection c = db.open(true)) {
            c.setAutoCommit(false);
            scores.ensure(c, SqlDialect.POSTGRESQL);
            scores.insertOrUpsert(c, SqlDialect.POSTGRESQL, first);
            c.commit();
            scores.insertOrUpsert(c, SqlDialect.POSTGRESQL, rerun);
            // The transaction is still usable after the failed COPY was rolled back to its savepoint.
            scores.insertOrUpsert(c, SqlDialect.POSTGRESQL, List.<Object[]>of(new Object[]{4L, "d", 0.5, true, null, null}));
            c.commit();
        }
        assertThat(rows("SELECT id, t, x, b FROM scores ORDER BY id")).containsExactly(
                row("id", 1L, "t", "a", "x", 0.1, "b", true), row("id", 2L, "t", "b2", "x", 0.4, "b", false),
                row("id", 3L, "t", "c", "x", 0.3, "b", true), row("id", 4L, "t", "d", "x", 0.5, "b", true));
    }

    @Test
    void otherErrorsOfTheCopyAreNotTakenForAnExistingRow() throws Exception {
        Table scores = everyType("strict");
        try (Connection c = db.open(true)) {
            c.setAutoCommit(false);
            scores.ensure(c, SqlDialect.POSTGRESQL);
            c.createStatement().execute("ALTER TABLE strict ALTER COLUMN t SET NOT NULL");
            c.commit();
            assertThatThrownBy(() -> scores.insertOrUpsert(c, SqlDialect.POSTGRESQL,
                    List.<Object[]>of(new Object[]{1L, null, 0.1, true, null, null})))
                    .isInstanceOf(SQLException.class).extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("23502");
            c.rollback();
            assertThatThrownBy(() -> scores.insertOrUpsert(c, SqlDialect.POSTGRESQL,
                    List.<Object[]>of(new Object[]{"one", "t", 0.1, true, null, null})))
                    .isInstanceOf(JdbcBatchException.class).hasMessageContaining("column id (BIGINT) of strict cannot take a String");
            c.rollback();
        }
        assertThat(count("SELECT count(*) FROM strict")).isZero();
    }
}

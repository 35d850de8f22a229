package dev.modeldeploy.runtime.batch.jdbc;

import dev.modeldeploy.runtime.batch.BatchConfig;
import dev.modeldeploy.runtime.batch.BatchRunner;
import dev.modeldeploy.runtime.batch.InterceptingSink;
import dev.modeldeploy.runtime.batch.RetryConfig;
import dev.modeldeploy.runtime.batch.RunKey;
import dev.modeldeploy.runtime.batch.RunSummary;
import dev.modeldeploy.runtime.batch.Sink;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

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
        // network cut would, after the third chunk.
        JdbcDatabase sinkDb = JdbcDatabase.url(url + "&ApplicationName=scores-sink");
        AtomicInteger commits = new AtomicInteger();
        Sink<Double> sink = new InterceptingSink<>(JdbcSink.builder(sinkDb, Double.class).table("lead_scores").idColumn("lead_id").build(),
                range -> { }, range -> {
                    if (commits.incrementAndGet() == 3) {
                        execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'scores-sink'");
                    }
                });
        RetryConfig fast = RetryConfig.DEFAULT.withMaxAttempts(5).withBackoff(Duration.ofMillis(10), Duration.ofMillis(50));
        BatchRunner runner = BatchRunner.builder().repository(repo)
                .config(BatchConfig.builder().chunkSize(CHUNK).threads(2).chunkRetry(fast).build()).build();
        RunSummary summary = runner.run(Leads.job(Leads.KEY, modelUri, Leads.source(db, Leads.KEY), sink));
        assertThat(summary.retried()).isPositive();
        assertEveryLeadScoredOnce();
        assertThat(single(rows("SELECT commits_retried, total_written FROM modeldeploy_runs")))
                .isEqualTo(row("commits_retried", summary.retried(), "total_written", (long) LEADS));
    }
}

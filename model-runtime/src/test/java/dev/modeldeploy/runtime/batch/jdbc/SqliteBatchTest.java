package dev.modeldeploy.runtime.batch.jdbc;

import dev.modeldeploy.runtime.batch.RunKey;
import dev.modeldeploy.runtime.batch.RunSummary;
import dev.modeldeploy.runtime.batch.RunStatus;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The batch contract on a SQLite file, connected by URL. */
class SqliteBatchTest extends JdbcBatchContract {
    @Override
    JdbcDatabase newDatabase(Path tmp) {
        return JdbcDatabase.url("jdbc:sqlite:" + tmp.resolve("batch.db"));
    }

    @Test
    void twoJobsWriteTheSameFileAtOnceByWaitingForTheLock() throws Exception {
        // Separate sinks share no lock in the process: SQLite's busy timeout makes each writer wait.
        List<CompletableFuture<RunSummary>> runs = List.of("a", "b").stream().map(name -> CompletableFuture.supplyAsync(() -> {
            RunKey key = RunKey.of("job-" + name, Map.of("date", Leads.DAY));
            JdbcSink<Double> sink = JdbcSink.builder(db, Double.class).table("scores_" + name).idColumn("lead_id").build();
            return runner(2).run(Leads.job(key, modelUri, Leads.source(db, key), sink));
        })).toList();
        for (CompletableFuture<RunSummary> run : runs) {
            assertThat(run.get(60, TimeUnit.SECONDS).status()).isEqualTo(RunStatus.SUCCEEDED);
        }
        assertThat(count("SELECT COUNT(*) FROM scores_a")).isEqualTo(LEADS);
        assertThat(count("SELECT COUNT(*) FROM scores_b")).isEqualTo(LEADS);
        assertThat(rows("PRAGMA journal_mode")).containsExactly(row("journal_mode", "wal"));
    }
}

package dev.modeldeploy.runtime.batch.jdbc;

import dev.modeldeploy.api.repository.ModelRepository;
import dev.modeldeploy.runtime.batch.BatchConfig;
import dev.modeldeploy.runtime.batch.BatchRunException;
import dev.modeldeploy.runtime.batch.BatchRunner;
import dev.modeldeploy.runtime.batch.FlakyStores;
import dev.modeldeploy.runtime.batch.InterceptingSink;
import dev.modeldeploy.runtime.batch.RetryConfig;
import dev.modeldeploy.runtime.batch.RunKey;
import dev.modeldeploy.runtime.batch.Sink;
import dev.modeldeploy.runtime.batch.RunSummary;
import dev.modeldeploy.runtime.batch.RunStatus;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The batch contract on a SQLite file, connected by URL. */
class SqliteBatchTest extends JdbcBatchContract {
    @Override
    JdbcDatabase newDatabase(Path tmp) {
        return JdbcDatabase.url("jdbc:sqlite:" + tmp.resolve("batch.db"));
    }

    @Test
    void aRerunWhoseStoreFailsWhileLoadingTheModelResumesWithoutDuplicates() throws Exception {
        Sink<Double> dying = InterceptingSink.failingAt(4, sink(), "the job was killed");
        assertThatThrownBy(() -> runner(1).run(Leads.job(Leads.KEY, modelUri, Leads.source(db, Leads.KEY), dying)))
                .isInstanceOf(BatchRunException.class);

        // The rerun, on a host with an empty model cache, finds the store overloaded for two downloads.
        FlakyStores flaky = new FlakyStores(2);
        JdbcSource resumed = Leads.source(db, Leads.KEY);
        try (ModelRepository other = ModelRepository.builder().cacheDirectory(tmp.resolve("other-cache")).storeProvider(flaky).build()) {
            RetryConfig fast = RetryConfig.DEFAULT.withMaxAttempts(3).withBackoff(Duration.ofMillis(1), Duration.ofMillis(5));
            BatchRunner runner = BatchRunner.builder().repository(other)
                    .config(BatchConfig.builder().chunkSize(CHUNK).threads(2).runRetry(fast).build()).build();
            RunSummary summary = runner.run(Leads.job(Leads.KEY, modelUri, resumed, sink()));
            assertThat(summary.run().attempt()).isEqualTo(3);
            assertThat(summary.run().modelVersion()).isEqualTo(1);
        }
        assertThat(flaky.downloads()).isEqualTo(3);
        assertThat(resumed.rowsRead()).isEqualTo(LEADS - 3 * CHUNK);
        assertEveryLeadScoredOnce();
        // Attempts that never loaded the model never began: the ledger shows the killed one and the last.
        assertThat(single(rows("SELECT status, attempts, total_written FROM modeldeploy_runs")))
                .isEqualTo(row("status", "SUCCEEDED", "attempts", 2L, "total_written", (long) LEADS));
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

package dev.modeldeploy.runtime.batch.jdbc;

import dev.modeldeploy.api.repository.ModelRepository;
import dev.modeldeploy.runtime.batch.BatchConfig;
import dev.modeldeploy.runtime.batch.BatchRunner;
import dev.modeldeploy.runtime.batch.ChunkRange;
import dev.modeldeploy.runtime.batch.InterceptingSink;
import dev.modeldeploy.runtime.batch.RunSummary;
import dev.modeldeploy.runtime.batch.Sink;

import java.net.URI;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The nightly lead-scoring job as its own process, for {@link JdbcCrashTest} to kill:
 * {@code <jdbc url> <model uri> <cache dir> <table> <chunk size> <threads> [<kill after> <chunks>]}.
 * With the last two, the job waits to be killed: see {@link #awaitingKill}.
 */
public final class CrashableLeadScoring {
    /** How long each commit waits once the test may kill the job. */
    static final long SLOW_COMMIT_MILLIS = 200;

    private CrashableLeadScoring() {
    }

    public static void main(String[] args) {
        JdbcDatabase db = JdbcDatabase.url(args[0]);
        Sink<Double> sink = sink(db, args[3]);
        if (args.length > 6) {
            sink = awaitingKill(sink, Integer.parseInt(args[6]), Integer.parseInt(args[7]));
        }
        try (ModelRepository repo = ModelRepository.builder().cacheDirectory(Path.of(args[2])).build()) {
            RunSummary summary = runner(repo, Integer.parseInt(args[4]), Integer.parseInt(args[5]))
                    .run(Leads.job(Leads.KEY, URI.create(args[1]), Leads.source(db, Leads.KEY), sink));
            System.out.println("DONE " + summary.describe());
        }
        System.exit(0);
    }

    static BatchRunner runner(ModelRepository repo, int chunkSize, int threads) {
        return BatchRunner.builder().repository(repo).config(BatchConfig.builder().chunkSize(chunkSize).threads(threads).build()).build();
    }

    static JdbcSink<Double> sink(JdbcDatabase db, String table) {
        return JdbcSink.builder(db, Double.class).table(table).idColumn("lead_id").build();
    }

    /**
     * {@code sink}, for a job the test kills once {@code killAfter} chunks are committed: at full speed until
     * then (so the kill lands wherever the job happens to be, a transaction cut mid-way included), then each
     * further commit first waits {@value #SLOW_COMMIT_MILLIS} ms, so that the kill still comes soon after
     * {@code killAfter} chunks when the test is slow to see them; and the last of the run's {@code chunks}
     * chunks is never committed, so that the job cannot finish before the test kills it, however slow the test.
     */
    static Sink<Double> awaitingKill(Sink<Double> sink, int killAfter, int chunks) {
        AtomicInteger committed = new AtomicInteger();
        Set<ChunkRange> started = ConcurrentHashMap.newKeySet();
        AtomicInteger distinct = new AtomicInteger();
        return new InterceptingSink<>(sink, range -> {
            if (started.add(range) && distinct.incrementAndGet() >= chunks) {
                // The last chunk: wait for the kill (bounded, so that a job whose test died does not linger).
                Thread.sleep(TimeUnit.MINUTES.toMillis(10));
                throw new IllegalStateException("the test did not kill the job");
            }
            if (committed.get() >= killAfter) {
                Thread.sleep(SLOW_COMMIT_MILLIS);
            }
        }, range -> committed.incrementAndGet());
    }
}

package dev.modeldeploy.runtime.batch.jdbc;

import dev.modeldeploy.api.repository.ModelRepository;
import dev.modeldeploy.runtime.batch.BatchConfig;
import dev.modeldeploy.runtime.batch.BatchRunner;
import dev.modeldeploy.runtime.batch.RunSummary;

import java.net.URI;
import java.nio.file.Path;

/**
 * The nightly lead-scoring job as its own process, for {@link JdbcCrashTest} to kill:
 * {@code <jdbc url> <model uri> <cache dir> <table> <chunk size> <threads>}.
 */
public final class CrashableLeadScoring {
    private CrashableLeadScoring() {
    }

    public static void main(String[] args) {
        JdbcDatabase db = JdbcDatabase.url(args[0]);
        try (ModelRepository repo = ModelRepository.builder().cacheDirectory(Path.of(args[2])).build()) {
            RunSummary summary = runner(repo, Integer.parseInt(args[4]), Integer.parseInt(args[5]))
                    .run(Leads.job(Leads.KEY, URI.create(args[1]), Leads.source(db, Leads.KEY), sink(db, args[3])));
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
}

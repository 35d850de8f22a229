package dev.modeldeploy.api;

import dev.modeldeploy.api.repository.ModelRepository;
import dev.modeldeploy.api.repository.PublishOptions;
import dev.modeldeploy.api.testing.ReadmeSnippets;
import dev.modeldeploy.api.testing.WeightedSumModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs the README's quick start, and fails when the README's copy of it drifts from this one. */
class ReadmeQuickStartTest {
    @TempDir
    Path tmp;

    @SuppressWarnings({"rawtypes", "unchecked"})
    static List<Double> quickStart(Model<?, ?, ?> model, Path cacheDir, URI leadScoring, List<Map<String, Object>> yesterdaysLeads) {
        // README:start
        ModelRepository repo = ModelRepository.builder().cacheDirectory(cacheDir).build();

        // Publish to a model URI (file:/srv/models/lead-scoring, s3://ml-models/lead-scoring, gs://...):
        // the next free version, e.g. file:/srv/models/lead-scoring/1
        URI published = repo.publish(model, leadScoring, PublishOptions.builder().description("nightly retrain").build());

        // Promote it: point the production alias at that version (moving it back is a rollback).
        URI production = URI.create(leadScoring + "@production");
        repo.setAlias(production, repo.resolve(published).version());

        // Anywhere else: load by alias (downloaded once, verified, cached), score one record or many.
        try (Model<Map, ?, Double> scorer = repo.load(production, Map.class, Double.class)) {
            double one = scorer.predictRecord(Map.of("visits", 12, "emails", 3));
            List<Double> scores = scorer.predictRecords(yesterdaysLeads);
            // README:end
            assertThat(one).isEqualTo(1 + 0.5 * 12 + 2 * 3);
            return scores;
        }
    }

    @Test
    void quickStartRuns() {
        Map<String, Float> weights = new LinkedHashMap<>();
        weights.put("visits", 0.5f);
        weights.put("emails", 2f);
        WeightedSumModel model = WeightedSumModel.of("lead-scoring", weights, 1f);
        List<Double> scores = quickStart(model, tmp.resolve("cache"), tmp.resolve("models").resolve("lead-scoring").toUri(),
                List.of(Map.of("visits", 0, "emails", 0), Map.of("visits", 2, "emails", 1)));
        assertThat(scores).containsExactly(1.0, 4.0);
    }

    @Test
    void readmeShowsThisCode() throws Exception {
        ReadmeSnippets.assertReadmeShows("src/test/java/dev/modeldeploy/api/ReadmeQuickStartTest.java");
    }
}

package dev.modeldeploy.runtime.online;

import dev.modeldeploy.api.linear.LinearModel;
import dev.modeldeploy.api.prediction.Classification;
import dev.modeldeploy.api.repository.ModelRepository;
import dev.modeldeploy.api.repository.PublishOptions;
import dev.modeldeploy.api.testing.ReadmeSnippets;
import dev.modeldeploy.api.testing.TestRepositories;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs the README's online snippet, on a {@code file:} store; fails when the README's copy drifts. */
class ReadmeOnlineTest {

    @Test
    void theReadmeSnippetServesSwapsAndRollsBack(@TempDir Path tmp) {
        SimpleMeterRegistry meterRegistry = new SimpleMeterRegistry();
        Map<String, Object> request = Map.of("a", 1.0, "b", 2.0, "c", 0.5);
        try (ModelRepository repository = TestRepositories.repository(tmp)) {
            URI churnUri = TestRepositories.modelUri(tmp, "churn");
            for (double intercept : new double[] {-1, 1}) {
                repository.publish(LinearModel.logisticRegression("churn", TestModels.SPEC).labels("stay", "churn")
                                .coefficients(new double[][] {{0.2, -0.4, 0.1}}).intercepts(intercept).build(),
                        churnUri, PublishOptions.builder().inputExample(java.util.List.of(request)).build());
            }
            repository.setAlias(URI.create(churnUri + "@production"), 1);
            URI production = URI.create(churnUri + "@production");
            URI candidate = URI.create(churnUri + "/2");

            // README:start
            try (OnlinePredictor<Map, Classification> churn = OnlinePredictor
                    .builder(repository, production, Map.class, Classification.class)
                    .config(OnlinePredictorConfig.builder()
                            .deadline(Duration.ofMillis(200))          // answer within 200 ms, or fall back
                            .microBatching(32, Duration.ofMillis(1))   // gather concurrent requests (off by default)
                            .listener(PredictorMetrics.of(meterRegistry, "churn"))
                            .build())
                    .fallback(Fallback.previousVersion())              // a late request gets the previous version's answer
                    .build()) {
                Prediction<Classification> answer = churn.predict(request);   // from any number of threads
                System.out.printf("%s says %s%n", answer.modelVersion(), answer.value().label());

                churn.swapTo(candidate);   // download, verify and warm up version 2, then swap it in
                churn.rollback();          // back to version 1, instantly: it is still loaded
                // README:end

                assertThat(answer.version()).isEqualTo(1);
                assertThat(churn.predict(request).version()).isEqualTo(1);
                assertThat(churn.previous()).map(i -> i.version()).contains(2);
            }
        }
        // one swap to version 2, one (the rollback) back to version 1
        for (String version : new String[] {"1", "2"}) {
            assertThat(meterRegistry.get("modeldeploy.online.swaps").tags("model", "churn", "version", version).counter().count())
                    .isEqualTo(1);
        }
    }

    @Test
    void readmeShowsThisCode() throws Exception {
        ReadmeSnippets.assertReadmeShows("src/test/java/dev/modeldeploy/runtime/online/ReadmeOnlineTest.java");
    }
}

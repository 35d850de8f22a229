package dev.modeldeploy.testkit;

import dev.modeldeploy.api.Model;
import dev.modeldeploy.api.testing.ReadmeSnippets;
import dev.modeldeploy.api.testing.WeightedSumModel;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The README's example of a user's model test: the code between the markers is what the README shows. */
class ReadmeTestKitExampleTest {
    // In a user's project: their own model, trained in the test or loaded with Model.fromRemote.
    private final Model<Map<String, Object>, ?, Double> model =
            WeightedSumModel.of("lead-scoring", Map.of("visits", 0.5f, "emails", 2f), 1f);

    // README:start
    @TestFactory
    Stream<DynamicTest> leadScoringModelBehaves() {
        return ModelTestKit.forModel(model)
                .samples(List.of(Map.of("visits", 12, "emails", 3), Map.of("visits", 0, "emails", 0)))
                .invalidSample(Map.of("visits", "twelve", "emails", 3), "visits")
                .tolerance(Tolerance.relative(1e-6))
                .dynamicTests();
    }
    // README:end

    @Test
    void readmeShowsThisCode() throws Exception {
        ReadmeSnippets.assertReadmeShows("src/test/java/dev/modeldeploy/testkit/ReadmeTestKitExampleTest.java");
    }
}

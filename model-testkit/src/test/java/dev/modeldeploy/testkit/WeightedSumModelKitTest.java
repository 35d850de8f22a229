package dev.modeldeploy.testkit;

import dev.modeldeploy.api.testing.WeightedSumModel;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.modeldeploy.testkit.models.Records.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** The kit against model-api's test model, whose format is installed through the test-jar's ServiceLoader file. */
class WeightedSumModelKitTest {
    private static final List<Map<String, Object>> SAMPLES = List.of(
            record("visits", 12, "emails", 3), record("visits", 0, "emails", 0),
            record("visits", 2.5, "emails", 1L), record("visits", -4, "emails", 1e6));

    @TempDir
    Path tmp;

    private static WeightedSumModel model() {
        Map<String, Float> weights = new LinkedHashMap<>();
        weights.put("visits", 0.5f);
        weights.put("emails", 2f);
        return WeightedSumModel.of("lead-scoring", weights, 1f);
    }

    @Test
    void everyCheckPassesInOneCall() {
        WeightedSumModel model = model();
        assertThatCode(() -> ModelTestKit.forModel(model).samples(SAMPLES)
                .invalidSample(record("visits", "twelve", "emails", 3), "visits")
                .invalidSample(record("visits", 12), "emails")
                .workDirectory(tmp)
                .assertAll())
                .doesNotThrowAnyException();
        assertThat(model.isClosed()).as("the kit leaves the user's model open").isFalse();
        assertThat(tmp).as("the round trip's store and cache are deleted").isEmptyDirectory();
    }

    @TestFactory
    Stream<DynamicTest> everyCheckPassesAsItsOwnTest() {
        return ModelTestKit.forModel(model()).samples(SAMPLES)
                .invalidSample(record("visits", null, "emails", 3), "visits")
                .tolerance(Tolerance.exact())
                .dynamicTests();
    }
}

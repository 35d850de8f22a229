package dev.modeldeploy.cli;

import dev.modeldeploy.api.bundle.Bundles;
import dev.modeldeploy.api.testing.WeightedSumFormat;
import dev.modeldeploy.api.testing.WeightedSumModel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Bundle directories to publish, as a format saves them: the test-only weighted-sum model. */
final class TestBundles {
    private TestBundles() {
    }

    /** Saves a weighted-sum model with this bias into {@code dir} and describes it (writes MODEL.json). */
    static Path weightedSum(Path dir, String name, float bias) throws IOException {
        Map<String, Float> weights = new LinkedHashMap<>();
        weights.put("visits", 0.5f);
        weights.put("emails", 2f);
        WeightedSumModel model = WeightedSumModel.of(name, weights, bias);
        Files.createDirectories(dir);
        new WeightedSumFormat().save(model, dir);
        Bundles.describe(dir, model.info());
        return dir;
    }
}

package dev.modeldeploy.api.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modeldeploy.api.Model;
import dev.modeldeploy.api.bundle.BundleManifest;
import dev.modeldeploy.api.format.ModelFormat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Saves {@link WeightedSumModel}s as {@code weights.json} (+ {@code payload.bin}); registered for tests only. */
public final class WeightedSumFormat implements ModelFormat {
    public static final String NAME = "test-weighted-sum";
    private static final ObjectMapper JSON = new ObjectMapper();

    record Weights(List<String> fields, float[] weights, float bias) {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean canSave(Model<?, ?, ?> model) {
        return model instanceof WeightedSumModel;
    }

    @Override
    public void save(Model<?, ?, ?> model, Path directory) throws IOException {
        WeightedSumModel m = (WeightedSumModel) model;
        JSON.writeValue(directory.resolve("weights.json").toFile(), new Weights(m.fields(), m.weights(), m.bias()));
        if (m.payload().isPresent()) {
            Files.createDirectories(directory.resolve("data"));
            Files.copy(m.payload().get(), directory.resolve("data/payload.bin"));
        }
    }

    @Override
    public Model<?, ?, ?> load(BundleManifest manifest, Path directory) throws IOException {
        Weights w = JSON.readValue(directory.resolve("weights.json").toFile(), Weights.class);
        Path payload = directory.resolve("data/payload.bin");
        return new WeightedSumModel(manifest.info(), w.fields(), w.weights(), w.bias(), Files.exists(payload) ? payload : null);
    }
}

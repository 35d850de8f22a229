package dev.modeldeploy.testkit.models;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modeldeploy.api.Model;
import dev.modeldeploy.api.bundle.BundleManifest;
import dev.modeldeploy.api.format.ModelFormat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Saves a {@link SumModel} as JSON. Not registered with ServiceLoader: tests hand it to the kit. The
 * {@linkplain #lossy() lossy} variant forgets the bias, a format whose round trip changes predictions.
 */
public final class SumFormat implements ModelFormat {
    private static final ObjectMapper JSON = new ObjectMapper();

    record Saved(List<String> fields, double bias) {
    }

    private final String name;
    private final boolean dropBias;

    private SumFormat(String name, boolean dropBias) {
        this.name = name;
        this.dropBias = dropBias;
    }

    /** Saves and loads faithfully. */
    public static SumFormat faithful() {
        return new SumFormat("test-sum", false);
    }

    /** Loses the bias on save. */
    public static SumFormat lossy() {
        return new SumFormat("test-sum-lossy", true);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean canSave(Model<?, ?, ?> model) {
        return model instanceof SumModel;
    }

    @Override
    public void save(Model<?, ?, ?> model, Path directory) throws IOException {
        SumModel m = (SumModel) model;
        JSON.writeValue(directory.resolve("sum.json").toFile(), new Saved(m.fields(), dropBias ? 0 : m.bias()));
    }

    @Override
    public Model<?, ?, ?> load(BundleManifest manifest, Path directory) throws IOException {
        Saved saved = JSON.readValue(directory.resolve("sum.json").toFile(), Saved.class);
        return new SumModel(manifest.info(), saved.fields(), saved.bias());
    }
}

package dev.modeldeploy.benchmarks;

import dev.modeldeploy.api.FeatureBatch;
import dev.modeldeploy.api.ListBatch;
import dev.modeldeploy.api.Model;
import dev.modeldeploy.api.ModelInfo;
import dev.modeldeploy.api.ModelTypes;
import dev.modeldeploy.api.bundle.BundleManifest;
import dev.modeldeploy.api.format.ModelFormat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A model that is nothing but one opaque file of any size, so that load benchmarks measure moving and
 * verifying bytes rather than a runtime's start-up. It predicts its input unchanged. Immutable.
 *
 * @param info    the model's info
 * @param payload the file it carries
 */
record PayloadModel(ModelInfo info, Path payload) implements Model<Object, Object, Object> {
    /** A fresh, unpublished model carrying {@code payload}. */
    static PayloadModel of(String name, Path payload) {
        return new PayloadModel(ModelInfo.builder(name, Format.NAME).build(), payload);
    }

    @Override
    public ModelTypes types() {
        return ModelTypes.of(Object.class, Object.class, Object.class);
    }

    @Override
    public Object preprocess(Object record) {
        return record;
    }

    @Override
    public Object predict(Object features) {
        return features;
    }

    @Override
    public FeatureBatch<Object> newBatch(int capacity) {
        return new ListBatch<>(capacity);
    }

    @Override
    public void close() {
    }

    /** Saves the payload as {@code payload.bin}; loading hands back the (verified) cached file. */
    static final class Format implements ModelFormat {
        static final String NAME = "bench-payload";

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public boolean canSave(Model<?, ?, ?> model) {
            return model instanceof PayloadModel;
        }

        @Override
        public void save(Model<?, ?, ?> model, Path directory) throws IOException {
            Files.copy(((PayloadModel) model).payload(), directory.resolve("payload.bin"));
        }

        @Override
        public Model<?, ?, ?> load(BundleManifest manifest, Path directory) {
            return new PayloadModel(manifest.info(), directory.resolve("payload.bin"));
        }
    }
}

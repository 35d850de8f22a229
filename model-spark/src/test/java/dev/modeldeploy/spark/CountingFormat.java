package dev.modeldeploy.spark;

import dev.modeldeploy.api.Model;
import dev.modeldeploy.api.ModelInfo;
import dev.modeldeploy.api.bundle.BundleManifest;
import dev.modeldeploy.api.format.ModelFormat;
import dev.modeldeploy.api.schema.Field;
import dev.modeldeploy.api.schema.FieldType;
import dev.modeldeploy.api.schema.Schema;
import dev.modeldeploy.api.testing.WeightedSumFormat;
import dev.modeldeploy.api.testing.WeightedSumModel;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The test-jar's weighted-sum format under another name, counting how often each model is loaded from its
 * bundle, independently of the registry under test. Registered in this module's test
 * {@code META-INF/services}.
 */
public final class CountingFormat implements ModelFormat {
    static final String NAME = "test-counting-sum";
    private static final Map<String, AtomicInteger> LOADS = new ConcurrentHashMap<>();
    private final WeightedSumFormat delegate = new WeightedSumFormat();

    /** A model {@code x * wx + y * wy + bias} over the DOUBLE fields {@code x} and {@code y}, saved by this format. */
    static WeightedSumModel model(String name, float wx, float wy, float bias) {
        ModelInfo info = ModelInfo.builder(name, NAME)
                .inputSchema(Schema.of(Field.required("x", FieldType.DOUBLE), Field.required("y", FieldType.DOUBLE))).build();
        return new WeightedSumModel(info, List.of("x", "y"), new float[] {wx, wy}, bias, null);
    }

    /** How often a model of this name was loaded in this JVM. */
    static int loads(String name) {
        AtomicInteger n = LOADS.get(name);
        return n == null ? 0 : n.get();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean canSave(Model<?, ?, ?> model) {
        return model instanceof WeightedSumModel && model.info().format().equals(NAME);
    }

    @Override
    public void save(Model<?, ?, ?> model, Path directory) throws IOException {
        delegate.save(model, directory);
    }

    @Override
    public Model<?, ?, ?> load(BundleManifest manifest, Path directory) throws IOException {
        LOADS.computeIfAbsent(manifest.info().name(), n -> new AtomicInteger()).incrementAndGet();
        return delegate.load(manifest, directory);
    }
}

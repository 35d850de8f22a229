package dev.modeldeploy.onnx;

import dev.modeldeploy.api.Model;
import dev.modeldeploy.api.bundle.BundleFile;
import dev.modeldeploy.api.bundle.BundleManifest;
import dev.modeldeploy.api.error.FeatureSpecException;
import dev.modeldeploy.api.error.ModelException;
import dev.modeldeploy.api.format.ModelFormat;
import dev.modeldeploy.api.pipeline.FeatureSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The {@code onnx} format: saves and loads {@link OnnxModel}s. A bundle holds
 * <ul>
 *   <li>{@code model.onnx}: the graph, as exported (one self-contained file);</li>
 *   <li>{@code features.json}: the {@link FeatureSpec}, when the model reads raw records (without it,
 *       the model reads {@code float[]} rows);</li>
 *   <li>{@code onnx.json}: the task, the class labels, which outputs hold the scores and the label,
 *       and the {@link OnnxOptions} the session is created with; read strictly.</li>
 * </ul>
 *
 * <p>The instance {@link java.util.ServiceLoader} finds loads models with their stored options. A
 * host that wants its own (say one intra-op thread per call in a busy service) registers
 * {@link #withOptions(OnnxOptions)} with its repository:
 *
 * <pre>{@code
 * ModelRepository repository = ModelRepository.builder()
 *         .format(OnnxFormat.withOptions(OnnxOptions.builder().intraOpThreads(1).build()))
 *         .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class OnnxFormat implements ModelFormat {
    private final OnnxOptions override;

    /** The format that loads models with the options stored in their bundles (what ServiceLoader makes). */
    public OnnxFormat() {
        this.override = null;
    }

    private OnnxFormat(OnnxOptions override) {
        this.override = Objects.requireNonNull(override, "options");
    }

    /** A format that loads every ONNX model with these options instead of the stored ones. */
    public static OnnxFormat withOptions(OnnxOptions options) {
        return new OnnxFormat(options);
    }

    @Override
    public String name() {
        return OnnxModel.FORMAT;
    }

    @Override
    public boolean canSave(Model<?, ?, ?> model) {
        return model instanceof OnnxModel;
    }

    @Override
    public void save(Model<?, ?, ?> model, Path directory) throws IOException {
        ((OnnxModel<?, ?>) model).saveTo(directory);
    }

    @Override
    public Model<?, ?, ?> load(BundleManifest manifest, Path directory) throws IOException {
        String model = manifest.info().toString();
        Path settingsFile = directory.resolve(OnnxSettings.FILE_NAME);
        if (!Files.exists(settingsFile)) {
            throw new ModelException("bundle of " + model + " has no " + OnnxSettings.FILE_NAME);
        }
        OnnxSettings settings = OnnxSettings.fromJson(Files.readString(settingsFile), model);
        FeatureSpec spec = null;
        Path specFile = directory.resolve(FeatureSpec.FILE_NAME);
        if (Files.exists(specFile)) {
            try {
                spec = FeatureSpec.read(specFile);
            } catch (FeatureSpecException e) {
                throw new FeatureSpecException(e.location(), FeatureSpec.FILE_NAME + " of " + model + ": " + e.problem(), e);
            }
        }
        String sha256 = manifest.files().stream().filter(f -> f.path().equals(OnnxModel.MODEL_FILE)).map(BundleFile::sha256)
                .findFirst().orElseThrow(() -> new ModelException("bundle of " + model + " has no " + OnnxModel.MODEL_FILE));
        return OnnxModel.load(manifest.info(), directory.resolve(OnnxModel.MODEL_FILE), sha256, spec, settings,
                override != null ? override : settings.session());
    }

    @Override
    public String toString() {
        return "OnnxFormat" + (override == null ? "" : "(" + override + ")");
    }
}

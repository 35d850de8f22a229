package dev.modeldeploy.api.linear;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.modeldeploy.api.Model;
import dev.modeldeploy.api.bundle.BundleManifest;
import dev.modeldeploy.api.error.FeatureSpecException;
import dev.modeldeploy.api.error.ModelException;
import dev.modeldeploy.api.format.ModelFormat;
import dev.modeldeploy.api.internal.StrictJson;
import dev.modeldeploy.api.pipeline.FeaturePipeline;
import dev.modeldeploy.api.pipeline.FeatureSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The built-in {@code linear} format: saves and loads {@link LinearModel}s. A bundle holds
 * {@code features.json} (a {@link FeatureSpec}) and {@code linear.json}, both read strictly:
 *
 * <pre>{@code
 * {
 *   "version": 1,
 *   "task": "CLASSIFICATION",                 // or "REGRESSION"
 *   "features": ["visits", "country=DE", …],  // the spec's feature names, checked on load
 *   "labels": ["stay", "churn"],              // classification only
 *   "multiclass": "SOFTMAX",                  // or "ONE_VS_REST"; only with one row per label
 *   "intercepts": [-0.25],                    // one per row
 *   "coefficients": [[0.8, -1.3, …]]          // one row (regression, binary) or one per label
 * }
 * }</pre>
 *
 * <p>Registered through {@code META-INF/services}; stateless and thread-safe.
 */
public final class LinearFormat implements ModelFormat {

    @Override
    public String name() {
        return LinearModel.FORMAT;
    }

    @Override
    public boolean canSave(Model<?, ?, ?> model) {
        return model instanceof LinearModel;
    }

    @Override
    public void save(Model<?, ?, ?> model, Path directory) throws IOException {
        LinearModel<?, ?> linear = (LinearModel<?, ?>) model;
        linear.pipeline().spec().write(directory.resolve(FeatureSpec.FILE_NAME));
        Files.writeString(directory.resolve(LinearWeights.FILE_NAME), StrictJson.write(linear.weights()));
    }

    @Override
    public Model<?, ?, ?> load(BundleManifest manifest, Path directory) throws IOException {
        FeaturePipeline pipeline;
        try {
            pipeline = FeatureSpec.read(directory.resolve(FeatureSpec.FILE_NAME)).compile();
        } catch (FeatureSpecException e) {
            throw new FeatureSpecException(e.location(), FeatureSpec.FILE_NAME + " of " + manifest.info() + ": " + e.problem(), e);
        }
        LinearWeights weights = readWeights(Files.readString(directory.resolve(LinearWeights.FILE_NAME)), manifest);
        try {
            return LinearModel.create(manifest.info(), pipeline, weights);
        } catch (IllegalArgumentException e) {
            throw new ModelException(LinearWeights.FILE_NAME + " of " + manifest.info() + ": " + e.getMessage(), e);
        }
    }

    private static LinearWeights readWeights(String json, BundleManifest manifest) {
        try {
            LinearWeights w = StrictJson.MAPPER.readValue(json, LinearWeights.class);
            if (w == null) {
                throw new ModelException(LinearWeights.FILE_NAME + " of " + manifest.info() + " is empty");
            }
            return w;
        } catch (JsonProcessingException e) {
            String at = StrictJson.location(e);
            throw new ModelException(LinearWeights.FILE_NAME + " of " + manifest.info() + (at.isEmpty() ? "" : " at " + at) + ": "
                    + StrictJson.problem(e, "type", List.of()), e);
        }
    }
}

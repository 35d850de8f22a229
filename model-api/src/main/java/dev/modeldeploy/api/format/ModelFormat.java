package dev.modeldeploy.api.format;

import dev.modeldeploy.api.Model;
import dev.modeldeploy.api.bundle.BundleManifest;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Saves models of one kind into a bundle directory and loads them back: the service interface every
 * model format (the built-in {@code linear}, {@code onnx}, …) implements, found with
 * {@link java.util.ServiceLoader} under {@code META-INF/services/dev.modeldeploy.api.format.ModelFormat}.
 *
 * <p>A manifest names a format by {@link #name()} only; it can never name a class to instantiate, and
 * a format must never Java-deserialize bundle bytes: read weights as JSON, flat binary or the native
 * runtime's own format.
 *
 * <p>Implementations must be thread-safe and stateless enough to be shared by every repository.
 */
public interface ModelFormat {

    /** The name written into manifests, e.g. {@code "onnx"}. Lower case, stable forever. */
    String name();

    /** Whether this format can save the given model (usually: it is an instance of this format's model class). */
    boolean canSave(Model<?, ?, ?> model);

    /**
     * Writes everything needed to load the model into {@code directory} (empty, existing). The caller
     * writes {@code MODEL.json}; a format must not.
     */
    void save(Model<?, ?, ?> model, Path directory) throws IOException;

    /**
     * Loads a model from a verified bundle directory. The directory may be removed from the cache
     * after this returns: read everything needed now.
     *
     * @param manifest  the bundle's verified manifest; {@code manifest.info()} is what the loaded model's
     *                  {@link Model#info()} must return
     * @param directory the bundle directory
     */
    Model<?, ?, ?> load(BundleManifest manifest, Path directory) throws IOException;
}

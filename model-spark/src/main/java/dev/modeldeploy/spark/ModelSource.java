package dev.modeldeploy.spark;

import dev.modeldeploy.api.repository.ModelRepository;

import java.io.Serializable;
import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What Spark ships to executors instead of a model: the model's URI and the options of the repository
 * that loads it there. Every executor JVM turns equal sources into one loaded model
 * ({@link ExecutorModels}); the loaded model itself never crosses Spark's serialization boundary.
 *
 * <p>Executors configure stores and the cache as any modeldeploy host does, from their environment
 * ({@code MODELDEPLOY_CACHE_DIR}, {@code MODELDEPLOY_STORE_SETTINGS}, or {@code -Dmodeldeploy.store.<key>}
 * in {@code spark.executor.extraJavaOptions}); credentials come from the standard chains (instance
 * roles, workload identity) and are never part of a source.
 *
 * <p>{@link SparkScorer} and {@link ModelUdfs} resolve the URI to its exact version on the driver before
 * the job starts, so that every executor loads the same version even if an alias moves meanwhile.
 *
 * <p>An immutable value (equality by value, which is what the per-JVM registry keys on); serializable.
 *
 * @param uri            the model URI (an exact version, once resolved)
 * @param cacheDirectory the local cache folder on each JVM that loads the model, or null for the
 *                       default repository's
 */
public record ModelSource(URI uri, String cacheDirectory) implements Serializable {
    private static final long serialVersionUID = 1L;

    public ModelSource {
        Objects.requireNonNull(uri, "uri");
    }

    /** A model loaded through the default repository of each JVM (configured from its environment). */
    public static ModelSource of(URI uri) {
        return new ModelSource(uri, null);
    }

    /** The same model with this local cache folder on every JVM that loads it. */
    public ModelSource withCacheDirectory(Path directory) {
        return new ModelSource(uri, directory.toAbsolutePath().toString());
    }

    /** The same options for another URI (the exact version an alias or "latest" resolved to). */
    ModelSource withUri(URI exact) {
        return new ModelSource(exact, cacheDirectory);
    }

    /** A new repository: the environment's configuration, with this source's cache folder if it has one. */
    ModelRepository newRepository() {
        ModelRepository.Builder builder = ModelRepository.builderFromEnvironment();
        if (cacheDirectory != null) {
            builder.cacheDirectory(Path.of(cacheDirectory));
        }
        return builder.build();
    }

    @Override
    public String toString() {
        return cacheDirectory == null ? uri.toString() : uri + " (cache " + cacheDirectory + ")";
    }
}

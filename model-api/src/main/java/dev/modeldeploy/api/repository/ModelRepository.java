package dev.modeldeploy.api.repository;

import dev.modeldeploy.api.Model;
import dev.modeldeploy.api.ModelInfo;
import dev.modeldeploy.api.bundle.ExtractionLimits;
import dev.modeldeploy.api.bundle.PublishedManifest;
import dev.modeldeploy.api.cache.BundleCache;
import dev.modeldeploy.api.format.ModelFormat;
import dev.modeldeploy.api.format.ModelFormats;
import dev.modeldeploy.api.store.ModelStore;
import dev.modeldeploy.api.store.ModelStoreProvider;
import dev.modeldeploy.api.store.StoreSettings;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Where models are published and loaded from: the installed stores (by URI scheme) and formats, and
 * the local cache. Implements the remote protocol (version claims, archive, outer manifest written
 * last, aliases) once, over any {@link ModelStore}.
 *
 * <p>{@link Model#toRemote(URI)} and {@link Model#fromRemote(URI)} use the
 * {@linkplain #defaultRepository() default repository}, configured from the environment; build your
 * own to configure in code:
 *
 * <pre>{@code
 * ModelRepository repo = ModelRepository.builder()
 *         .cacheDirectory(Path.of("/var/cache/models"))
 *         .cacheMaxBytes(20L << 30)
 *         .build();
 * URI v = repo.publish(model, URI.create("file:/srv/models/lead-scoring"), PublishOptions.defaults());
 * }</pre>
 *
 * <p>Immutable configuration and thread-safe; share one instance. {@link #close()} releases store
 * clients.
 */
public interface ModelRepository extends AutoCloseable {

    /**
     * The process-wide repository configured from the environment: {@code MODELDEPLOY_CACHE_DIR}
     * (default: {@code $XDG_CACHE_HOME/modeldeploy} or {@code ~/.cache/modeldeploy}) and
     * {@code MODELDEPLOY_CACHE_MAX_BYTES} (default 10 GiB), or the system properties
     * {@code modeldeploy.cache.dir} and {@code modeldeploy.cache.maxBytes}, which win; store settings
     * from {@code MODELDEPLOY_STORE_SETTINGS} ({@code s3.partSizeBytes=67108864,gcs.maxAttempts=8}) and
     * system properties {@code modeldeploy.store.<key>}. Built on first use.
     */
    static ModelRepository defaultRepository() {
        return DefaultModelRepository.fromEnvironment();
    }

    /** A builder starting from defaults (not from the environment). */
    static Builder builder() {
        return new Builder();
    }

    /**
     * A builder starting from the environment configuration the {@linkplain #defaultRepository() default
     * repository} reads, for tools that take those defaults and override some (a command line's
     * {@code --cache-dir}).
     *
     * @throws IllegalArgumentException if a variable or property holds an invalid value
     */
    static Builder builderFromEnvironment() {
        return DefaultModelRepository.builderFromEnvironment(System.getenv(), System.getProperties());
    }

    /**
     * Saves a model with its format and publishes it to a model URI as the next free version (or the
     * explicit version of the options, or of a versioned URI).
     *
     * @return the exact versioned URI
     */
    URI publish(Model<?, ?, ?> model, URI uri, PublishOptions options);

    /**
     * Publishes a bundle directory as a format saved it, with its {@code MODEL.json} (whose info is
     * kept, stamped with the name, version and time).
     *
     * @return the exact versioned URI
     */
    URI publishBundle(Path bundleDirectory, URI uri, PublishOptions options);

    /** Resolves a URI (latest, version or alias) to the exact version and its published manifest. */
    ModelVersion resolve(URI uri);

    /**
     * The published manifest of the version a URI names: the archive's name, size and SHA-256 and the
     * bundle manifest (info and every file with its size and SHA-256). Reads the small outer
     * {@code MODEL.json} only; the archive is not downloaded, so nothing here is verified against it.
     */
    PublishedManifest manifest(URI uri);

    /** Loads the model a URI names (downloading into the cache if needed), verified. */
    Model<?, ?, ?> load(URI uri);

    /**
     * Loads and checks the types: the model must accept {@code inputType} and return {@code outputType}.
     *
     * @throws dev.modeldeploy.api.error.TypeMismatchException otherwise (the model is closed)
     */
    <I, O> Model<I, ?, O> load(URI uri, Class<I> inputType, Class<O> outputType);

    /**
     * Downloads and verifies the bundle a URI names into {@code target} (a new or empty folder), without
     * loading it.
     *
     * @return the version fetched
     */
    ModelVersion fetch(URI uri, Path target);

    /** Every visible version of the model, oldest first, with its aliases. */
    List<ModelVersion> versions(URI modelUri);

    /** The model's aliases and the versions they point to, sorted by alias. */
    Map<String, Integer> aliases(URI modelUri);

    /**
     * Points {@code uri}'s alias (as in {@code .../lead-scoring@production}) at a published version,
     * atomically: readers see the old or the new target. Moving it back is a rollback.
     *
     * @return the version it pointed to before, if any
     */
    OptionalInt setAlias(URI aliasUri, int version);

    /** Deletes an alias; returns false if it did not exist. */
    boolean deleteAlias(URI aliasUri);

    /**
     * Deletes a published version. Refused while an alias points to it. Its number stays claimed and is
     * never reused.
     */
    void deleteVersion(URI versionUri);

    /** The formats this repository saves and loads. */
    ModelFormats formats();

    /** The local cache. */
    BundleCache cache();

    /** Closes the store clients this repository opened. */
    @Override
    void close();

    /** Builds a {@link ModelRepository}. Not thread-safe. */
    final class Builder {
        Path cacheDirectory = defaultCacheDirectory();
        long cacheMaxBytes = 10L << 30;
        ExtractionLimits extractionLimits = ExtractionLimits.DEFAULT;
        boolean verifyCachedBundles = true;
        final List<ModelStoreProvider> storeProviders = new ArrayList<>();
        final List<ModelFormat> formats = new ArrayList<>();
        StoreSettings storeSettings = StoreSettings.empty();
        ClassLoader classLoader = Thread.currentThread().getContextClassLoader() != null
                ? Thread.currentThread().getContextClassLoader() : ModelRepository.class.getClassLoader();

        Builder() {
        }

        /** The cache folder (default: the user's cache folder + {@code /modeldeploy}). */
        public Builder cacheDirectory(Path directory) {
            this.cacheDirectory = Objects.requireNonNull(directory, "directory");
            return this;
        }

        /** The unpacked size the cache stays under by evicting least recently used bundles (default 10 GiB). */
        public Builder cacheMaxBytes(long bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("cache size must be positive");
            }
            this.cacheMaxBytes = bytes;
            return this;
        }

        /** Limits for unpacking downloaded archives (default {@link ExtractionLimits#DEFAULT}). */
        public Builder extractionLimits(ExtractionLimits limits) {
            this.extractionLimits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /**
         * Whether every file of a cached bundle is re-hashed before each load (default true). False
         * checks sizes only: faster for multi-gigabyte models on trusted disks.
         */
        public Builder verifyCachedBundles(boolean verify) {
            this.verifyCachedBundles = verify;
            return this;
        }

        /** Adds a store provider, overriding any installed one for its scheme. */
        public Builder storeProvider(ModelStoreProvider provider) {
            storeProviders.add(Objects.requireNonNull(provider, "provider"));
            return this;
        }

        /** Adds a model format, overriding any installed one of the same name. */
        public Builder format(ModelFormat format) {
            formats.add(Objects.requireNonNull(format, "format"));
            return this;
        }

        /** Options passed to store backends (endpoints, part sizes). */
        public Builder storeSettings(StoreSettings settings) {
            this.storeSettings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /** The class loader searched for installed stores and formats (default: the context class loader). */
        public Builder classLoader(ClassLoader loader) {
            this.classLoader = Objects.requireNonNull(loader, "loader");
            return this;
        }

        public ModelRepository build() {
            return new DefaultModelRepository(this);
        }

        static Path defaultCacheDirectory() {
            String xdg = System.getenv("XDG_CACHE_HOME");
            if (xdg != null && !xdg.isBlank()) {
                return Path.of(xdg, "modeldeploy");
            }
            String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
            Path home = Path.of(System.getProperty("user.home"));
            if (os.contains("mac")) {
                return home.resolve("Library/Caches/modeldeploy");
            }
            return home.resolve(".cache/modeldeploy");
        }
    }

    /** @return the info of a version, convenience for {@code resolve(uri).info()}. */
    default ModelInfo info(URI uri) {
        return resolve(uri).info();
    }

    /** The latest version number of a model, if any is published. */
    default Optional<ModelVersion> latest(URI modelUri) {
        List<ModelVersion> all = versions(modelUri);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }
}

package dev.modeldeploy.api.repository;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modeldeploy.api.Model;
import dev.modeldeploy.api.ModelInfo;
import dev.modeldeploy.api.bundle.ArchiveInfo;
import dev.modeldeploy.api.bundle.BundleArchive;
import dev.modeldeploy.api.bundle.BundleManifest;
import dev.modeldeploy.api.bundle.Bundles;
import dev.modeldeploy.api.bundle.Compression;
import dev.modeldeploy.api.bundle.PublishedManifest;
import dev.modeldeploy.api.cache.BundleCache;
import dev.modeldeploy.api.error.AliasNotFoundException;
import dev.modeldeploy.api.error.IntegrityException;
import dev.modeldeploy.api.error.InvalidModelUriException;
import dev.modeldeploy.api.error.ModelException;
import dev.modeldeploy.api.error.ModelNotFoundException;
import dev.modeldeploy.api.error.StoreException;
import dev.modeldeploy.api.error.StoreNotInstalledException;
import dev.modeldeploy.api.error.TypeMismatchException;
import dev.modeldeploy.api.error.VersionAlreadyExistsException;
import dev.modeldeploy.api.error.VersionInUseException;
import dev.modeldeploy.api.error.VersionNotFoundException;
import dev.modeldeploy.api.format.ModelFormat;
import dev.modeldeploy.api.format.ModelFormats;
import dev.modeldeploy.api.internal.FileTrees;
import dev.modeldeploy.api.internal.Json;
import dev.modeldeploy.api.store.ModelStore;
import dev.modeldeploy.api.store.ModelStoreProvider;
import dev.modeldeploy.api.store.StoreSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/** The {@link ModelRepository} implementation: the remote protocol over any {@link ModelStore}. */
final class DefaultModelRepository implements ModelRepository {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultModelRepository.class);
    private static final String MANIFEST = BundleManifest.FILE_NAME;
    private static final String CLAIM = "CLAIM";
    private static final int MAX_CLAIM_ATTEMPTS = 1000;

    private final Map<String, ModelStoreProvider> providers;
    private final ModelFormats formats;
    private final List<BaselineComputer> baselineComputers;
    private final BundleCache cache;
    private final StoreSettings settings;
    private final ConcurrentHashMap<URI, ModelStore> stores = new ConcurrentHashMap<>();

    DefaultModelRepository(Builder b) {
        Map<String, ModelStoreProvider> byScheme = new TreeMap<>();
        ServiceLoader.load(ModelStoreProvider.class, b.classLoader).forEach(p -> byScheme.put(p.scheme(), p));
        b.storeProviders.forEach(p -> byScheme.put(p.scheme(), p));
        this.providers = Collections.unmodifiableMap(byScheme);
        this.formats = ModelFormats.installed(b.classLoader).with(b.formats);
        this.baselineComputers = ServiceLoader.load(BaselineComputer.class, b.classLoader).stream().map(ServiceLoader.Provider::get).toList();
        this.cache = new BundleCache(b.cacheDirectory, b.cacheMaxBytes, b.extractionLimits, b.verifyCachedBundles);
        this.settings = b.storeSettings;
    }

    // ---- the default repository ----

    private static final class Holder {
        static final ModelRepository INSTANCE = fromEnvironment(System.getenv(), System.getProperties());
    }

    static ModelRepository fromEnvironment() {
        return Holder.INSTANCE;
    }

    static ModelRepository fromEnvironment(Map<String, String> env, java.util.Properties props) {
        return builderFromEnvironment(env, props).build();
    }

    static Builder builderFromEnvironment(Map<String, String> env, java.util.Properties props) {
        Builder b = ModelRepository.builder();
        String dir = props.getProperty("modeldeploy.cache.dir", env.get("MODELDEPLOY_CACHE_DIR"));
        if (dir != null && !dir.isBlank()) {
            b.cacheDirectory(Path.of(dir));
        }
        String max = props.getProperty("modeldeploy.cache.maxBytes", env.get("MODELDEPLOY_CACHE_MAX_BYTES"));
        if (max != null && !max.isBlank()) {
            try {
                b.cacheMaxBytes(Long.parseLong(max.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("MODELDEPLOY_CACHE_MAX_BYTES must be a number of bytes, was '" + max + "'");
            }
        }
        b.storeSettings(storeSettingsFromEnvironment(env, props));
        return b;
    }

    /**
     * Store settings for users who configure by environment only: {@code MODELDEPLOY_STORE_SETTINGS}
     * ({@code key=value} pairs separated by commas, e.g. {@code s3.partSizeBytes=67108864,gcs.maxAttempts=8}),
     * then system properties {@code modeldeploy.store.<key>}, which win.
     */
    static StoreSettings storeSettingsFromEnvironment(Map<String, String> env, java.util.Properties props) {
        StoreSettings settings = StoreSettings.empty();
        String pairs = env.get("MODELDEPLOY_STORE_SETTINGS");
        if (pairs != null && !pairs.isBlank()) {
            for (String pair : pairs.split(",")) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("MODELDEPLOY_STORE_SETTINGS must be key=value pairs separated by commas, got '"
                            + pair.strip() + "'");
                }
                settings = settings.with(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
            }
        }
        String prefix = "modeldeploy.store.";
        for (String name : props.stringPropertyNames()) {
            if (name.startsWith(prefix) && name.length() > prefix.length()) {
                settings = settings.with(name.substring(prefix.length()), props.getProperty(name));
            }
        }
        return settings;
    }

    // ---- publishing ----

    @Override
    public URI publish(Model<?, ?, ?> model, URI uri, PublishOptions options) {
        ModelUri target = publishTarget(uri, options);
        ModelFormat format = formats.forModel(model);
        Path work = tempWorkDir("publish-");
        try {
            Path bundle = Files.createDirectories(work.resolve("bundle"));
            format.save(model, bundle);
            return publishPrepared(bundle, model.info(), target, options, work, () -> model);
        } catch (IOException e) {
            throw new StoreException("cannot save model " + model.info().name() + " with format " + format.name() + ": " + e.getMessage(), e);
        } finally {
            FileTrees.deleteTree(work);
        }
    }

    @Override
    public URI publishBundle(Path bundleDirectory, URI uri, PublishOptions options) {
        ModelUri target = publishTarget(uri, options);
        BundleManifest existing = Bundles.readManifest(bundleDirectory);
        Path work = tempWorkDir("publish-");
        try {
            return publishPrepared(bundleDirectory, existing.info(), target, options, work, () -> {
                BundleManifest verified = Bundles.verify(bundleDirectory);
                try {
                    return formats.get(verified.info().format()).load(verified, bundleDirectory);
                } catch (IOException e) {
                    throw new StoreException("cannot load bundle " + bundleDirectory + " to compute its baseline: " + e.getMessage(), e);
                }
            });
        } finally {
            FileTrees.deleteTree(work);
        }
    }

    private interface ModelSupplier {
        Model<?, ?, ?> get();
    }

    private ModelUri publishTarget(URI uri, PublishOptions options) {
        ModelUri target = ModelUri.parse(uri);
        if (target.isAlias()) {
            throw new InvalidModelUriException("publish to a model URI (optionally with a version), not an alias: " + uri
                    + "; publish first, then set the alias");
        }
        if (target.isVersion() && options.version().isPresent() && options.version().getAsInt() != target.version()) {
            throw new InvalidModelUriException("the URI names version " + target.version() + " but the options version "
                    + options.version().getAsInt() + ": " + uri);
        }
        return target;
    }

    private URI publishPrepared(Path bundle, ModelInfo baseInfo, ModelUri target, PublishOptions options, Path work,
                                ModelSupplier modelForBaseline) {
        BundleManifest scanned = Bundles.scan(bundle, baseInfo);
        JsonNode baseline = options.trainingSample().map(sample -> computeBaseline(modelForBaseline.get(), sample)).orElse(null);
        ModelStore store = store(target);
        int version = claim(store, target, options);
        ModelUri versioned = target.withVersion(version);
        try {
            ModelInfo.Builder info = baseInfo.toBuilder().name(target.name()).version(version).createdAt(Instant.now());
            options.description().ifPresent(info::description);
            Map<String, String> tags = new TreeMap<>(baseInfo.tags());
            tags.putAll(options.tags());
            info.tags(tags);
            options.inputExample().ifPresent(info::inputExample);
            if (baseline != null) {
                info.baseline(baseline);
            }
            BundleManifest manifest = scanned.withInfo(info.build());
            Compression compression = options.compression();
            Path archive = work.resolve(compression.fileName());
            ArchiveInfo archiveInfo = BundleArchive.pack(bundle, manifest, archive, compression);
            String prefix = versionPrefix(target, version);
            store.upload(prefix + archiveInfo.name(), archive);
            PublishedManifest outer = new PublishedManifest(BundleManifest.CURRENT_FORMAT, archiveInfo, manifest);
            // Written last, create-only: the version becomes visible complete or not at all.
            if (!store.createIfAbsent(prefix + MANIFEST, Json.write(outer))) {
                throw new VersionAlreadyExistsException(versioned.toUri());
            }
            LOG.info("published {} ({} files, archive {} bytes, sha256 {})", versioned, manifest.files().size(),
                    archiveInfo.size(), archiveInfo.sha256());
            return versioned.toUri();
        } catch (IOException e) {
            throw new StoreException("cannot publish " + versioned + ": " + e.getMessage()
                    + " (version " + version + " stays claimed and invisible; publish again for the next version)", e);
        }
    }

    private JsonNode computeBaseline(Model<?, ?, ?> model, List<Map<String, Object>> sample) {
        if (baselineComputers.isEmpty()) {
            throw new ModelException("a training sample was given but no baseline computer is installed "
                    + "(the monitoring support of model-runtime provides one); publish without a training sample, or add it");
        }
        return baselineComputers.get(0).compute(model, sample);
    }

    private int claim(ModelStore store, ModelUri target, PublishOptions options) {
        byte[] claim = Json.write(claimRecord());
        int explicit = target.isVersion() ? target.version() : options.version().orElse(0);
        try {
            if (explicit > 0) {
                if (!store.createIfAbsent(versionPrefix(target, explicit) + CLAIM, claim)) {
                    throw new VersionAlreadyExistsException(target.withVersion(explicit).toUri());
                }
                return explicit;
            }
            int next = highestClaimed(store, target) + 1;
            for (int attempt = 0; attempt < MAX_CLAIM_ATTEMPTS; attempt++, next++) {
                if (store.createIfAbsent(versionPrefix(target, next) + CLAIM, claim)) {
                    return next;
                }
            }
            throw new StoreException("could not claim a version of " + target + " after " + MAX_CLAIM_ATTEMPTS + " attempts");
        } catch (IOException e) {
            throw new StoreException("cannot claim a version of " + target + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, Object> claimRecord() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("claimedAt", Instant.now().toString());
        m.put("pid", ProcessHandle.current().pid());
        try {
            m.put("host", java.net.InetAddress.getLocalHost().getHostName());
        } catch (IOException e) {
            m.put("host", "unknown");
        }
        return m;
    }

    // ---- resolving and loading ----

    /** A resolved version: where it is and its outer manifest. */
    private record Resolved(ModelUri uri, PublishedManifest manifest) {
        String key() {
            return uri.toUri().toString();
        }
    }

    private Resolved resolveManifest(ModelUri m) {
        if (m.isVersion()) {
            Optional<PublishedManifest> cached = cache.lookup(m.toUri().toString());
            if (cached.isPresent()) {
                return new Resolved(m, cached.get());
            }
        }
        ModelStore store = store(m);
        try {
            int version;
            if (m.isVersion()) {
                version = m.version();
            } else if (m.isAlias()) {
                version = readAlias(store, m).orElseThrow(() -> aliasMissing(store, m));
            } else {
                version = visibleVersions(store, m).stream().mapToInt(Integer::intValue).max()
                        .orElseThrow(() -> new ModelNotFoundException(m.toUri()));
            }
            ModelUri versioned = m.withVersion(version);
            if (!m.isVersion()) {
                Optional<PublishedManifest> cached = cache.lookup(versioned.toUri().toString());
                if (cached.isPresent()) {
                    return new Resolved(versioned, cached.get());
                }
            }
            byte[] bytes = store.read(versionPrefix(m, version) + MANIFEST).orElseThrow(() -> versionMissing(store, m, version));
            return new Resolved(versioned, parseOuter(bytes, versioned));
        } catch (IOException e) {
            throw new StoreException("cannot read " + m + ": " + e.getMessage(), e);
        }
    }

    private static PublishedManifest parseOuter(byte[] bytes, ModelUri versioned) {
        PublishedManifest outer;
        try {
            outer = Json.MAPPER.readValue(bytes, PublishedManifest.class);
        } catch (IOException | RuntimeException e) {
            throw new IntegrityException(MANIFEST, "unreadable published manifest of " + versioned + ": " + e.getMessage());
        }
        if (outer == null || outer.manifest() == null || outer.archive() == null || outer.manifest().info() == null) {
            throw new IntegrityException(MANIFEST, "incomplete published manifest of " + versioned);
        }
        if (outer.bundleFormat() != BundleManifest.CURRENT_FORMAT) {
            throw new IntegrityException(MANIFEST, "unsupported bundle format " + outer.bundleFormat());
        }
        ModelInfo info = outer.manifest().info();
        if (!info.name().equals(versioned.name()) || info.version() != versioned.version()) {
            throw new IntegrityException(MANIFEST, "model " + versioned.name() + "/" + versioned.version(),
                    "manifest of " + info.name() + "/" + info.version());
        }
        if (!outer.archive().name().equals(outer.archive().compression().fileName())) {
            throw new IntegrityException(MANIFEST, "unexpected archive name '" + outer.archive().name() + "'");
        }
        return outer;
    }

    @Override
    public ModelVersion resolve(URI uri) {
        ModelUri m = ModelUri.parse(uri);
        Resolved r = resolveManifest(m);
        return toVersion(r, m.isAlias() ? List.of(m.alias()) : List.of());
    }

    @Override
    public PublishedManifest manifest(URI uri) {
        return resolveManifest(ModelUri.parse(uri)).manifest();
    }

    private static ModelVersion toVersion(Resolved r, List<String> aliases) {
        return new ModelVersion(r.uri().toUri(), r.uri().version(), r.manifest().manifest().info(), r.manifest().archive(), aliases);
    }

    @Override
    public Model<?, ?, ?> load(URI uri) {
        Resolved r = resolveManifest(ModelUri.parse(uri));
        ModelFormat format = formats.get(r.manifest().manifest().info().format());
        try (BundleCache.Lease lease = lease(r)) {
            Model<?, ?, ?> model = format.load(lease.manifest(), lease.directory());
            LOG.debug("loaded {} from {}", r.uri(), lease.directory());
            return model;
        } catch (IOException e) {
            throw new ModelException("format '" + format.name() + "' cannot load " + r.uri() + ": " + e.getMessage(), e);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public <I, O> Model<I, ?, O> load(URI uri, Class<I> inputType, Class<O> outputType) {
        Model<?, ?, ?> model = load(uri);
        try {
            Class<?> in = model.types().input();
            Class<?> out = model.types().output();
            if (!in.isAssignableFrom(inputType)) {
                throw new TypeMismatchException(model.info().toString(), "input", inputType, in);
            }
            if (!outputType.isAssignableFrom(out)) {
                throw new TypeMismatchException(model.info().toString(), "output", outputType, out);
            }
            return (Model<I, ?, O>) model;
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    private BundleCache.Lease lease(Resolved r) {
        Optional<BundleCache.Lease> cached = cache.open(r.manifest());
        if (cached.isPresent()) {
            cache.remember(r.key(), r.manifest());
            return cached.get();
        }
        ModelStore store = store(r.uri());
        String key = versionPrefix(r.uri(), r.uri().version()) + r.manifest().archive().name();
        BundleCache.Lease lease = cache.install(r.manifest(), target -> {
            if (!store.download(key, target)) {
                throw new VersionNotFoundException(r.uri().toUri(), "archive " + key + " is missing from the store");
            }
        });
        cache.remember(r.key(), r.manifest());
        return lease;
    }

    @Override
    public ModelVersion fetch(URI uri, Path target) {
        Resolved r = resolveManifest(ModelUri.parse(uri));
        try (BundleCache.Lease lease = lease(r)) {
            Files.createDirectories(target);
            try (Stream<Path> existing = Files.list(target)) {
                if (existing.findAny().isPresent()) {
                    throw new ModelException("fetch target " + target + " is not empty");
                }
            }
            copyTree(lease.directory(), target);
            return toVersion(r, List.of());
        } catch (IOException e) {
            throw new StoreException("cannot fetch " + r.uri() + " into " + target + ": " + e.getMessage(), e);
        }
    }

    // ---- listing, aliases, deletion ----

    @Override
    public List<ModelVersion> versions(URI modelUri) {
        ModelUri m = ModelUri.parse(modelUri).model();
        ModelStore store = store(m);
        try {
            Map<String, Integer> aliases = aliases(store, m);
            List<ModelVersion> out = new ArrayList<>();
            for (int v : visibleVersions(store, m)) {
                ModelUri versioned = m.withVersion(v);
                Optional<byte[]> bytes = store.read(versionPrefix(m, v) + MANIFEST);
                if (bytes.isEmpty()) {
                    continue; // Deleted since the listing.
                }
                List<String> pointing = aliases.entrySet().stream().filter(e -> e.getValue() == v).map(Map.Entry::getKey).toList();
                out.add(toVersion(new Resolved(versioned, parseOuter(bytes.get(), versioned)), pointing));
            }
            return out;
        } catch (IOException e) {
            throw new StoreException("cannot list " + m + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Map<String, Integer> aliases(URI modelUri) {
        ModelUri m = ModelUri.parse(modelUri).model();
        try {
            return aliases(store(m), m);
        } catch (IOException e) {
            throw new StoreException("cannot list aliases of " + m + ": " + e.getMessage(), e);
        }
    }

    @Override
    public OptionalInt setAlias(URI aliasUri, int version) {
        ModelUri m = requireAlias(aliasUri);
        ModelStore store = store(m);
        try {
            if (version <= 0 || store.read(versionPrefix(m, version) + MANIFEST).isEmpty()) {
                throw versionMissing(store, m, version);
            }
            OptionalInt previous = readAlias(store, m);
            store.write(aliasKey(m), Json.write(new AliasPointer(version, Instant.now().toString())));
            LOG.info("alias {} now points to version {} (was {})", m, version,
                    previous.isPresent() ? String.valueOf(previous.getAsInt()) : "unset");
            return previous;
        } catch (IOException e) {
            throw new StoreException("cannot set alias " + m + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean deleteAlias(URI aliasUri) {
        ModelUri m = requireAlias(aliasUri);
        try {
            return store(m).delete(aliasKey(m));
        } catch (IOException e) {
            throw new StoreException("cannot delete alias " + m + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void deleteVersion(URI versionUri) {
        ModelUri m = ModelUri.parse(versionUri);
        if (!m.isVersion()) {
            throw new InvalidModelUriException("deleting needs a versioned URI such as .../name/3, not " + versionUri);
        }
        ModelStore store = store(m);
        try {
            List<String> pointing = aliases(store, m).entrySet().stream().filter(e -> e.getValue() == m.version())
                    .map(Map.Entry::getKey).toList();
            if (!pointing.isEmpty()) {
                throw new VersionInUseException(versionUri, pointing);
            }
            String prefix = versionPrefix(m, m.version());
            Optional<byte[]> outer = store.read(prefix + MANIFEST);
            if (outer.isEmpty()) {
                throw versionMissing(store, m, m.version());
            }
            // Manifest first: the version turns invisible before its archive goes. The claim stays.
            store.delete(prefix + MANIFEST);
            for (Compression c : Compression.values()) {
                store.delete(prefix + c.fileName());
            }
            cache.forget(m.toUri().toString());
            LOG.info("deleted {}", m);
        } catch (IOException e) {
            throw new StoreException("cannot delete " + m + ": " + e.getMessage(), e);
        }
    }

    private static ModelUri requireAlias(URI uri) {
        ModelUri m = ModelUri.parse(uri);
        if (!m.isAlias()) {
            throw new InvalidModelUriException("expected an alias URI such as .../name@production, got " + uri);
        }
        return m;
    }

    record AliasPointer(int version, String updatedAt) {
    }

    private static OptionalInt readAlias(ModelStore store, ModelUri m) throws IOException {
        Optional<byte[]> bytes = store.read(aliasKey(m));
        if (bytes.isEmpty()) {
            return OptionalInt.empty();
        }
        try {
            AliasPointer p = Json.MAPPER.readValue(bytes.get(), AliasPointer.class);
            if (p.version() <= 0) {
                throw new IntegrityException("@" + m.alias(), "alias points to invalid version " + p.version());
            }
            return OptionalInt.of(p.version());
        } catch (IOException e) {
            throw new IntegrityException("@" + m.alias(), "unreadable alias pointer: " + e.getMessage());
        }
    }

    private static Map<String, Integer> aliases(ModelStore store, ModelUri m) throws IOException {
        Map<String, Integer> out = new TreeMap<>();
        String prefix = m.name() + "/@";
        for (String key : store.list(prefix)) {
            String alias = key.substring(prefix.length());
            if (alias.contains("/")) {
                continue;
            }
            OptionalInt v = readAlias(store, m.withAlias(alias));
            v.ifPresent(version -> out.put(alias, version));
        }
        return out;
    }

    private static TreeSet<Integer> visibleVersions(ModelStore store, ModelUri m) throws IOException {
        TreeSet<Integer> versions = new TreeSet<>();
        String prefix = m.name() + "/";
        for (String key : store.list(prefix)) {
            String[] parts = key.substring(prefix.length()).split("/");
            if (parts.length == 2 && parts[1].equals(MANIFEST)) {
                parseVersion(parts[0]).ifPresent(versions::add);
            }
        }
        return versions;
    }

    private static int highestClaimed(ModelStore store, ModelUri m) throws IOException {
        int max = 0;
        String prefix = m.name() + "/";
        for (String key : store.list(prefix)) {
            String first = key.substring(prefix.length()).split("/")[0];
            OptionalInt v = parseVersion(first);
            if (v.isPresent()) {
                max = Math.max(max, v.getAsInt());
            }
        }
        return max;
    }

    private static OptionalInt parseVersion(String segment) {
        if (segment.isEmpty() || segment.length() > 9 || !segment.chars().allMatch(Character::isDigit)) {
            return OptionalInt.empty();
        }
        int v = Integer.parseInt(segment);
        return v > 0 ? OptionalInt.of(v) : OptionalInt.empty();
    }

    private ModelException versionMissing(ModelStore store, ModelUri m, int version) {
        try {
            String prefix = m.name() + "/";
            List<String> keys = store.list(prefix);
            if (keys.stream().noneMatch(k -> k.endsWith("/" + MANIFEST))) {
                return new ModelNotFoundException(m.model().toUri());
            }
            boolean claimed = keys.contains(versionPrefix(m, version) + CLAIM);
            return new VersionNotFoundException(m.withVersion(Math.max(version, 1)).toUri(),
                    claimed ? "claimed but never completed, or deleted" : "never published");
        } catch (IOException e) {
            return new StoreException("cannot read " + m + ": " + e.getMessage(), e);
        }
    }

    private ModelException aliasMissing(ModelStore store, ModelUri m) {
        try {
            if (visibleVersions(store, m).isEmpty()) {
                return new ModelNotFoundException(m.model().toUri());
            }
            return new AliasNotFoundException(m.toUri());
        } catch (IOException e) {
            return new StoreException("cannot read " + m + ": " + e.getMessage(), e);
        }
    }

    private static String versionPrefix(ModelUri m, int version) {
        return m.name() + "/" + version + "/";
    }

    private static String aliasKey(ModelUri m) {
        return m.name() + "/@" + m.alias();
    }

    // ---- plumbing ----

    private ModelStore store(ModelUri m) {
        return stores.computeIfAbsent(m.root(), root -> {
            ModelStoreProvider provider = providers.get(root.getScheme().toLowerCase(java.util.Locale.ROOT));
            if (provider == null) {
                throw new StoreNotInstalledException(root.getScheme(), providers.keySet());
            }
            return provider.open(root, settings);
        });
    }

    private Path tempWorkDir(String prefix) {
        try {
            return Files.createTempDirectory(cache.tempDirectory(), prefix);
        } catch (IOException e) {
            throw new StoreException("cannot create a temporary folder in " + cache.tempDirectory() + ": " + e.getMessage(), e);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path dest = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest);
                }
            }
        }
    }

    @Override
    public ModelFormats formats() {
        return formats;
    }

    @Override
    public BundleCache cache() {
        return cache;
    }

    @Override
    public void close() {
        stores.values().forEach(ModelStore::close);
        stores.clear();
    }
}

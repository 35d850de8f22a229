package dev.modeldeploy.api.repository;

import dev.modeldeploy.api.Model;
import dev.modeldeploy.api.bundle.BundleManifest;
import dev.modeldeploy.api.bundle.Compression;
import dev.modeldeploy.api.error.AliasNotFoundException;
import dev.modeldeploy.api.error.FormatNotInstalledException;
import dev.modeldeploy.api.error.IntegrityException;
import dev.modeldeploy.api.error.InvalidModelUriException;
import dev.modeldeploy.api.error.ModelException;
import dev.modeldeploy.api.error.ModelNotFoundException;
import dev.modeldeploy.api.error.StoreNotInstalledException;
import dev.modeldeploy.api.error.TypeMismatchException;
import dev.modeldeploy.api.error.VersionAlreadyExistsException;
import dev.modeldeploy.api.error.VersionInUseException;
import dev.modeldeploy.api.error.VersionNotFoundException;
import dev.modeldeploy.api.testing.WeightedSumModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.modeldeploy.api.testing.TestRepositories.modelUri;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ModelRepositoryTest {
    @TempDir
    Path tmp;
    ModelRepository repo;
    URI leads;

    @BeforeEach
    void setUp() {
        repo = ModelRepository.builder().cacheDirectory(tmp.resolve("cache")).build();
        leads = modelUri(tmp, "lead-scoring");
    }

    @AfterEach
    void tearDown() {
        repo.close();
    }

    private static WeightedSumModel model(float bias) {
        Map<String, Float> weights = new LinkedHashMap<>();
        weights.put("visits", 0.5f);
        weights.put("emails", 2f);
        return WeightedSumModel.of("lead-scoring", weights, bias);
    }

    private static Map<String, Object> lead(double visits, double emails) {
        return Map.of("visits", visits, "emails", emails);
    }

    /** A fresh repository with its own empty cache, so that the next load must download. */
    private ModelRepository freshRepository() {
        return ModelRepository.builder().cacheDirectory(tmp.resolve("cache-" + System.nanoTime())).build();
    }

    private Path storeDir(String... parts) {
        return tmp.resolve("store").resolve(String.join("/", parts));
    }

    @Test
    void publishAndLoadRoundTrip() {
        URI v1 = repo.publish(model(1f), leads, PublishOptions.builder().description("first cut")
                .tags(Map.of("team", "growth")).inputExample(List.of(lead(3, 1))).build());
        assertThat(v1).isEqualTo(URI.create(ModelUri.parse(leads).withVersion(1).toString()));

        try (ModelRepository other = freshRepository(); Model<?, ?, ?> loaded = other.load(v1)) {
            assertThat(loaded).isInstanceOf(WeightedSumModel.class);
            assertThat(loaded.info().name()).isEqualTo("lead-scoring");
            assertThat(loaded.info().version()).isEqualTo(1);
            assertThat(loaded.info().description()).isEqualTo("first cut");
            assertThat(loaded.info().tags()).containsEntry("team", "growth");
            assertThat(loaded.info().inputExample()).containsExactly(Map.of("visits", 3.0, "emails", 1.0));
            WeightedSumModel m = (WeightedSumModel) loaded;
            assertThat(m.predictRecord(lead(4, 2))).isCloseTo(1 + 0.5 * 4 + 2 * 2, within(1e-6));
            assertThat(m.predictRecords(List.of(lead(4, 2), lead(0, 0)))).containsExactly(m.predictRecord(lead(4, 2)), 1.0);
        }
    }

    @Test
    void gzipAndUncompressedArchivesLoad() {
        URI gz = repo.publish(model(1f), leads, PublishOptions.builder().compression(Compression.GZIP).build());
        URI tar = repo.publish(model(2f), leads, PublishOptions.builder().compression(Compression.NONE).build());
        assertThat(storeDir("lead-scoring", "1", "bundle.tar.gz")).exists();
        assertThat(storeDir("lead-scoring", "2", "bundle.tar")).exists();
        try (ModelRepository other = freshRepository(); Model<?, ?, ?> a = other.load(gz); Model<?, ?, ?> b = other.load(tar)) {
            assertThat(((WeightedSumModel) a).predictRecord(lead(0, 0))).isEqualTo(1.0);
            assertThat(((WeightedSumModel) b).predictRecord(lead(0, 0))).isEqualTo(2.0);
        }
    }

    @Test
    void aliasToAMissingVersionIsRefused() {
        repo.publish(model(1f), leads, PublishOptions.defaults());
        assertThatThrownBy(() -> repo.setAlias(URI.create(leads + "@production"), 7)).isInstanceOf(VersionNotFoundException.class);
        assertThatThrownBy(() -> repo.setAlias(URI.create(leads + "@9bad"), 1)).isInstanceOf(InvalidModelUriException.class)
                .hasMessageContaining("9bad");
        assertThatThrownBy(() -> repo.setAlias(leads, 1)).isInstanceOf(InvalidModelUriException.class);
    }

    @Test
    void errorMessagesNameWhatIsMissing() {
        assertThatThrownBy(() -> repo.load(leads)).isInstanceOf(ModelNotFoundException.class).hasMessageContaining("lead-scoring");
        repo.publish(model(1f), leads, PublishOptions.defaults());
        assertThatThrownBy(() -> repo.load(URI.create(leads + "/3"))).isInstanceOf(VersionNotFoundException.class)
                .hasMessageContaining("lead-scoring/3").hasMessageContaining("never published");
        assertThatThrownBy(() -> repo.load(URI.create("nosuch://bucket/m"))).isInstanceOf(StoreNotInstalledException.class)
                .hasMessageContaining("nosuch").hasMessageContaining("file");
    }

    @Test
    void unknownFormatIsAClearError() throws Exception {
        URI v1 = repo.publish(model(1f), leads, PublishOptions.defaults());
        // A repository that does not have the test format installed.
        ClassLoader withoutTestFormat = new ClassLoader(getClass().getClassLoader()) {
            @Override
            public java.util.Enumeration<java.net.URL> getResources(String name) throws java.io.IOException {
                if (name.equals("META-INF/services/dev.modeldeploy.api.format.ModelFormat")) {
                    return java.util.Collections.emptyEnumeration();
                }
                return super.getResources(name);
            }
        };
        try (ModelRepository bare = ModelRepository.builder().cacheDirectory(tmp.resolve("bare")).classLoader(withoutTestFormat).build()) {
            assertThatThrownBy(() -> bare.load(v1)).isInstanceOf(FormatNotInstalledException.class)
                    .hasMessageContaining("test-weighted-sum");
            assertThatThrownBy(() -> bare.publish(model(1f), leads, PublishOptions.defaults()))
                    .isInstanceOf(FormatNotInstalledException.class);
        }
    }

    @Test
    void typedLoadChecksTypes() {
        URI v1 = repo.publish(model(1f), leads, PublishOptions.defaults());
        @SuppressWarnings("rawtypes")
        Class<Map> mapType = Map.class;
        try (Model<Map, ?, Double> typed = repo.load(v1, mapType, Double.class)) {
            assertThat(typed.info().version()).isEqualTo(1);
        }
        // A supertype of the output is fine too.
        repo.load(v1, mapType, Number.class).close();
        assertThatThrownBy(() -> repo.load(v1, mapType, String.class)).isInstanceOf(TypeMismatchException.class)
                .hasMessageContaining("output").hasMessageContaining("java.lang.Double").hasMessageContaining("java.lang.String");
        assertThatThrownBy(() -> repo.load(v1, String.class, Double.class)).isInstanceOf(TypeMismatchException.class)
                .hasMessageContaining("input");
    }

    @Test
    void publishingToAnAliasIsRefused() {
        assertThatThrownBy(() -> repo.publish(model(1f), URI.create(leads + "@production"), PublishOptions.defaults()))
                .isInstanceOf(InvalidModelUriException.class).hasMessageContaining("alias");
    }

    @Test
    void trainingSampleWithoutABaselineComputerIsAClearError() {
        PublishOptions options = PublishOptions.builder().trainingSample(List.of(lead(1, 1))).build();
        assertThatThrownBy(() -> repo.publish(model(1f), leads, options)).isInstanceOf(ModelException.class)
                .hasMessageContaining("baseline");
        assertThat(repo.versions(leads)).isEmpty();
    }

    // ---- integrity ----

    @Test
    void flippedByteInTheArchiveIsDetected() throws Exception {
        URI v1 = repo.publish(model(1f), leads, PublishOptions.defaults());
        flipByte(storeDir("lead-scoring", "1", "bundle.tar.zst"), 100);
        try (ModelRepository other = freshRepository()) {
            assertThatThrownBy(() -> other.load(v1)).isInstanceOf(IntegrityException.class)
                    .hasMessageContaining("bundle.tar.zst").hasMessageContaining("sha256");
        }
    }

    @Test
    void tamperedOuterManifestIsDetected() throws Exception {
        URI v1 = repo.publish(model(1f), leads, PublishOptions.builder().description("abc").build());
        Path outer = storeDir("lead-scoring", "1", "MODEL.json");
        String text = Files.readString(outer);
        Files.writeString(outer, text.replace("\"abc\"", "\"abd\""));
        try (ModelRepository other = freshRepository()) {
            assertThatThrownBy(() -> other.load(v1)).isInstanceOf(IntegrityException.class)
                    .hasMessageContaining("MODEL.json").hasMessageContaining("disagree");
        }
        // A flipped byte that breaks the JSON itself.
        flipByte(outer, 0);
        try (ModelRepository other = freshRepository()) {
            assertThatThrownBy(() -> other.load(v1)).isInstanceOf(IntegrityException.class).hasMessageContaining("MODEL.json");
        }
    }

    @Test
    void tamperedInnerManifestIsDetected() throws Exception {
        URI v1 = repo.publish(model(1f), leads, PublishOptions.defaults());
        // An attacker rebuilds the archive with a different inner manifest and fixes the archive hash.
        Path work = Files.createDirectories(tmp.resolve("attack"));
        Path archive = storeDir("lead-scoring", "1", "bundle.tar.zst");
        BundleManifest inner = dev.modeldeploy.api.bundle.BundleArchive.unpack(archive, work.resolve("b"),
                dev.modeldeploy.api.bundle.ExtractionLimits.DEFAULT);
        BundleManifest forged = inner.withInfo(inner.info().toBuilder().description("forged").build());
        Path forgedArchive = work.resolve("forged.tar.zst");
        var archiveInfo = dev.modeldeploy.api.bundle.BundleArchive.pack(work.resolve("b"), forged, forgedArchive, Compression.ZSTD);
        Files.copy(forgedArchive, archive, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Path outerFile = storeDir("lead-scoring", "1", "MODEL.json");
        var outer = dev.modeldeploy.api.internal.Json.MAPPER.readValue(outerFile.toFile(), dev.modeldeploy.api.bundle.PublishedManifest.class);
        var patched = new dev.modeldeploy.api.bundle.PublishedManifest(outer.bundleFormat(), archiveInfo, outer.manifest());
        Files.write(outerFile, dev.modeldeploy.api.internal.Json.write(patched));

        try (ModelRepository other = freshRepository()) {
            assertThatThrownBy(() -> other.load(v1)).isInstanceOf(IntegrityException.class).hasMessageContaining("disagree");
        }
    }

    @Test
    void manifestOfAnotherVersionIsRefused() throws Exception {
        repo.publish(model(1f), leads, PublishOptions.defaults());
        repo.publish(model(2f), leads, PublishOptions.defaults());
        // Replaying version 1's manifest and archive as version 2.
        Files.copy(storeDir("lead-scoring", "1", "MODEL.json"), storeDir("lead-scoring", "2", "MODEL.json"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        try (ModelRepository other = freshRepository()) {
            assertThatThrownBy(() -> other.load(URI.create(leads + "/2"))).isInstanceOf(IntegrityException.class)
                    .hasMessageContaining("lead-scoring/1");
        }
    }

    @Test
    void fetchCopiesAVerifiedBundle() throws Exception {
        URI v1 = repo.publish(model(1f), leads, PublishOptions.defaults());
        Path target = tmp.resolve("fetched");
        ModelVersion fetched = repo.fetch(v1, target);
        assertThat(fetched.version()).isEqualTo(1);
        assertThat(target.resolve("weights.json")).exists();
        assertThat(dev.modeldeploy.api.bundle.Bundles.verify(target).info().version()).isEqualTo(1);
        assertThatThrownBy(() -> repo.fetch(v1, target)).isInstanceOf(ModelException.class).hasMessageContaining("not empty");
    }

    @Test
    void publishBundleDirectory() throws Exception {
        URI v1 = repo.publish(model(1f), leads, PublishOptions.defaults());
        Path dir = tmp.resolve("dir");
        repo.fetch(v1, dir);
        URI other = repo.publishBundle(dir, modelUri(tmp, "copy"), PublishOptions.builder().description("copied").build());
        try (Model<?, ?, ?> m = repo.load(other)) {
            assertThat(m.info().name()).isEqualTo("copy");
            assertThat(m.info().description()).isEqualTo("copied");
            assertThat(((WeightedSumModel) m).predictRecord(lead(0, 0))).isEqualTo(1.0);
        }
        // The source folder's own MODEL.json is left as it was.
        assertThat(Files.readString(dir.resolve("MODEL.json"), StandardCharsets.UTF_8)).contains("\"lead-scoring\"");
    }

    @Test
    void manifestReadsTheOuterManifestWithoutDownloading() {
        URI v1 = repo.publish(model(1f), leads, PublishOptions.builder().compression(Compression.GZIP).build());
        repo.setAlias(URI.create(leads + "@production"), 1);
        try (ModelRepository other = freshRepository()) {
            var published = other.manifest(URI.create(leads + "@production"));
            assertThat(published.archive().name()).isEqualTo("bundle.tar.gz");
            assertThat(published.archive().size()).isEqualTo(storeDir("lead-scoring", "1", "bundle.tar.gz").toFile().length());
            assertThat(published.manifest().info().version()).isEqualTo(1);
            assertThat(published.manifest().files()).extracting(f -> f.path()).containsExactly("weights.json");
            assertThat(other.cache().size()).isZero();
        }
        assertThat(repo.manifest(v1)).isEqualTo(repo.manifest(leads));
        assertThatThrownBy(() -> repo.manifest(modelUri(tmp, "absent"))).isInstanceOf(ModelNotFoundException.class);
    }

    @Test
    void builderFromEnvironmentTakesTheCacheFolderPropertyOverTheVariable() {
        var props = new java.util.Properties();
        props.setProperty("modeldeploy.cache.dir", tmp.resolve("from-property").toString());
        Map<String, String> env = Map.of("MODELDEPLOY_CACHE_DIR", tmp.resolve("from-env").toString());
        try (ModelRepository fromProperty = DefaultModelRepository.builderFromEnvironment(env, props).build();
             ModelRepository fromEnv = DefaultModelRepository.builderFromEnvironment(env, new java.util.Properties()).build();
             ModelRepository overridden = DefaultModelRepository.builderFromEnvironment(env, props)
                     .cacheDirectory(tmp.resolve("explicit")).build()) {
            assertThat(fromProperty.cache().directory()).isEqualTo(tmp.resolve("from-property").toAbsolutePath());
            assertThat(fromEnv.cache().directory()).isEqualTo(tmp.resolve("from-env").toAbsolutePath());
            assertThat(overridden.cache().directory()).isEqualTo(tmp.resolve("explicit").toAbsolutePath());
        }
        assertThatThrownBy(() -> DefaultModelRepository.builderFromEnvironment(Map.of("MODELDEPLOY_CACHE_MAX_BYTES", "lots"),
                new java.util.Properties())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lots");
    }

    private static void flipByte(Path file, int index) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        bytes[index] ^= 0x5a;
        Files.write(file, bytes);
    }
}

package dev.modeldeploy.api.repository;

import dev.modeldeploy.api.Model;
import dev.modeldeploy.api.error.AliasNotFoundException;
import dev.modeldeploy.api.error.InvalidModelUriException;
import dev.modeldeploy.api.error.ModelNotFoundException;
import dev.modeldeploy.api.error.VersionAlreadyExistsException;
import dev.modeldeploy.api.error.VersionInUseException;
import dev.modeldeploy.api.error.VersionNotFoundException;
import dev.modeldeploy.api.store.ModelStore;
import dev.modeldeploy.api.testing.WeightedSumModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The remote protocol as every store backend must serve it: publish and load, versions, aliases,
 * concurrent publishers, crashed publishers, deletion rules and clear errors. Backend modules extend
 * this class (it ships in model-api's test jar) and say where a fresh store lives.
 */
public abstract class ModelRepositoryContract {
    @TempDir
    protected Path tmp;
    protected ModelRepository repo;
    protected URI leads;
    private int caches;

    /** The root URI of a fresh, empty store, e.g. {@code s3://bucket/run-42}. Called once per test. */
    protected abstract URI storeRoot() throws Exception;

    /** A raw store client at {@link #storeRoot()}, to play a crashed publisher. */
    protected abstract ModelStore rawStore(URI root) throws Exception;

    /** Backend configuration (endpoints, credentials, retries) for a repository builder. */
    protected ModelRepository.Builder configure(ModelRepository.Builder builder) {
        return builder;
    }

    private URI root;

    @BeforeEach
    void openRepository() throws Exception {
        root = storeRoot();
        repo = freshRepository();
        leads = URI.create(root.toString().replaceAll("/$", "") + "/lead-scoring");
    }

    @AfterEach
    void closeRepository() {
        repo.close();
    }

    /** A repository with its own empty cache, so its first load of anything downloads. */
    protected ModelRepository freshRepository() {
        return configure(ModelRepository.builder().cacheDirectory(tmp.resolve("cache-" + caches++))).build();
    }

    protected static WeightedSumModel model(float bias) {
        Map<String, Float> weights = new LinkedHashMap<>();
        weights.put("visits", 0.5f);
        weights.put("emails", 2f);
        return WeightedSumModel.of("lead-scoring", weights, bias);
    }

    protected static double scoreAtZero(Model<?, ?, ?> model) {
        return ((WeightedSumModel) model).predictRecord(Map.of("visits", 0, "emails", 0));
    }

    private double loadAndScore(ModelRepository r, URI uri) {
        try (Model<?, ?, ?> m = r.load(uri)) {
            return scoreAtZero(m);
        }
    }

    @Test
    void publishAndLoadRoundTrip() {
        URI v1 = repo.publish(model(1.5f), leads, PublishOptions.builder().description("first").tags(Map.of("team", "growth")).build());
        assertThat(v1).isEqualTo(URI.create(leads + "/1"));
        try (ModelRepository other = freshRepository(); Model<?, ?, ?> m = other.load(v1)) {
            assertThat(m.info().name()).isEqualTo("lead-scoring");
            assertThat(m.info().version()).isEqualTo(1);
            assertThat(m.info().description()).isEqualTo("first");
            assertThat(m.info().tags()).containsEntry("team", "growth");
            assertThat(scoreAtZero(m)).isEqualTo(1.5);
            assertThat(((WeightedSumModel) m).predictRecord(Map.of("visits", 2, "emails", 1))).isEqualTo(1.5 + 1 + 2);
        }
    }

    @Test
    void versionsLatestAndExplicitVersions() {
        repo.publish(model(1f), leads, PublishOptions.defaults());
        repo.publish(model(2f), leads, PublishOptions.defaults());
        assertThat(loadAndScore(repo, leads)).isEqualTo(2.0);
        assertThat(repo.publish(model(5f), leads, PublishOptions.builder().version(5).build())).isEqualTo(URI.create(leads + "/5"));
        assertThatThrownBy(() -> repo.publish(model(6f), leads, PublishOptions.builder().version(5).build()))
                .isInstanceOf(VersionAlreadyExistsException.class);
        assertThat(repo.publish(model(6f), leads, PublishOptions.defaults())).isEqualTo(URI.create(leads + "/6"));
        assertThat(repo.versions(leads)).extracting(ModelVersion::version).containsExactly(1, 2, 5, 6);
        try (ModelRepository other = freshRepository()) {
            assertThat(loadAndScore(other, leads)).isEqualTo(6.0);
            assertThat(loadAndScore(other, URI.create(leads + "/2"))).isEqualTo(2.0);
        }
    }

    @Test
    void aliasesMoveAndRollBack() {
        repo.publish(model(1f), leads, PublishOptions.defaults());
        repo.publish(model(2f), leads, PublishOptions.defaults());
        URI production = URI.create(leads + "@production");
        assertThat(repo.setAlias(production, 2)).isEmpty();
        try (ModelRepository reader = freshRepository()) {
            assertThat(loadAndScore(reader, production)).isEqualTo(2.0);
            assertThat(repo.setAlias(production, 1)).hasValue(2);
            // The same reader sees the rollback on its next resolve: aliases are never cached.
            assertThat(loadAndScore(reader, production)).isEqualTo(1.0);
        }
        assertThat(repo.aliases(leads)).containsExactly(Map.entry("production", 1));
        assertThat(repo.deleteAlias(production)).isTrue();
        assertThatThrownBy(() -> repo.load(production)).isInstanceOf(AliasNotFoundException.class);
    }

    @Test
    void concurrentPublishersGetDistinctVersions() throws Exception {
        int publishers = 6;
        ExecutorService pool = Executors.newFixedThreadPool(publishers);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<URI>> results = new ArrayList<>();
            for (int i = 0; i < publishers; i++) {
                float bias = 10 + i;
                results.add(pool.submit(() -> {
                    start.await();
                    try (ModelRepository own = freshRepository()) {
                        return own.publish(model(bias), leads, PublishOptions.builder().tags(Map.of("bias", Float.toString(bias))).build());
                    }
                }));
            }
            start.countDown();
            Set<URI> uris = new HashSet<>();
            for (Future<URI> f : results) {
                uris.add(f.get());
            }
            assertThat(uris).hasSize(publishers);
            List<ModelVersion> versions = repo.versions(leads);
            assertThat(versions).extracting(ModelVersion::version).containsExactly(1, 2, 3, 4, 5, 6);
            for (ModelVersion v : versions) {
                // Each version holds exactly what its publisher published, never a mix.
                assertThat(loadAndScore(repo, v.uri())).isEqualTo(Double.parseDouble(v.info().tags().get("bias")));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aCrashedPublishersClaimIsInvisibleAndSkipped() throws Exception {
        repo.publish(model(1f), leads, PublishOptions.defaults());
        try (ModelStore raw = rawStore(root)) {
            assertThat(raw.createIfAbsent("lead-scoring/2/CLAIM", "{}".getBytes(StandardCharsets.UTF_8))).isTrue();
        }
        assertThat(repo.resolve(leads).version()).isEqualTo(1);
        assertThatThrownBy(() -> repo.load(URI.create(leads + "/2"))).isInstanceOf(VersionNotFoundException.class)
                .hasMessageContaining("never completed");
        assertThat(repo.publish(model(3f), leads, PublishOptions.defaults())).isEqualTo(URI.create(leads + "/3"));
        assertThat(repo.versions(leads)).extracting(ModelVersion::version).containsExactly(1, 3);
    }

    @Test
    void deletionRules() {
        repo.publish(model(1f), leads, PublishOptions.defaults());
        repo.publish(model(2f), leads, PublishOptions.defaults());
        URI v1 = URI.create(leads + "/1");
        repo.setAlias(URI.create(leads + "@production"), 1);
        assertThatThrownBy(() -> repo.deleteVersion(v1)).isInstanceOf(VersionInUseException.class);
        repo.setAlias(URI.create(leads + "@production"), 2);
        repo.deleteVersion(v1);
        assertThat(repo.versions(leads)).extracting(ModelVersion::version).containsExactly(2);
        try (ModelRepository other = freshRepository()) {
            assertThatThrownBy(() -> other.load(v1)).isInstanceOf(VersionNotFoundException.class);
        }
        assertThatThrownBy(() -> repo.deleteVersion(v1)).isInstanceOf(VersionNotFoundException.class);
        assertThat(repo.publish(model(3f), leads, PublishOptions.defaults())).isEqualTo(URI.create(leads + "/3"));
    }

    @Test
    void missingModelVersionAndAlias() {
        assertThatThrownBy(() -> repo.load(leads)).isInstanceOf(ModelNotFoundException.class);
        assertThatThrownBy(() -> repo.load(URI.create(leads + "/4"))).isInstanceOf(ModelNotFoundException.class);
        assertThatThrownBy(() -> repo.load(URI.create(leads + "@production"))).isInstanceOf(ModelNotFoundException.class);
        assertThat(repo.versions(leads)).isEmpty();
        repo.publish(model(1f), leads, PublishOptions.defaults());
        assertThatThrownBy(() -> repo.load(URI.create(leads + "/4"))).isInstanceOf(VersionNotFoundException.class);
        assertThatThrownBy(() -> repo.load(URI.create(leads + "@production"))).isInstanceOf(AliasNotFoundException.class);
        assertThatThrownBy(() -> repo.setAlias(URI.create(leads + "@production"), 4)).isInstanceOf(VersionNotFoundException.class);
        assertThatThrownBy(() -> repo.load(URI.create(leads + "@9"))).isInstanceOf(InvalidModelUriException.class);
    }

    @Test
    void aSecondLoadOfAVersionIsServedFromTheCache() {
        URI v1 = repo.publish(model(1f), leads, PublishOptions.defaults());
        try (ModelRepository reader = freshRepository()) {
            assertThat(loadAndScore(reader, v1)).isEqualTo(1.0);
            // Deleting the version from the store does not affect an already cached version URI.
            repo.deleteVersion(v1);
            assertThat(loadAndScore(reader, v1)).isEqualTo(1.0);
        }
    }
}

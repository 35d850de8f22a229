package dev.modeldeploy.storage.s3;

import dev.modeldeploy.api.Model;
import dev.modeldeploy.api.error.IntegrityException;
import dev.modeldeploy.api.error.StoreException;
import dev.modeldeploy.api.repository.ModelRepository;
import dev.modeldeploy.api.repository.ModelVersion;
import dev.modeldeploy.api.repository.PublishOptions;
import dev.modeldeploy.api.store.StoreSettings;
import dev.modeldeploy.api.testing.WeightedSumModel;
import dev.modeldeploy.storage.s3.FaultInjectingProxy.Outcome;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Publishing and loading through S3 when bytes are tampered with and when the network fails. */
class S3RepositoryTest {
    private static final long MIB = 1 << 20;

    @TempDir
    Path tmp;
    // With this seed the schedule also fails the first try of two of the archive's three parts.
    @RegisterExtension
    final ProxiedBucket s3 = new ProxiedBucket(14L);
    private URI leads;
    private int caches;

    @BeforeEach
    void modelUri() {
        leads = URI.create("s3://" + s3.bucket() + "/models/lead-scoring");
    }

    /** A repository with its own empty cache, reaching S3 through the proxy. */
    private ModelRepository repository(int maxAttempts) {
        StoreSettings settings = StoreSettings.empty()
                .with(S3StoreConfig.ENDPOINT, s3.proxy().endpoint().toString())
                .with(S3StoreConfig.MAX_ATTEMPTS, Integer.toString(maxAttempts))
                .with(S3StoreConfig.PART_SIZE_BYTES, Long.toString(5 * MIB));
        return ModelRepository.builder().cacheDirectory(tmp.resolve("cache-" + caches++)).storeSettings(settings).build();
    }

    private static WeightedSumModel model(float bias) {
        return WeightedSumModel.of("lead-scoring", Map.of("visits", 0.5f, "emails", 2f), bias);
    }

    private static double score(Model<?, ?, ?> model) {
        return ((WeightedSumModel) model).predictRecord(Map.of("visits", 2, "emails", 1));
    }

    /** An incompressible payload, so that the archive is as large as the file. */
    private Path payload(long bytes) throws IOException {
        return TestFiles.incompressible(tmp.resolve("payload-" + bytes + ".bin"), bytes);
    }

    @Test
    void aTamperedArchiveInTheBucketIsRefused() throws Exception {
        URI v1;
        try (ModelRepository publisher = repository(3)) {
            v1 = publisher.publish(model(1f), leads, PublishOptions.defaults());
        }
        String archiveKey = "lead-scoring/1/bundle.tar.zst";
        try (S3ModelStore raw = S3ModelStore.open(URI.create("s3://" + s3.bucket() + "/models"), s3.server().config().build())) {
            // Same size, one byte changed: only the checksum can tell.
            byte[] archive = raw.read(archiveKey).orElseThrow();
            archive[archive.length / 2] ^= 0x01;
            Path tampered = tmp.resolve("tampered.tar.zst");
            Files.write(tampered, archive);
            raw.upload(archiveKey, tampered);
        }
        try (ModelRepository reader = repository(3)) {
            assertThatThrownBy(() -> reader.load(v1))
                    .isInstanceOf(IntegrityException.class)
                    .hasMessageContaining("sha256");
            assertThat(reader.cache().size()).as("nothing tampered enters the cache").isZero();
        }
    }

    @Test
    void publishAndLoadSucceedWhenOneRequestInFiveFails() throws Exception {
        s3.proxy().failing(0.2);
        Path payload = payload(12 * MIB);
        URI v1;
        URI v2;
        try (ModelRepository publisher = repository(10)) {
            v1 = publisher.publish(model(1f).withPayload(payload), leads, PublishOptions.defaults());
            v2 = publisher.publish(model(2f), leads, PublishOptions.defaults());
            publisher.setAlias(URI.create(leads + "@production"), 1);
        }
        assertThat(v1).isEqualTo(URI.create(leads + "/1"));
        assertThat(v2).isEqualTo(URI.create(leads + "/2"));
        try (ModelRepository reader = repository(10)) {
            assertThat(reader.versions(leads)).extracting(ModelVersion::version).containsExactly(1, 2);
            try (Model<?, ?, ?> production = reader.load(URI.create(leads + "@production"));
                 Model<?, ?, ?> latest = reader.load(leads)) {
                assertThat(score(production)).isEqualTo(1 + 1 + 2);
                assertThat(score(latest)).isEqualTo(2 + 1 + 2);
                Path loadedPayload = ((WeightedSumModel) production).payload().orElseThrow();
                assertThat(Files.mismatch(payload, loadedPayload)).isEqualTo(-1L);
            }
        }
        assertThat(s3.proxy().count(Outcome.SERVICE_UNAVAILABLE)).as("503s injected").isPositive();
        assertThat(s3.proxy().count(Outcome.DROPPED)).as("connections dropped").isPositive();
        assertThat(s3.proxy().exchanges().stream().filter(e -> e.outcome() != Outcome.FORWARDED && e.request().hasQueryParameter("partNumber")))
                .as("failed part uploads").isNotEmpty();
    }

    @Test
    void whenEveryRequestFailsNothingIsPublishedAndTheErrorSaysWhy() {
        try (ModelRepository publisher = repository(3)) {
            publisher.publish(model(1f), leads, PublishOptions.defaults());
        }
        s3.proxy().failing(1.0);
        try (ModelRepository publisher = repository(3)) {
            assertThatThrownBy(() -> publisher.publish(model(2f), leads, PublishOptions.defaults()))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining(leads.toString())
                    .hasMessageContaining("after 3 attempts");
        }
        try (ModelRepository reader = repository(3)) {
            assertThatThrownBy(() -> reader.load(leads))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("cannot read " + leads)
                    .hasMessageContaining("after 3 attempts");
        }
        s3.proxy().failing(0);
        try (ModelRepository reader = repository(3); Model<?, ?, ?> latest = reader.load(leads)) {
            assertThat(reader.versions(leads)).extracting(ModelVersion::version).containsExactly(1);
            assertThat(score(latest)).isEqualTo(1 + 1 + 2);
        }
    }

    @Test
    void whenTheArchiveCannotBeUploadedTheClaimedVersionStaysInvisible() throws Exception {
        try (ModelRepository publisher = repository(3)) {
            publisher.publish(model(1f), leads, PublishOptions.defaults());
        }
        // Claims, listings and reads go through; every part of the archive fails.
        s3.proxy().failing(1.0).onlyFor(r -> r.method().equals("PUT") && r.path().endsWith("/bundle.tar.zst"));
        Path payload = payload(12 * MIB);
        try (ModelRepository publisher = repository(3)) {
            assertThatThrownBy(() -> publisher.publish(model(2f).withPayload(payload), leads, PublishOptions.defaults()))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("cannot publish " + leads + "/2")
                    .hasMessageContaining("stays claimed and invisible");
        }
        s3.proxy().failing(0);
        try (ModelRepository reader = repository(3);
             S3Client raw = S3Clients.sync(s3.server().config().build())) {
            assertThat(reader.versions(leads)).extracting(ModelVersion::version).containsExactly(1);
            assertThat(reader.resolve(leads).version()).isEqualTo(1);
            assertThat(raw.listMultipartUploads(b -> b.bucket(s3.bucket())).uploads()).as("aborted upload").isEmpty();
            assertThat(raw.listObjectsV2(b -> b.bucket(s3.bucket()).prefix("models/lead-scoring/2/")).contents())
                    .extracting(o -> o.key()).containsExactly("models/lead-scoring/2/CLAIM");
            // The next publisher skips the dead claim.
            assertThat(reader.publish(model(3f), leads, PublishOptions.defaults())).isEqualTo(URI.create(leads + "/3"));
        }
    }
}

package dev.modeldeploy.storage.gcs;

import dev.modeldeploy.api.Model;
import dev.modeldeploy.api.error.StoreException;
import dev.modeldeploy.api.repository.ModelRepository;
import dev.modeldeploy.api.repository.ModelVersion;
import dev.modeldeploy.api.repository.PublishOptions;
import dev.modeldeploy.api.testing.WeightedSumModel;
import dev.modeldeploy.storage.gcs.testserver.FaultSchedule;
import dev.modeldeploy.storage.gcs.testserver.FaultSchedule.Fault;
import dev.modeldeploy.storage.gcs.testserver.GcsServerExtension;
import dev.modeldeploy.storage.gcs.testserver.GcsTestServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Publishing and loading through a server that fails a share of requests on a seeded schedule: 503s,
 * connections dropped before or after the request is served, downloads cut off halfway.
 */
class GcsFaultInjectionTest {
    private static final Fault[] ALL_FAULTS = {Fault.SERVICE_UNAVAILABLE, Fault.DROP_BEFORE, Fault.DROP_AFTER, Fault.TRUNCATE};

    @TempDir
    Path tmp;
    @RegisterExtension
    final GcsServerExtension gcs = new GcsServerExtension();
    GcsTestServer server;
    URI leads;
    Path payload;
    private int caches;

    @BeforeEach
    void start() throws IOException {
        server = gcs.server();
        leads = URI.create("gs://" + TestGcs.freshBucket(server) + "/ml/lead-scoring");
        // A payload of a few chunks, so that uploads and downloads take several requests each.
        byte[] bytes = new byte[1_200_000];
        new Random(11).nextBytes(bytes);
        payload = Files.write(tmp.resolve("payload.bin"), bytes);
    }


    private ModelRepository repository(int maxAttempts) {
        return ModelRepository.builder().cacheDirectory(tmp.resolve("cache-" + caches++))
                .storeSettings(TestGcs.settings(server, maxAttempts).with(GcsStoreConfig.CHUNK_SIZE_BYTES, Integer.toString(256 * 1024)))
                .build();
    }

    private WeightedSumModel model(float bias) {
        Map<String, Float> weights = new LinkedHashMap<>();
        weights.put("visits", 0.5f);
        weights.put("emails", 2f);
        return WeightedSumModel.of("lead-scoring", weights, bias).withPayload(payload);
    }

    private static double score(ModelRepository repo, URI uri) {
        try (Model<?, ?, ?> m = repo.load(uri)) {
            return ((WeightedSumModel) m).predictRecord(Map.of("visits", 2, "emails", 1));
        }
    }

    @Test
    void withOneRequestInFiveFailingPublishAndLoadStillSucceed() {
        FaultSchedule faults = FaultSchedule.seeded(20240521L, 0.2, ALL_FAULTS);
        server.faults(faults);
        try (ModelRepository publisher = repository(12)) {
            URI v1 = publisher.publish(model(1f), leads, PublishOptions.defaults());
            URI v2 = publisher.publish(model(2f), leads, PublishOptions.defaults());
            assertThat(publisher.setAlias(URI.create(leads + "@production"), 1)).isEmpty();
            assertThat(v1).isEqualTo(URI.create(leads + "/1"));
            assertThat(v2).isEqualTo(URI.create(leads + "/2"));
            for (int reader = 0; reader < 3; reader++) {
                try (ModelRepository fresh = repository(12)) {
                    assertThat(score(fresh, leads)).isEqualTo(2 + 1 + 2.0);
                    assertThat(score(fresh, URI.create(leads + "@production"))).isEqualTo(2 + 1 + 1.0);
                    assertThat(fresh.versions(leads)).extracting(ModelVersion::version).containsExactly(1, 2);
                }
            }
        }
        assertThat(faults.injected()).as("faults injected").isGreaterThanOrEqualTo(10);
        assertThat(server.requests()).anyMatch(r -> r.endsWith("dropped after"))
                .anyMatch(r -> r.endsWith("503 injected")).anyMatch(r -> r.endsWith("dropped before"));
    }

    @Test
    void withEveryRequestFailingPublishAndLoadFailClearlyAndNothingHalfPublishedIsVisible() {
        try (ModelRepository publisher = repository(4)) {
            publisher.publish(model(1f), leads, PublishOptions.defaults());
        }
        server.faults(FaultSchedule.seeded(99, 1.0, Fault.SERVICE_UNAVAILABLE, Fault.DROP_BEFORE));
        try (ModelRepository publisher = repository(4)) {
            assertThatThrownBy(() -> publisher.publish(model(2f), leads, PublishOptions.defaults()))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining(leads.toString())
                    .hasMessageContaining("gave up after up to 4 attempts");
        }
        try (ModelRepository reader = repository(4)) {
            assertThatThrownBy(() -> reader.load(leads))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining(leads.toString())
                    .hasMessageContaining("gave up after up to 4 attempts");
        }
        server.faults(FaultSchedule.none());
        try (ModelRepository reader = repository(4)) {
            assertThat(reader.versions(leads)).extracting(ModelVersion::version).containsExactly(1);
            assertThat(score(reader, leads)).isEqualTo(2 + 1 + 1.0);
        }
    }

    @Test
    void anArchiveUploadThatKeepsFailingLeavesOnlyAnInvisibleClaim() {
        try (ModelRepository publisher = repository(3)) {
            publisher.publish(model(1f), leads, PublishOptions.defaults());
            server.faults(FaultSchedule.seeded(5, 1.0, ALL_FAULTS).onlyFor(line -> line.contains("uploadType=resumable")));
            assertThatThrownBy(() -> publisher.publish(model(2f), leads, PublishOptions.defaults()))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining(leads + "/2")
                    .hasMessageContaining("stays claimed and invisible");
            server.faults(FaultSchedule.none());
            assertThat(server.objectNames(leads.getHost(), "ml/lead-scoring/2/")).containsExactly("ml/lead-scoring/2/CLAIM");
            assertThat(publisher.versions(leads)).extracting(ModelVersion::version).containsExactly(1);
            assertThat(publisher.publish(model(3f), leads, PublishOptions.defaults())).isEqualTo(URI.create(leads + "/3"));
        }
        try (ModelRepository reader = repository(3)) {
            assertThat(score(reader, leads)).isEqualTo(2 + 1 + 3.0);
        }
    }
}

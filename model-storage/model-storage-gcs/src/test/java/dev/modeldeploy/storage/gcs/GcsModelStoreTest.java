package dev.modeldeploy.storage.gcs;

import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import dev.modeldeploy.api.error.IntegrityException;
import dev.modeldeploy.api.error.StoreException;
import dev.modeldeploy.api.store.StoreSettings;
import dev.modeldeploy.storage.gcs.testserver.FaultSchedule;
import dev.modeldeploy.storage.gcs.testserver.FaultSchedule.Fault;
import dev.modeldeploy.storage.gcs.testserver.GcsServerExtension;
import dev.modeldeploy.storage.gcs.testserver.GcsTestServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the GCS store does beyond the common contract: the protocol details, checksums and errors. */
class GcsModelStoreTest {
    private static final int CHUNK = 256 * 1024;

    @TempDir
    Path tmp;
    @RegisterExtension
    final GcsServerExtension gcs = new GcsServerExtension();
    GcsTestServer server;
    String bucket;
    URI root;

    @BeforeEach
    void start() throws IOException {
        server = gcs.server();
        bucket = TestGcs.freshBucket(server);
        root = URI.create("gs://" + bucket + "/ml");
    }


    private GcsModelStore store(GcsStoreConfig.Builder config) {
        return GcsModelStore.open(root, config.build());
    }

    private GcsStoreConfig.Builder config() {
        return TestGcs.config(server, 3).toBuilder();
    }

    private Path randomFile(String name, int size, long seed) throws IOException {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return Files.write(tmp.resolve(name), bytes);
    }

    private long count(String fragment) {
        return server.requests().stream().filter(r -> r.contains(fragment)).count();
    }

    @Test
    void largeFilesGoUpInAResumableUploadOfManyChunks() throws Exception {
        Path source = randomFile("archive.bin", 5 * CHUNK + 12_345, 1);
        try (GcsModelStore store = store(config().chunkSizeBytes(CHUNK))) {
            store.upload("m/1/bundle.tar.zst", source);
            assertThat(count("uploadType=resumable -> 200")).as("session starts").isEqualTo(1);
            assertThat(count("upload_id=")).as("chunk requests").isEqualTo(6);
            assertThat(server.requests()).filteredOn(r -> r.contains("upload_id=") && r.endsWith("-> 308"))
                    .as("intermediate chunks answered 308").hasSize(5);
            Path back = tmp.resolve("back.bin");
            assertThat(store.download("m/1/bundle.tar.zst", back)).isTrue();
            assertThat(Files.mismatch(source, back)).isEqualTo(-1L);
        }
    }

    @Test
    void anUnfinishedUploadNeverBecomesVisible() throws Exception {
        Path source = randomFile("archive.bin", 4 * CHUNK, 2);
        AtomicInteger chunks = new AtomicInteger();
        // The first two chunks go through; every later chunk request fails, retries included.
        server.faults(FaultSchedule.seeded(7, 1.0, Fault.SERVICE_UNAVAILABLE)
                .onlyFor(line -> line.startsWith("PUT") && line.contains("upload_id=") && chunks.incrementAndGet() > 2));
        try (GcsModelStore store = store(config().chunkSizeBytes(CHUNK))) {
            assertThatThrownBy(() -> store.upload("m/1/bundle.tar.zst", source))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("gs://" + bucket + "/ml/m/1/bundle.tar.zst")
                    .hasMessageContaining("503")
                    .hasMessageNotContaining("upload_id=");
            assertThat(server.objectNames(bucket, "")).isEmpty();
            assertThat(store.list("m/")).isEmpty();
            assertThat(store.read("m/1/bundle.tar.zst")).isEmpty();
        }
    }

    @Test
    void listingFollowsPageTokens() throws Exception {
        try (GcsModelStore store = store(config().listPageSize(3))) {
            List<String> keys = new ArrayList<>();
            for (int v = 1; v <= 10; v++) {
                keys.add("lead-scoring/" + v + "/MODEL.json");
                store.write(keys.get(keys.size() - 1), "{}".getBytes(StandardCharsets.UTF_8));
            }
            store.write("lead-scoring-v2/1/MODEL.json", "{}".getBytes(StandardCharsets.UTF_8));
            assertThat(store.list("lead-scoring/")).containsExactlyInAnyOrderElementsOf(keys);
            assertThat(count("maxResults=3")).as("list pages").isEqualTo(4);
            assertThat(count("pageToken=")).as("follow-up pages").isEqualTo(3);
        }
    }

    @Test
    void createOnlyWritesSendIfGenerationMatchZeroAndAnswer412WithFalse() throws Exception {
        try (GcsModelStore store = store(config())) {
            assertThat(store.createIfAbsent("m/1/CLAIM", "first".getBytes(StandardCharsets.UTF_8))).isTrue();
            assertThat(store.createIfAbsent("m/1/CLAIM", "second".getBytes(StandardCharsets.UTF_8))).isFalse();
            assertThat(server.requests()).filteredOn(r -> r.contains("ifGenerationMatch=0"))
                    .extracting(r -> r.substring(r.lastIndexOf("-> ") + 3)).containsExactly("200", "412");
            assertThat(new String(store.read("m/1/CLAIM").orElseThrow(), StandardCharsets.UTF_8)).isEqualTo("first");
        }
    }

    @Test
    void aCreateWhoseAnswerWasLostIsStillRecognisedAsOurs() throws Exception {
        // The first create is committed, then its connection drops: the client retries and meets 412.
        AtomicInteger creates = new AtomicInteger();
        server.faults(FaultSchedule.seeded(3, 1.0, Fault.DROP_AFTER)
                .onlyFor(line -> line.contains("ifGenerationMatch=0") && creates.incrementAndGet() == 1));
        try (GcsModelStore store = store(config())) {
            assertThat(store.createIfAbsent("m/1/CLAIM", "mine".getBytes(StandardCharsets.UTF_8))).isTrue();
            assertThat(count("ifGenerationMatch=0")).isEqualTo(2);
            assertThat(count("-> 412")).isEqualTo(1);
            // Someone else's object is still someone else's.
            assertThat(store.createIfAbsent("m/1/CLAIM", "mine again".getBytes(StandardCharsets.UTF_8))).isFalse();
        }
    }

    @ParameterizedTest(name = "stored-content headers sent: {0}")
    @ValueSource(booleans = {true, false})
    void corruptedDownloadsAreDetected(boolean storedContentHeaders) throws Exception {
        // With the headers GCS sends, the client skips its own check and the store's catches the
        // corruption; without them, the client's check fires first. Either way: a clear integrity error.
        server.storedContentHeaders(storedContentHeaders);
        Path source = randomFile("archive.bin", 3 * CHUNK, 3);
        try (GcsModelStore store = store(config().chunkSizeBytes(CHUNK))) {
            store.upload("m/1/bundle.tar.zst", source);
            store.write("m/@production", "{\"version\":1}".getBytes(StandardCharsets.UTF_8));
            server.corruptDownloads(true);
            Path target = tmp.resolve("downloaded.bin");
            assertThatThrownBy(() -> store.download("m/1/bundle.tar.zst", target))
                    .isInstanceOf(IntegrityException.class)
                    .hasMessageContaining("gs://" + bucket + "/ml/m/1/bundle.tar.zst")
                    .satisfies(e -> assertThat(e.getMessage().toLowerCase(java.util.Locale.ROOT)).contains("crc32c"));
            assertThat(target).doesNotExist();
            assertThatThrownBy(() -> store.read("m/@production"))
                    .isInstanceOf(IntegrityException.class)
                    .hasMessageContaining("gs://" + bucket + "/ml/m/@production");
            server.corruptDownloads(false);
            assertThat(store.download("m/1/bundle.tar.zst", target)).isTrue();
            assertThat(Files.mismatch(source, target)).isEqualTo(-1L);
        }
    }

    @Test
    void uploadsCorruptedOnTheWayAreRefusedAndNeverVisible() throws Exception {
        Path source = randomFile("archive.bin", 2 * CHUNK + 77, 4);
        server.corruptUploads(true);
        try (GcsModelStore store = store(config().chunkSizeBytes(CHUNK))) {
            assertThatThrownBy(() -> store.upload("m/1/bundle.tar.zst", source))
                    .isInstanceOf(IntegrityException.class)
                    .hasMessageContaining("gs://" + bucket + "/ml/m/1/bundle.tar.zst");
            assertThat(count("uploadType=resumable -> 200")).isEqualTo(1);
            assertThat(server.requests()).last().asString().endsWith("-> 400");
            assertThat(server.objectNames(bucket, "")).isEmpty();
        }
    }

    @Test
    void interruptedDownloadsResumeWithARangeAndStillVerify() throws Exception {
        Path source = randomFile("archive.bin", 6 * CHUNK, 5);
        try (GcsModelStore store = store(config().chunkSizeBytes(CHUNK))) {
            store.upload("m/1/bundle.tar.zst", source);
            AtomicInteger media = new AtomicInteger();
            server.faults(FaultSchedule.seeded(5, 1.0, Fault.TRUNCATE)
                    .onlyFor(line -> line.contains("alt=media") && media.incrementAndGet() == 1));
            Path target = tmp.resolve("downloaded.bin");
            assertThat(store.download("m/1/bundle.tar.zst", target)).isTrue();
            assertThat(Files.mismatch(source, target)).isEqualTo(-1L);
            assertThat(server.requests()).anyMatch(r -> r.contains("alt=media") && r.endsWith("-> 206"));
        }
    }

    @Test
    void aMissingBucketIsAClearErrorNamingIt() throws Exception {
        root = URI.create("gs://no-such-bucket/ml");
        try (GcsModelStore store = store(config())) {
            assertThatThrownBy(() -> store.read("m/@production")).isInstanceOf(StoreException.class)
                    .hasMessageContaining("bucket 'no-such-bucket' does not exist").hasMessageContaining("gs://no-such-bucket/ml/m/@production");
            assertThatThrownBy(() -> store.list("m/")).isInstanceOf(StoreException.class)
                    .hasMessageContaining("bucket 'no-such-bucket' does not exist");
            assertThatThrownBy(() -> store.createIfAbsent("m/1/CLAIM", new byte[1])).isInstanceOf(StoreException.class)
                    .hasMessageContaining("bucket 'no-such-bucket' does not exist").hasMessageContaining("HTTP 404");
            assertThatThrownBy(() -> store.upload("m/1/bundle.tar.zst", randomFile("a.bin", 10, 6))).isInstanceOf(StoreException.class)
                    .hasMessageContaining("bucket 'no-such-bucket' does not exist");
        }
    }

    @Test
    void refusedAccessIsAClearErrorWithoutTheCredentials() throws Exception {
        String token = "ya29.test-token-that-must-stay-secret";
        server.denyAccess(bucket);
        GcsStoreConfig config = config().build();
        // A client that sends a bearer token, as one with Application Default Credentials would.
        var storage = GcsClients.options(config).toBuilder()
                .setCredentials(GoogleCredentials.create(new AccessToken(token, null))).build().getService();
        try (GcsModelStore store = new GcsModelStore(GcsLocation.parse(root), config, storage)) {
            assertThatThrownBy(() -> store.read("m/@production"))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("access to gs://" + bucket + "/ml/m/@production denied")
                    .hasMessageContaining("HTTP 403")
                    .satisfies(e -> assertThat(fullText(e)).doesNotContain(token));
            assertThatThrownBy(() -> store.write("m/@production", new byte[1]))
                    .isInstanceOf(StoreException.class)
                    .satisfies(e -> assertThat(fullText(e)).doesNotContain(token));
        }
        assertThat(server.authorizedRequests()).as("requests that carried the token").isPositive();
    }

    private static String fullText(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = e; c != null; c = c.getCause()) {
            sb.append(c).append('\n');
        }
        return sb.toString();
    }

    @Test
    void theEmulatorVariableAloneIsEnough() throws Exception {
        GcsStoreConfig fromEnvironment = GcsStoreConfig.from(StoreSettings.empty().with("gcs.maxAttempts", "2"),
                Map.of("STORAGE_EMULATOR_HOST", server.host().substring("http://".length())));
        try (GcsModelStore store = GcsModelStore.open(root, fromEnvironment)) {
            store.write("m/@production", "{\"version\":3}".getBytes(StandardCharsets.UTF_8));
            assertThat(store.read("m/@production")).hasValueSatisfying(b -> assertThat(new String(b, StandardCharsets.UTF_8)).contains("3"));
        }
        assertThat(server.authorizedRequests()).isZero();
    }

    @Test
    void objectNamesArePercentEncodedOnTheWireAndKeptExact() throws Exception {
        try (GcsModelStore store = store(config())) {
            String key = "lead scoring+v2/@prod ü";
            store.write(key, new byte[] {42});
            assertThat(server.objectNames(bucket, "")).containsExactly("ml/" + key);
            assertThat(store.list("lead scoring+v2/")).containsExactly(key);
            assertThat(store.read(key)).hasValueSatisfying(b -> assertThat(b).containsExactly(42));
            assertThat(store.delete(key)).isTrue();
        }
    }
}

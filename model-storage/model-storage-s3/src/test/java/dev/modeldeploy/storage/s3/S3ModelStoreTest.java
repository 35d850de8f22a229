package dev.modeldeploy.storage.s3;

import dev.modeldeploy.storage.s3.FaultInjectingProxy.Exchange;
import dev.modeldeploy.storage.s3.FaultInjectingProxy.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What only S3 has: multipart uploads, paginated listings, conditional writes, retries and S3's errors. */
class S3ModelStoreTest {
    private static final long MIB = 1 << 20;

    @TempDir
    Path tmp;
    @RegisterExtension
    final ProxiedBucket s3 = new ProxiedBucket(20240611L);

    /** A store reaching the server through the proxy. */
    private S3ModelStore store(S3StoreConfig.Builder config) {
        return S3ModelStore.open(URI.create("s3://" + s3.bucket() + "/models"), config.endpoint(s3.proxy().endpoint()).build());
    }

    private Path randomFile(String name, long bytes) throws IOException {
        return TestFiles.incompressible(tmp.resolve(name), bytes);
    }

    private List<Exchange> requests(String method, String queryParameter) {
        return s3.proxy().exchanges().stream()
                .filter(e -> e.request().method().equals(method) && e.request().hasQueryParameter(queryParameter)).toList();
    }

    @Test
    void largeFilesGoUpInPartsOfTheConfiguredSize() throws Exception {
        Path source = randomFile("model.bin", 23 * MIB);
        try (S3ModelStore store = store(S3TestServer.shared().config().partSizeBytes(5 * MIB))) {
            store.upload("m/1/bundle.tar.zst", source);
            assertThat(requests("POST", "uploads")).as("multipart uploads started").hasSize(1);
            assertThat(requests("PUT", "partNumber")).as("parts: 4 of 5 MiB and the 3 MiB rest")
                    .hasSize(5).allSatisfy(e -> assertThat(e.status()).isEqualTo(200));
            assertThat(requests("POST", "uploadId")).as("completions").hasSize(1);

            Path target = tmp.resolve("back.bin");
            assertThat(store.download("m/1/bundle.tar.zst", target)).isTrue();
            assertThat(Files.mismatch(source, target)).isEqualTo(-1L);
        }
    }

    @Test
    void smallFilesGoUpInOneRequest() throws Exception {
        Path source = randomFile("small.bin", 2 * MIB);
        try (S3ModelStore store = store(S3TestServer.shared().config().partSizeBytes(5 * MIB))) {
            store.upload("m/1/bundle.tar.zst", source);
            assertThat(requests("POST", "uploads")).isEmpty();
            assertThat(s3.proxy().exchanges()).singleElement().satisfies(e -> assertThat(e.request().method()).isEqualTo("PUT"));
            assertThat(store.read("m/1/bundle.tar.zst")).hasValueSatisfying(b -> assertThat(b).hasSize((int) (2 * MIB)));
        }
    }

    @Test
    void anUploadThatCannotCompleteLeavesNoObjectAndNoParts() throws Exception {
        Path source = randomFile("model.bin", 12 * MIB);
        s3.proxy().failing(1.0).onlyFor(r -> r.method().equals("POST") && r.hasQueryParameter("uploadId"))
                // A slow abort: the SDK's own, sent in the background once the upload has failed, would still be
                // on its way when the upload throws; the store's must be done by then.
                .delaying(r -> r.method().equals("DELETE") && r.hasQueryParameter("uploadId"), Duration.ofMillis(500));
        try (S3ModelStore store = store(S3TestServer.shared().config().partSizeBytes(5 * MIB).maxAttempts(2));
             S3Client raw = S3Clients.sync(S3TestServer.shared().config().build())) {
            assertThatThrownBy(() -> store.upload("m/1/bundle.tar.zst", source))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("cannot upload s3://" + s3.bucket() + "/models/m/1/bundle.tar.zst");
            assertThat(requests("PUT", "partNumber")).hasSize(3);
            assertThat(store.read("m/1/bundle.tar.zst")).isEmpty();
            assertThat(store.list("m/")).isEmpty();
            // The failed upload was aborted: no parts are left to be billed.
            assertThat(requests("DELETE", "uploadId")).isNotEmpty();
            assertThat(raw.listMultipartUploads(b -> b.bucket(s3.bucket())).uploads()).isEmpty();
        }
    }

    @Test
    void listingsFollowEveryPage() throws Exception {
        try (S3ModelStore store = store(S3TestServer.shared().config().listPageSize(7))) {
            for (int i = 0; i < 25; i++) {
                store.write("m/" + i + "/MODEL.json", "{}".getBytes(StandardCharsets.UTF_8));
            }
            store.write("other/1/MODEL.json", "{}".getBytes(StandardCharsets.UTF_8));
            assertThat(store.list("m/")).containsExactlyInAnyOrderElementsOf(
                    IntStream.range(0, 25).mapToObj(i -> "m/" + i + "/MODEL.json").toList());
            assertThat(requests("GET", "list-type")).as("pages of 7 keys").hasSize(4);
            assertThat(store.list("")).hasSize(26);
        }
    }

    @Test
    void createOnlyWritesAreConditionalRequests() throws Exception {
        try (S3ModelStore store = store(S3TestServer.shared().config())) {
            assertThat(store.createIfAbsent("m/1/CLAIM", "first".getBytes(StandardCharsets.UTF_8))).isTrue();
            assertThat(store.createIfAbsent("m/1/CLAIM", "second".getBytes(StandardCharsets.UTF_8))).isFalse();
            assertThat(s3.proxy().exchanges()).extracting(Exchange::status).containsExactly(200, 412);
            assertThat(store.read("m/1/CLAIM")).hasValueSatisfying(b -> assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo("first"));
        }
    }

    @Test
    void aCreateWhoseAnswerWasLostIsRecognisedAsOurs() throws Exception {
        AtomicBoolean first = new AtomicBoolean(true);
        s3.proxy().losingResponses(1.0).onlyFor(r -> r.method().equals("PUT") && first.getAndSet(false));
        try (S3ModelStore store = store(S3TestServer.shared().config())) {
            byte[] claim = "publisher-a".getBytes(StandardCharsets.UTF_8);
            assertThat(store.createIfAbsent("m/1/CLAIM", claim)).isTrue();
            assertThat(s3.proxy().exchanges()).extracting(Exchange::outcome, Exchange::status)
                    .startsWith(org.assertj.core.groups.Tuple.tuple(Outcome.RESPONSE_LOST, 200),
                            org.assertj.core.groups.Tuple.tuple(Outcome.FORWARDED, 412));
            // Without a lost answer, an existing key still means someone else won.
            assertThat(store.createIfAbsent("m/1/CLAIM", claim)).isFalse();
            assertThat(store.createIfAbsent("m/1/CLAIM", "publisher-b".getBytes(StandardCharsets.UTF_8))).isFalse();
        }
    }

    @Test
    void transientFailuresAreRetried() throws Exception {
        s3.proxy().failing(0.2);
        Path source = randomFile("model.bin", 23 * MIB);
        try (S3ModelStore store = store(S3TestServer.shared().config().partSizeBytes(5 * MIB).maxAttempts(10))) {
            for (int i = 0; i < 10; i++) {
                store.write("m/@alias-" + i, new byte[] {(byte) i});
            }
            store.upload("m/1/bundle.tar.zst", source);
            Path target = tmp.resolve("back.bin");
            assertThat(store.download("m/1/bundle.tar.zst", target)).isTrue();
            assertThat(Files.mismatch(source, target)).isEqualTo(-1L);
            assertThat(store.list("m/")).hasSize(11);
        }
        assertThat(s3.proxy().count(Outcome.SERVICE_UNAVAILABLE)).as("503s injected").isPositive();
        assertThat(s3.proxy().count(Outcome.DROPPED)).as("connections dropped").isPositive();
    }

    @Test
    void persistentFailuresNameTheObjectTheAttemptsAndTheCause() throws Exception {
        s3.proxy().failing(1.0);
        try (S3ModelStore store = store(S3TestServer.shared().config().maxAttempts(3))) {
            assertThatThrownBy(() -> store.read("m/1/MODEL.json"))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("cannot read s3://" + s3.bucket() + "/models/m/1/MODEL.json")
                    .hasMessageContaining("after 3 attempts");
            assertThat(s3.proxy().exchanges()).hasSize(3);
        }
    }

    @Test
    void aMissingBucketIsNamed() {
        try (S3ModelStore store = S3ModelStore.open(URI.create("s3://no-such-bucket/models"), s3.server().config().build())) {
            assertThatThrownBy(() -> store.read("m/1/MODEL.json"))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("s3://no-such-bucket/models/m/1/MODEL.json")
                    .hasMessageContaining("bucket 'no-such-bucket' does not exist");
            assertThatThrownBy(() -> store.list("m/")).hasMessageContaining("bucket 'no-such-bucket' does not exist");
        }
    }

    @Test
    void deniedAccessIsPermanentAndNeverShowsTheSecret() {
        S3TestServer other = S3TestServer.start("someone-else", "their-secret-key");
        try {
            other.createBucket("private-models");
            S3StoreConfig config = S3StoreConfig.builder().endpoint(other.endpoint()).maxAttempts(5).build();
            try (S3ModelStore store = S3ModelStore.open(URI.create("s3://private-models/team"), config)) {
                assertThatThrownBy(() -> store.write("m/@production", new byte[] {1}))
                        .isInstanceOf(IOException.class)
                        .hasMessageContaining("cannot write s3://private-models/team/m/@production")
                        .hasMessageContaining("access denied")
                        .hasMessageContaining("HTTP 403")
                        .hasMessageNotContaining("attempts")
                        .satisfies(e -> assertThat(stackTrace(e)).doesNotContain(S3TestServer.secretKey()));
            }
        } finally {
            other.stop();
        }
    }

    @Test
    void anUnreachableServerIsNamed() throws Exception {
        // A port bound but never listening, held for the whole test: connecting to it is refused, and nothing
        // else can take it meanwhile (as it could a port found free and closed again).
        try (Socket closed = new Socket()) {
            closed.setReuseAddress(false);
            closed.bind(new InetSocketAddress("127.0.0.1", 0));
            S3StoreConfig config = S3StoreConfig.builder().endpoint(URI.create("http://127.0.0.1:" + closed.getLocalPort())).maxAttempts(2).build();
            try (S3ModelStore store = S3ModelStore.open(URI.create("s3://models/x"), config)) {
                assertThatThrownBy(() -> store.download("m/1/bundle.tar.zst", tmp.resolve("out")))
                        .isInstanceOf(IOException.class)
                        .hasMessageContaining("cannot download s3://models/x/m/1/bundle.tar.zst after 2 attempts");
                assertThat(tmp.resolve("out")).doesNotExist();
                try (var left = Files.list(tmp)) {
                    assertThat(left).as("no partial download left behind").isEmpty();
                }
            }
        }
    }

    private static String stackTrace(Throwable e) {
        StringWriter out = new StringWriter();
        e.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}

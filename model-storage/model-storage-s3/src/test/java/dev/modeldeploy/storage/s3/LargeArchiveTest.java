package dev.modeldeploy.storage.s3;

import dev.modeldeploy.api.Model;
import dev.modeldeploy.api.repository.ModelRepository;
import dev.modeldeploy.api.repository.PublishOptions;
import dev.modeldeploy.api.store.StoreSettings;
import dev.modeldeploy.api.testing.ChildJvm;
import dev.modeldeploy.api.testing.WeightedSumModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A 300 MB model through S3 in a JVM with a 256 MB heap: publishing (pack, multipart upload) and
 * loading (download, verify, unpack) must stream. The client runs in a child JVM; the server stays
 * in this one.
 */
class LargeArchiveTest {
    private static final long MIB = 1 << 20;
    private static final long PAYLOAD = 300 * MIB;

    @TempDir
    Path tmp;

    /** Publishes a model carrying an incompressible payload, loads it with an empty cache, compares. */
    public static final class RoundTrip {
        public static void main(String[] args) throws Exception {
            URI model = URI.create(args[0]);
            Path work = Path.of(args[1]);
            StoreSettings settings = StoreSettings.empty().with(S3StoreConfig.ENDPOINT, args[2]);
            Path payload = TestFiles.incompressible(work.resolve("payload.bin"), PAYLOAD);
            URI version;
            try (ModelRepository publisher = ModelRepository.builder().cacheDirectory(work.resolve("publisher-cache")).storeSettings(settings).build()) {
                version = publisher.publish(WeightedSumModel.of("big", Map.of("x", 1f), 0f).withPayload(payload), model, PublishOptions.defaults());
                System.out.println("archive bytes " + publisher.resolve(version).archive().size());
            }
            try (ModelRepository reader = ModelRepository.builder().cacheDirectory(work.resolve("reader-cache")).storeSettings(settings).build();
                 Model<?, ?, ?> loaded = reader.load(version)) {
                Path loadedPayload = ((WeightedSumModel) loaded).payload().orElseThrow();
                System.out.println("loaded " + version + " payload identical " + (Files.mismatch(payload, loadedPayload) == -1L)
                        + " max heap " + Runtime.getRuntime().maxMemory());
            }
        }
    }

    @Test
    void a300MbModelRoundTripsThroughS3InA256MbHeap() throws Exception {
        S3TestServer server = S3TestServer.shared();
        URI model = URI.create("s3://" + server.createBucket() + "/big-models/big");
        Path log = tmp.resolve("child.log");
        Process child = ChildJvm.start(log, List.of("-Xmx256m", "-Daws.accessKeyId=" + S3TestServer.accessKey(),
                "-Daws.secretAccessKey=" + S3TestServer.secretKey()), RoundTrip.class, model.toString(), tmp.toString(), server.endpoint().toString());
        ChildJvm.Result result = ChildJvm.await(child, log, 180);

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("loaded " + model + "/1 payload identical true");
        assertThat(result.output()).containsPattern("max heap 2[0-9]{8}\\b"); // 256 MB, less what the collector reserves
        long archive = Long.parseLong(result.output().replaceAll("(?s).*archive bytes (\\d+).*", "$1"));
        assertThat(archive).isGreaterThan(PAYLOAD);
    }
}

package dev.modeldeploy.storage.gcs;

import dev.modeldeploy.api.Model;
import dev.modeldeploy.api.repository.ModelRepository;
import dev.modeldeploy.api.repository.ModelVersion;
import dev.modeldeploy.api.repository.PublishOptions;
import dev.modeldeploy.api.testing.WeightedSumModel;
import dev.modeldeploy.storage.gcs.testserver.GcsTestServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A 300 MB model round trip through GCS in a JVM whose heap is smaller than the model (the surefire
 * execution {@code large-archive} runs it with {@code -Xmx256m}, server included): publishing and
 * loading must stream.
 */
@Tag("large")
class GcsLargeArchiveTest {
    private static final long PAYLOAD_BYTES = 300L << 20;

    @TempDir
    Path tmp;

    @Test
    void a300MegabyteModelRoundTripsWithASmallerHeap() throws Exception {
        assertThat(Runtime.getRuntime().maxMemory()).as("max heap").isLessThan(PAYLOAD_BYTES);
        Path payload = incompressible(tmp.resolve("payload.bin"), PAYLOAD_BYTES);
        long started = System.nanoTime();
        try (GcsTestServer server = GcsTestServer.start(Files.createDirectories(tmp.resolve("server")))) {
            URI model = URI.create("gs://" + TestGcs.freshBucket(server) + "/ml/recommender");
            URI published;
            try (ModelRepository publisher = ModelRepository.builder().cacheDirectory(tmp.resolve("publisher-cache"))
                    .storeSettings(TestGcs.settings(server, 6)).build()) {
                published = publisher.publish(WeightedSumModel.of("recommender", Map.of("visits", 1f), 0.25f).withPayload(payload),
                        model, PublishOptions.defaults());
            }
            try (ModelRepository reader = ModelRepository.builder().cacheDirectory(tmp.resolve("reader-cache"))
                    .storeSettings(TestGcs.settings(server, 6)).build()) {
                ModelVersion version = reader.resolve(published);
                assertThat(version.archive().size()).as("archive bytes").isGreaterThan(PAYLOAD_BYTES);
                try (Model<?, ?, ?> loaded = reader.load(published)) {
                    WeightedSumModel m = (WeightedSumModel) loaded;
                    assertThat(m.predictRecord(Map.of("visits", 2))).isEqualTo(2.25);
                    assertThat(Files.mismatch(payload, m.payload().orElseThrow())).isEqualTo(-1L);
                }
            }
            // How many chunk requests the 16 MiB default chunk size makes for a 300 MB archive.
            assertThat(server.requests()).filteredOn(r -> r.contains("upload_id=") && r.endsWith("-> 308")).hasSizeGreaterThanOrEqualTo(18);
        }
        System.err.printf("300 MB GCS round trip (pack, upload, download, verify, unpack) took %.1f s with a %d MB heap%n",
                (System.nanoTime() - started) / 1e9, Runtime.getRuntime().maxMemory() >> 20);
    }

    /** Pseudo-random bytes, so compression cannot shrink the archive. */
    private static Path incompressible(Path file, long size) throws IOException {
        SplittableRandom random = new SplittableRandom(300);
        ByteBuffer block = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long written = 0; written < size; written += block.capacity()) {
                block.clear();
                while (block.hasRemaining()) {
                    block.putLong(random.nextLong());
                }
                out.write(block.array(), 0, (int) Math.min(block.capacity(), size - written));
            }
        }
        return file;
    }
}

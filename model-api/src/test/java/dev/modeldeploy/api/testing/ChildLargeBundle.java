package dev.modeldeploy.api.testing;

import dev.modeldeploy.api.Model;
import dev.modeldeploy.api.internal.Sha256;
import dev.modeldeploy.api.repository.ModelRepository;
import dev.modeldeploy.api.repository.PublishOptions;

import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Random;

/**
 * Publishes and loads back a bundle larger than this JVM's heap (run it with a small {@code -Xmx}):
 * writes a payload of {@code megabytes} MiB of seeded random bytes, publishes it to {@code file:}
 * store {@code work/store} through cache {@code work/publish-cache}, loads it through the empty cache
 * {@code work/load-cache} and checks the loaded payload's size and SHA-256. Prints {@code OK} on success;
 * any failure exits non-zero.
 *
 * <p>Arguments: work folder, payload size in MiB.
 */
public final class ChildLargeBundle {
    private ChildLargeBundle() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        int megabytes = Integer.parseInt(args[1]);
        long maxHeap = Runtime.getRuntime().maxMemory();
        long size = (long) megabytes << 20;
        if (size <= maxHeap) {
            throw new IllegalStateException("payload of " + size + " bytes fits in the heap of " + maxHeap + " bytes: nothing is proven");
        }

        Files.createDirectories(work);
        Path payload = work.resolve("payload.bin");
        MessageDigest digest = Sha256.newDigest();
        Random random = new Random(42);
        byte[] chunk = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(payload)) {
            for (int i = 0; i < megabytes; i++) {
                random.nextBytes(chunk);
                digest.update(chunk);
                out.write(chunk);
            }
        }
        String expectedSha = Sha256.hex(digest.digest());

        URI uri = work.resolve("store").resolve("huge").toUri();
        WeightedSumModel model = WeightedSumModel.of("huge", Map.of("x", 2f), 7f).withPayload(payload);
        URI published;
        try (ModelRepository publisher = ModelRepository.builder().cacheDirectory(work.resolve("publish-cache")).build()) {
            published = publisher.publish(model, uri, PublishOptions.defaults());
        }
        // The original goes, so the loaded payload can only have come through the store.
        Files.delete(payload);

        Path loadCache = work.resolve("load-cache");
        try (ModelRepository loader = ModelRepository.builder().cacheDirectory(loadCache).build()) {
            Model<?, ?, ?> loaded = loader.load(published);
            WeightedSumModel m = (WeightedSumModel) loaded;
            if (m.predictRecord(Map.of("x", 1.0)) != 9.0) {
                throw new AssertionError("wrong weights after load: " + m.predictRecord(Map.of("x", 1.0)));
            }
            Path loadedPayload = m.payload().orElseThrow(() -> new AssertionError("loaded model has no payload"));
            if (!loadedPayload.toAbsolutePath().startsWith(loadCache.toAbsolutePath())) {
                throw new AssertionError("payload not served from the fresh cache: " + loadedPayload);
            }
            long loadedSize = Files.size(loadedPayload);
            if (loadedSize != size) {
                throw new AssertionError("payload size " + loadedSize + ", expected " + size);
            }
            String loadedSha = Sha256.of(loadedPayload);
            if (!loadedSha.equals(expectedSha)) {
                throw new AssertionError("payload sha256 " + loadedSha + ", expected " + expectedSha);
            }
        }
        System.out.println("OK");
    }
}

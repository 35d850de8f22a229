package dev.modeldeploy.storage.gcs;

import dev.modeldeploy.api.store.StoreSettings;
import dev.modeldeploy.storage.gcs.testserver.GcsTestServer;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/** Stores and settings pointed at a {@link GcsTestServer}, with fast retries. */
final class TestGcs {
    private static final AtomicInteger BUCKETS = new AtomicInteger();

    private TestGcs() {
    }

    /** A new, empty bucket on the server. */
    static String freshBucket(GcsTestServer server) {
        String bucket = "models-" + BUCKETS.incrementAndGet();
        server.createBucket(bucket);
        return bucket;
    }

    /** Client configuration for the server: no credentials, short backoffs. */
    static GcsStoreConfig config(GcsTestServer server, int maxAttempts) {
        return GcsStoreConfig.builder().host(server.host()).maxAttempts(maxAttempts)
                .initialRetryDelay(Duration.ofMillis(2)).maxRetryDelay(Duration.ofMillis(20))
                .readTimeout(Duration.ofSeconds(20)).build();
    }

    /** The same as {@link #config} in the string form a repository builder takes. */
    static StoreSettings settings(GcsTestServer server, int maxAttempts) {
        return StoreSettings.empty()
                .with(GcsStoreConfig.HOST, server.host())
                .with(GcsStoreConfig.MAX_ATTEMPTS, Integer.toString(maxAttempts))
                .with(GcsStoreConfig.INITIAL_RETRY_DELAY_MILLIS, "2")
                .with(GcsStoreConfig.MAX_RETRY_DELAY_MILLIS, "20");
    }

    static GcsModelStore store(GcsTestServer server, URI root, int maxAttempts) {
        return GcsModelStore.open(root, config(server, maxAttempts));
    }
}

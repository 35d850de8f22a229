package dev.modeldeploy.storage.s3;

import dev.modeldeploy.api.repository.ModelRepository;
import dev.modeldeploy.api.repository.ModelRepositoryContract;
import dev.modeldeploy.api.store.ModelStore;

import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The remote protocol on S3 (s3proxy): repositories find the s3: store through ServiceLoader and are
 * pointed at the server by settings alone.
 */
class S3ModelRepositoryContractTest extends ModelRepositoryContract {
    private static final AtomicInteger RUNS = new AtomicInteger();
    private static String bucket;

    @Override
    protected URI storeRoot() {
        synchronized (S3ModelRepositoryContractTest.class) {
            if (bucket == null) {
                bucket = S3TestServer.shared().createBucket();
            }
        }
        // One bucket, a fresh prefix per test: prefixes must isolate stores as well as buckets do.
        return URI.create("s3://" + bucket + "/team-a/run-" + RUNS.incrementAndGet());
    }

    @Override
    protected ModelStore rawStore(URI root) {
        return S3ModelStore.open(root, S3TestServer.shared().config().build());
    }

    @Override
    protected ModelRepository.Builder configure(ModelRepository.Builder builder) {
        return builder.storeSettings(S3TestServer.shared().settings());
    }
}

package dev.modeldeploy.storage.s3;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Per test: a fresh bucket on the shared test server, and a {@link FaultInjectingProxy} in front of the
 * server (forwarding everything until told to fail). Register it on an instance field.
 */
final class ProxiedBucket implements BeforeEachCallback, AfterEachCallback {
    private final long seed;
    private FaultInjectingProxy proxy;
    private String bucket;

    /** @param seed the proxy's failure schedule */
    ProxiedBucket(long seed) {
        this.seed = seed;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        proxy = new FaultInjectingProxy(server().port(), seed);
        bucket = server().createBucket();
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        proxy.close();
    }

    S3TestServer server() {
        return S3TestServer.shared();
    }

    FaultInjectingProxy proxy() {
        return proxy;
    }

    String bucket() {
        return bucket;
    }
}

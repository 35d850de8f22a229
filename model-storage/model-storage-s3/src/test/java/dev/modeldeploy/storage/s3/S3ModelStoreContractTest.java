package dev.modeldeploy.storage.s3;

import dev.modeldeploy.api.store.ModelStore;
import dev.modeldeploy.api.store.ModelStoreContract;

import java.net.URI;

/** The store contract on S3 (s3proxy), each test in a fresh bucket under a prefix. */
class S3ModelStoreContractTest extends ModelStoreContract {
    @Override
    protected ModelStore openStore() {
        S3TestServer server = S3TestServer.shared();
        return S3ModelStore.open(URI.create("s3://" + server.createBucket() + "/models/contract"), server.config().build());
    }
}

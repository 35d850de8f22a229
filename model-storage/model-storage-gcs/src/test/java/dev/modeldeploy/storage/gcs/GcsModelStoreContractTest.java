package dev.modeldeploy.storage.gcs;

import dev.modeldeploy.api.store.ModelStore;
import dev.modeldeploy.api.store.ModelStoreContract;
import dev.modeldeploy.storage.gcs.testserver.GcsServerExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;

/** The store contract on GCS (the JSON API test server), each test in a fresh bucket under a prefix. */
class GcsModelStoreContractTest extends ModelStoreContract {
    @RegisterExtension
    static final GcsServerExtension GCS = new GcsServerExtension();

    @Override
    protected ModelStore openStore() {
        return TestGcs.store(GCS.server(), URI.create("gs://" + TestGcs.freshBucket(GCS.server()) + "/team/models"), 3);
    }
}

package dev.modeldeploy.storage.gcs;

import dev.modeldeploy.api.repository.ModelRepository;
import dev.modeldeploy.api.repository.ModelRepositoryContract;
import dev.modeldeploy.api.store.ModelStore;
import dev.modeldeploy.storage.gcs.testserver.GcsServerExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;

/**
 * The remote protocol on GCS, with the store found by URI scheme through {@code ServiceLoader} and
 * configured only by settings, as a user's repository would be.
 */
class GcsModelRepositoryContractTest extends ModelRepositoryContract {
    @RegisterExtension
    static final GcsServerExtension GCS = new GcsServerExtension();

    @Override
    protected URI storeRoot() {
        return URI.create("gs://" + TestGcs.freshBucket(GCS.server()) + "/ml");
    }

    @Override
    protected ModelStore rawStore(URI root) {
        return TestGcs.store(GCS.server(), root, 3);
    }

    @Override
    protected ModelRepository.Builder configure(ModelRepository.Builder builder) {
        return builder.storeSettings(TestGcs.settings(GCS.server(), 3));
    }
}

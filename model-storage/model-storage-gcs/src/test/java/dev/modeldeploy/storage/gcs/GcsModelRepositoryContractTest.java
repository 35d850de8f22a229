package dev.modeldeploy.storage.gcs;

import dev.modeldeploy.api.repository.ModelRepository;
import dev.modeldeploy.api.repository.ModelRepositoryContract;
import dev.modeldeploy.api.store.ModelStore;
import dev.modeldeploy.storage.gcs.testserver.GcsTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;

/**
 * The remote protocol on GCS, with the store found by URI scheme through {@code ServiceLoader} and
 * configured only by settings, as a user's repository would be.
 */
class GcsModelRepositoryContractTest extends ModelRepositoryContract {
    @TempDir
    static Path serverData;
    static GcsTestServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = GcsTestServer.start(serverData);
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Override
    protected URI storeRoot() {
        return URI.create("gs://" + TestGcs.freshBucket(server) + "/ml");
    }

    @Override
    protected ModelStore rawStore(URI root) {
        return TestGcs.store(server, root, 3);
    }

    @Override
    protected ModelRepository.Builder configure(ModelRepository.Builder builder) {
        return builder.storeSettings(TestGcs.settings(server, 3));
    }
}

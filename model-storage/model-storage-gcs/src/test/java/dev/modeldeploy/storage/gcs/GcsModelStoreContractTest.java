package dev.modeldeploy.storage.gcs;

import dev.modeldeploy.api.store.ModelStore;
import dev.modeldeploy.api.store.ModelStoreContract;
import dev.modeldeploy.storage.gcs.testserver.GcsTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;

/** The store contract on GCS (the JSON API test server), each test in a fresh bucket under a prefix. */
class GcsModelStoreContractTest extends ModelStoreContract {
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
    protected ModelStore openStore() {
        return TestGcs.store(server, URI.create("gs://" + TestGcs.freshBucket(server) + "/team/models"), 3);
    }
}

package dev.modeldeploy.storage.gcs;

import dev.modeldeploy.api.repository.ModelRepository;
import dev.modeldeploy.api.repository.PublishOptions;
import dev.modeldeploy.api.testing.ChildJvm;
import dev.modeldeploy.storage.gcs.testserver.GcsTestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code model.toRemote(gs://…)} and {@code Model.fromRemote(gs://…)} in a separate process configured
 * only by its environment, as a deployed job would be: the store is found by scheme through
 * {@code ServiceLoader} and pointed at the server by {@code STORAGE_EMULATOR_HOST}.
 */
class GcsByUriAloneTest {
    @TempDir
    Path tmp;

    private ChildJvm.Result run(GcsTestServer server, String name, String... args) throws Exception {
        Path log = tmp.resolve(name + ".log");
        Map<String, String> env = Map.of(
                "STORAGE_EMULATOR_HOST", server.host().substring("http://".length()),
                "MODELDEPLOY_CACHE_DIR", tmp.resolve(name + "-cache").toString());
        ChildJvm.Result result = ChildJvm.await(ChildJvm.start(log, env, List.of("-Xmx256m"), UriOnlyUser.class, args), log, 120);
        assertThat(result.exitCode()).as(result.output()).isZero();
        return result;
    }

    @Test
    void publishAndLoadByUriWithOnlyTheEmulatorVariable() throws Exception {
        try (GcsTestServer server = GcsTestServer.start(Files.createDirectories(tmp.resolve("server")))) {
            String bucket = TestGcs.freshBucket(server);
            URI leads = URI.create("gs://" + bucket + "/ml/lead-scoring");

            assertThat(run(server, "publisher", "publish", leads.toString(), "1.5").output())
                    .contains("PUBLISHED " + leads + "/1");
            try (ModelRepository admin = ModelRepository.builder().cacheDirectory(tmp.resolve("admin-cache"))
                    .storeSettings(TestGcs.settings(server, 3)).build()) {
                admin.publish(UriOnlyUser.model(7f), leads, PublishOptions.defaults());
                admin.setAlias(URI.create(leads + "@production"), 1);
            }
            String output = run(server, "reader", "load", leads + "@production", leads.toString(), leads + "/1").output();
            assertThat(output).contains("SCORE " + leads + "@production " + (1 + 2 + 1.5))
                    .contains("SCORE " + leads + " " + (1 + 2 + 7.0))
                    .contains("SCORE " + leads + "/1 " + (1 + 2 + 1.5));
        }
    }
}

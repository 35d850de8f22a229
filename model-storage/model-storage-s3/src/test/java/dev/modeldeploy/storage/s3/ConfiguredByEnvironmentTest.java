package dev.modeldeploy.storage.s3;

import dev.modeldeploy.api.Model;
import dev.modeldeploy.api.repository.ModelRepository;
import dev.modeldeploy.api.repository.ModelVersion;
import dev.modeldeploy.api.testing.ChildJvm;
import dev.modeldeploy.api.testing.WeightedSumModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A deployed process configured the AWS way, by environment variables only: {@code toRemote} and
 * {@code fromRemote} with nothing but a URI, the s3: store found on the class path.
 */
class ConfiguredByEnvironmentTest {
    @TempDir
    Path tmp;

    /** The user's program: publish by URI, then load the alias by URI. */
    public static final class UserProgram {
        public static void main(String[] args) {
            URI model = URI.create(args[0]);
            URI v1 = WeightedSumModel.of("lead-scoring", Map.of("visits", 0.5f), 1.25f).toRemote(model);
            ModelRepository.defaultRepository().setAlias(URI.create(model + "@production"), 1);
            try (Model<Map, ?, Double> loaded = Model.fromRemote(URI.create(model + "@production"), Map.class, Double.class)) {
                @SuppressWarnings("unchecked")
                double score = loaded.predictRecord(Map.of("visits", 4));
                System.out.println("published " + v1 + " score " + score);
            }
        }
    }

    @Test
    void toRemoteAndFromRemoteNeedNothingButTheUriAndTheAwsEnvironment() throws Exception {
        S3TestServer server = S3TestServer.shared();
        String bucket = server.createBucket();
        URI model = URI.create("s3://" + bucket + "/team/lead-scoring");
        Map<String, String> env = Map.of(
                "AWS_ENDPOINT_URL", server.endpoint().toString(),
                "AWS_ACCESS_KEY_ID", S3TestServer.accessKey(),
                "AWS_SECRET_ACCESS_KEY", S3TestServer.secretKey(),
                "MODELDEPLOY_CACHE_DIR", tmp.resolve("cache").toString());
        Path log = tmp.resolve("child.log");
        ChildJvm.Result result = ChildJvm.await(ChildJvm.start(log, env, List.of("-Xmx128m"), UserProgram.class, model.toString()), log, 60);

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("published " + model + "/1 score 3.25");
        assertThat(result.output()).doesNotContain(S3TestServer.secretKey());
        try (ModelRepository repo = ModelRepository.builder().cacheDirectory(tmp.resolve("own-cache")).storeSettings(server.settings()).build()) {
            assertThat(repo.versions(model)).extracting(ModelVersion::version).containsExactly(1);
            assertThat(repo.aliases(model)).containsExactly(Map.entry("production", 1));
        }
    }
}

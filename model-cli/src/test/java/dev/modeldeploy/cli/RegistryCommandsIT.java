package dev.modeldeploy.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modeldeploy.api.repository.ModelUri;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** publish, list, inspect, fetch and alias against a file: store, through the jar. */
class RegistryCommandsIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;
    Cli cli;
    Path store;
    String leads;

    @BeforeEach
    void setUp() throws Exception {
        cli = new Cli(tmp);
        store = tmp.resolve("store");
        leads = store.resolve("lead-scoring").toUri().toString();
    }

    private String version(int v) {
        return ModelUri.parse(URI.create(leads)).withVersion(v).toString();
    }

    private static Cli.Result ok(Cli.Result result) {
        assertThat(result.exitCode()).as(result.toString()).isZero();
        return result;
    }

    private String publish(Path bundle, String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of("publish", bundle.toString(), leads));
        args.addAll(List.of(options));
        Cli.Result result = ok(cli.run(args.toArray(String[]::new)));
        // Only the URI on stdout, nothing on stderr: the output is for scripts.
        assertThat(result.err()).isEmpty();
        return result.out().strip();
    }

    @Test
    void publishListInspectAndFetch() throws Exception {
        Path first = TestBundles.weightedSum(tmp.resolve("bundle-1"), "lead-scoring", 1f);
        Path second = TestBundles.weightedSum(tmp.resolve("bundle-2"), "lead-scoring", 2f);

        assertThat(publish(first, "--description", "first cut", "--tag", "team=growth", "--tag", "run=7"))
                .isEqualTo(version(1));
        assertThat(publish(second, "--version", "5", "--compression", "gzip")).isEqualTo(version(5));
        assertThat(store.resolve("lead-scoring/5/bundle.tar.gz")).isRegularFile();

        List<String> table = ok(cli.run("list", leads)).out().lines().toList();
        assertThat(table).hasSize(3);
        assertThat(table.get(0)).startsWith("VERSION").contains("CREATED", "FORMAT", "SIZE", "ALIASES");
        assertThat(table.get(1)).startsWith("1 ").contains("test-weighted-sum");
        assertThat(table.get(2)).startsWith("5 ").contains("test-weighted-sum");

        JsonNode listed = JSON.readTree(ok(cli.run("list", "--json", leads)).out());
        assertThat(listed).hasSize(2);
        JsonNode v1 = listed.get(0);
        JsonNode v5 = listed.get(1);
        assertThat(v1.get("version").asInt()).isEqualTo(1);
        assertThat(v1.get("uri").asText()).isEqualTo(version(1));
        assertThat(v1.get("format").asText()).isEqualTo("test-weighted-sum");
        assertThat(v1.get("description").asText()).isEqualTo("first cut");
        assertThat(asMap(v1.get("tags"))).isEqualTo(Map.of("team", "growth", "run", "7"));
        assertThat(Instant.parse(v1.get("createdAt").asText())).isBefore(Instant.parse(v5.get("createdAt").asText()).plusMillis(1));
        assertThat(v1.get("archive").get("size").asLong()).isEqualTo(Files.size(store.resolve("lead-scoring/1/bundle.tar.zst")));
        assertThat(v1.get("archive").get("sha256").asText()).isEqualTo(sha256(store.resolve("lead-scoring/1/bundle.tar.zst")));
        assertThat(v5.get("version").asInt()).isEqualTo(5);
        assertThat(v5.get("archive").get("name").asText()).isEqualTo("bundle.tar.gz");
        assertThat(v5.get("archive").get("size").asLong()).isEqualTo(Files.size(store.resolve("lead-scoring/5/bundle.tar.gz")));
        assertThat(v5.get("aliases")).isEmpty();

        // The latest version: 5, the second bundle.
        JsonNode manifest = JSON.readTree(ok(cli.run("inspect", leads)).out());
        assertThat(manifest.get("uri").asText()).isEqualTo(version(5));
        assertThat(manifest.get("info").get("name").asText()).isEqualTo("lead-scoring");
        assertThat(manifest.get("info").get("version").asInt()).isEqualTo(5);
        assertThat(manifest.get("info").get("inputSchema").toString()).contains("visits", "emails");
        assertThat(manifest.get("archive").get("sha256").asText()).isEqualTo(sha256(store.resolve("lead-scoring/5/bundle.tar.gz")));
        assertThat(manifest.get("files")).hasSize(1);
        assertThat(manifest.get("files").get(0).get("path").asText()).isEqualTo("weights.json");
        assertThat(manifest.get("files").get(0).get("sha256").asText()).isEqualTo(sha256(second.resolve("weights.json")));
        assertThat(JSON.readTree(ok(cli.run("inspect", version(1))).out()).get("info").get("description").asText())
                .isEqualTo("first cut");

        Path fetched = tmp.resolve("fetched");
        assertThat(ok(cli.run("fetch", version(1), fetched.toString())).out()).contains(version(1), fetched.toString());
        assertThat(fetched.resolve("weights.json")).hasSameBinaryContentAs(first.resolve("weights.json"));
        assertThat(JSON.readTree(fetched.resolve("MODEL.json").toFile()).get("info").get("version").asInt()).isEqualTo(1);
        // Fetching populates the user's cache, unlike verify.
        assertThat(cli.cache().resolve("entries")).isNotEmptyDirectory();

        Cli.Result again = cli.run("fetch", version(5), fetched.toString());
        assertThat(again.exitCode()).as(again.toString()).isEqualTo(2);
        assertThat(again.err()).contains("not empty");
        assertThat(fetched.resolve("weights.json")).hasSameBinaryContentAs(first.resolve("weights.json"));
    }

    @Test
    void aliasesSetListMoveBackAndDelete() throws Exception {
        publish(TestBundles.weightedSum(tmp.resolve("bundle-1"), "lead-scoring", 1f));
        publish(TestBundles.weightedSum(tmp.resolve("bundle-2"), "lead-scoring", 2f));
        String production = leads + "@production";

        JsonNode none = JSON.readTree(ok(cli.run("alias", "list", "--json", leads)).out());
        assertThat(none.isObject()).isTrue();
        assertThat(none).isEmpty();
        assertThat(ok(cli.run("alias", "list", leads)).out()).isEmpty();

        assertThat(ok(cli.run("alias", "set", production, "1")).out()).contains("-> 1", "was unset");
        assertThat(ok(cli.run("alias", "set", production, "2")).out()).contains("-> 2", "was 1");
        ok(cli.run("alias", "set", leads + "@canary", "2"));

        assertThat(asMap(JSON.readTree(ok(cli.run("alias", "list", "--json", leads)).out())))
                .isEqualTo(Map.of("production", 2, "canary", 2));
        assertThat(ok(cli.run("alias", "list", leads)).out().lines().toList())
                .hasSize(3).element(1).asString().startsWith("canary").endsWith("2");
        JsonNode listed = JSON.readTree(ok(cli.run("list", "--json", leads)).out());
        assertThat(listed.get(1).get("aliases").toString()).isEqualTo("[\"canary\",\"production\"]");
        assertThat(ok(cli.run("list", leads)).out()).contains("canary,production");
        assertThat(JSON.readTree(ok(cli.run("inspect", production)).out()).get("uri").asText()).isEqualTo(version(2));

        // Rollback: move production back to 1.
        assertThat(ok(cli.run("alias", "set", production, "1")).out()).contains("-> 1", "was 2");
        assertThat(JSON.readTree(ok(cli.run("inspect", production)).out()).get("info").get("version").asInt()).isEqualTo(1);

        assertThat(ok(cli.run("alias", "delete", leads + "@canary")).out()).contains("deleted");
        assertThat(asMap(JSON.readTree(ok(cli.run("alias", "list", "--json", leads)).out())))
                .isEqualTo(Map.of("production", 1));

        Cli.Result deletedTwice = cli.run("alias", "delete", leads + "@canary");
        assertThat(deletedTwice.exitCode()).isEqualTo(1);
        assertThat(deletedTwice.errLines()).singleElement().asString().startsWith("modeldeploy: alias not found");

        Cli.Result toMissingVersion = cli.run("alias", "set", production, "9");
        assertThat(toMissingVersion.exitCode()).isEqualTo(1);
        assertThat(toMissingVersion.errLines()).singleElement().asString().contains("lead-scoring/9", "never published");
        assertThat(JSON.readTree(ok(cli.run("inspect", production)).out()).get("info").get("version").asInt()).isEqualTo(1);
    }

    @Test
    void verboseLogsGoToStderrOnly() throws Exception {
        Cli.Result result = ok(cli.run("--verbose", "publish", TestBundles.weightedSum(tmp.resolve("b"), "lead-scoring", 1f).toString(), leads));
        assertThat(result.out().lines().toList()).containsExactly(version(1));
        assertThat(result.err()).contains("published " + version(1));
    }

    @Test
    void cacheDirOptionWinsOverTheEnvironment() throws Exception {
        publish(TestBundles.weightedSum(tmp.resolve("b"), "lead-scoring", 1f));
        Path own = tmp.resolve("own-cache");
        ok(cli.run("fetch", "--cache-dir", own.toString(), leads, tmp.resolve("fetched").toString()));
        assertThat(own.resolve("entries")).isNotEmptyDirectory();
        assertThat(cli.cache().resolve("entries")).isEmptyDirectory();
    }

    private static Map<String, Object> asMap(JsonNode node) {
        return JSON.convertValue(node, new TypeReference<>() {
        });
    }

    static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}

package dev.modeldeploy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.luben.zstd.ZstdOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import dev.modeldeploy.api.repository.ModelUri;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code verify} on intact, tampered and hostile versions, through the jar. */
class VerifyCommandIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;
    Cli cli;
    Path store;

    @BeforeEach
    void setUp() throws Exception {
        cli = new Cli(tmp);
        store = tmp.resolve("store");
    }

    private String publish(String name) throws Exception {
        // As the command line prints it: file:/..., not file:///...
        String uri = ModelUri.parse(store.resolve(name).toUri()).toString();
        Path bundle = TestBundles.weightedSum(tmp.resolve("bundle-" + name), name, 1f);
        Cli.Result published = cli.run("publish", bundle.toString(), uri);
        assertThat(published.exitCode()).as(published.toString()).isZero();
        return uri;
    }

    @Test
    void anIntactVersionVerifiesWithoutTouchingTheCache() throws Exception {
        String uri = publish("lead-scoring");
        cli.run("alias", "set", uri + "@production", "1");

        Cli.Result result = cli.run("verify", uri + "@production");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).startsWith("intact: " + uri + "/1 ")
                .contains(RegistryCommandsIT.sha256(store.resolve("lead-scoring/1/bundle.tar.zst")));
        assertThat(result.err()).isEmpty();
        assertThat(cli.cache().resolve("entries")).isEmptyDirectory();
        assertThat(cli.temp()).as("verify's temporary cache is removed").isEmptyDirectory();
    }

    @Test
    void aTamperedArchiveFailsNamingTheIntegrityCheck() throws Exception {
        String uri = publish("lead-scoring");
        Path archive = store.resolve("lead-scoring/1/bundle.tar.zst");
        byte[] bytes = Files.readAllBytes(archive);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(archive, bytes);

        Cli.Result result = cli.run("verify", uri);

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.errLines()).singleElement().asString()
                .startsWith("modeldeploy: " + uri + "/1 is damaged: integrity check failed for 'bundle.tar.zst'")
                .contains("sha256");
        assertThat(cli.temp()).isEmptyDirectory();
    }

    @Test
    void anUnsafeArchiveWithMatchingHashesFailsAsUnsafe() throws Exception {
        String uri = publish("evil-model");
        Path version = store.resolve("evil-model/1");
        ObjectNode outer = (ObjectNode) JSON.readTree(version.resolve("MODEL.json").toFile());
        // The hostile archive: the genuine inner manifest, then an entry that climbs out of the bundle.
        Path archive = version.resolve("bundle.tar.zst");
        try (OutputStream file = Files.newOutputStream(archive);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(new ZstdOutputStream(file), StandardCharsets.UTF_8.name())) {
            add(tar, "MODEL.json", JSON.writeValueAsBytes(outer.get("manifest")));
            add(tar, "../evil", "owned\n".getBytes(StandardCharsets.UTF_8));
        }
        // ...published with a matching size and hash, so that only the extraction check can catch it.
        ObjectNode archiveInfo = (ObjectNode) outer.get("archive");
        archiveInfo.put("size", Files.size(archive));
        archiveInfo.put("sha256", RegistryCommandsIT.sha256(archive));
        JSON.writeValue(version.resolve("MODEL.json").toFile(), outer);

        Cli.Result result = cli.run("verify", uri);

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.errLines()).singleElement().asString()
                .startsWith("modeldeploy: " + uri + "/1 is damaged: unsafe bundle, entry '../evil'");
        try (Stream<Path> files = Files.walk(tmp)) {
            assertThat(files.filter(p -> p.getFileName().toString().equals("evil"))).isEmpty();
        }
        // inspect reads the manifest only, and still shows what was published.
        JsonNode inspected = JSON.readTree(cli.run("inspect", uri).out());
        assertThat(inspected.get("archive").get("sha256").asText()).isEqualTo(RegistryCommandsIT.sha256(archive));
    }

    private static void add(TarArchiveOutputStream tar, String name, byte[] content) throws Exception {
        TarArchiveEntry entry = new TarArchiveEntry(name, true); // true: keep the name exactly as given
        entry.setSize(content.length);
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
    }
}

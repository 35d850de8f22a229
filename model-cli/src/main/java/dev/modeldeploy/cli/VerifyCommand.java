package dev.modeldeploy.cli;

import dev.modeldeploy.api.error.IntegrityException;
import dev.modeldeploy.api.error.ModelException;
import dev.modeldeploy.api.error.UnsafeBundleException;
import dev.modeldeploy.api.repository.ModelRepository;
import dev.modeldeploy.api.repository.ModelVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** {@code modeldeploy verify URI}: downloads a version afresh and checks it end to end. */
@Command(name = "verify",
        description = {"Download the version a URI names into a fresh temporary cache and check it: the archive's "
                + "size and SHA-256 against the published manifest; that it unpacks safely (no absolute paths, '..', "
                + "links or special files, within the size and entry limits); every file's size and SHA-256; and that "
                + "the archive's manifest and the published one agree.",
                "Exit status 0 only when the version is intact, 1 with the reason otherwise. The local cache is "
                        + "neither used nor changed."})
final class VerifyCommand extends RepositoryCommand {
    @Parameters(paramLabel = "URI", description = "The model URI: latest, a version (.../name/7) or an alias (.../name@production).")
    URI uri;

    private Path workDirectory;

    @Override
    public Integer call() throws Exception {
        workDirectory = Files.createTempDirectory("modeldeploy-verify-");
        try (ModelRepository repository = ModelDeployCommand.of(spec).repository(workDirectory.resolve("cache"))) {
            run(repository);
        } finally {
            deleteTree(workDirectory);
        }
        return 0;
    }

    @Override
    void run(ModelRepository repository) {
        // Resolved first so that the report names the version checked, even when an alias moves meanwhile.
        ModelVersion version = repository.resolve(uri);
        try {
            repository.fetch(version.uri(), workDirectory.resolve("bundle"));
        } catch (IntegrityException | UnsafeBundleException e) {
            throw new ModelException(version.uri() + " is damaged: " + e.getMessage(), e);
        }
        out().println("intact: " + version.uri() + " (" + version.archive().name() + ", "
                + Table.bytes(version.archive().size()) + ", sha256 " + version.archive().sha256() + ")");
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}

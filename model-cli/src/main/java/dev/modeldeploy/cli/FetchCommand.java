package dev.modeldeploy.cli;

import dev.modeldeploy.api.repository.ModelRepository;
import dev.modeldeploy.api.repository.ModelVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** {@code modeldeploy fetch URI DIR}: downloads and verifies a bundle into a directory. */
@Command(name = "fetch",
        description = "Download the bundle a URI names through the local cache, verify it, and copy it into DIR "
                + "(created if absent, else it must be empty), without loading it.")
final class FetchCommand extends RepositoryCommand {
    @Parameters(index = "0", paramLabel = "URI", description = "The model URI: latest, a version or an alias.")
    URI uri;

    @Parameters(index = "1", paramLabel = "DIR", description = "The target directory.")
    Path directory;

    @Override
    void run(ModelRepository repository) throws IOException {
        // Checked before downloading: a multi-gigabyte download should not end in this refusal.
        if (Files.exists(directory)) {
            if (!Files.isDirectory(directory)) {
                throw badArgument("not a directory: " + directory);
            }
            try (Stream<Path> children = Files.list(directory)) {
                if (children.findAny().isPresent()) {
                    throw badArgument("the target directory is not empty: " + directory);
                }
            }
        }
        ModelVersion fetched = repository.fetch(uri, directory);
        out().println("fetched " + fetched.uri() + " into " + directory);
    }
}

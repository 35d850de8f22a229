package dev.modeldeploy.cli;

import dev.modeldeploy.api.bundle.ArchiveInfo;
import dev.modeldeploy.api.error.ModelNotFoundException;
import dev.modeldeploy.api.repository.ModelRepository;
import dev.modeldeploy.api.repository.ModelUri;
import dev.modeldeploy.api.repository.ModelVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/** {@code modeldeploy list URI}: the published versions of a model. */
@Command(name = "list",
        description = "List the published versions of a model, oldest first: creation time, format, archive size and aliases.")
final class ListCommand extends RepositoryCommand {
    @Parameters(paramLabel = "URI", description = "The model URI (a version or alias in it is ignored).")
    URI uri;

    @Option(names = "--json", description = "Print a JSON array for scripts (with each archive's size and SHA-256).")
    boolean json;

    /** One version in the JSON listing. */
    record Entry(URI uri, int version, Instant createdAt, String format, String formatVersion, String description,
                 Map<String, String> tags, ArchiveInfo archive, List<String> aliases) {
        static Entry of(ModelVersion v) {
            return new Entry(v.uri(), v.version(), v.info().createdAt(), v.info().format(), v.info().formatVersion(),
                    v.info().description(), v.info().tags(), v.archive(), v.aliases());
        }
    }

    @Override
    void run(ModelRepository repository) {
        List<ModelVersion> versions = repository.versions(uri);
        if (versions.isEmpty()) {
            throw new ModelNotFoundException(ModelUri.parse(uri).model().toUri());
        }
        if (json) {
            JsonOutput.print(out(), versions.stream().map(Entry::of).toList());
            return;
        }
        Table table = new Table("VERSION", "CREATED", "FORMAT", "SIZE", "ALIASES");
        for (ModelVersion v : versions) {
            table.row(String.valueOf(v.version()), v.info().createdAt().truncatedTo(ChronoUnit.SECONDS).toString(),
                    v.info().format(), Table.bytes(v.archive().size()), String.join(",", v.aliases()));
        }
        table.print(out());
    }
}

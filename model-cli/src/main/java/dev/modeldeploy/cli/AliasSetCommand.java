package dev.modeldeploy.cli;

import dev.modeldeploy.api.repository.ModelRepository;
import dev.modeldeploy.api.repository.ModelUri;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.net.URI;
import java.util.OptionalInt;

/** {@code modeldeploy alias set URI@ALIAS VERSION}: points an alias at a version. */
@Command(name = "set",
        description = "Point an alias at a published version, atomically: readers see the old or the new version.",
        footer = {"", "Example:", "  modeldeploy alias set file:/srv/models/lead-scoring@production 7"})
final class AliasSetCommand extends RepositoryCommand {
    @Parameters(index = "0", paramLabel = "URI@ALIAS", description = "The alias, e.g. file:/srv/models/lead-scoring@production.")
    URI aliasUri;

    @Parameters(index = "1", paramLabel = "VERSION", description = "The published version it points to.")
    int version;

    @Override
    void run(ModelRepository repository) {
        if (version <= 0) {
            throw badArgument("VERSION must be a positive integer, was " + version);
        }
        OptionalInt previous = repository.setAlias(aliasUri, version);
        out().println(ModelUri.parse(aliasUri) + " -> " + version
                + (previous.isPresent() ? " (was " + previous.getAsInt() + ")" : " (was unset)"));
    }
}

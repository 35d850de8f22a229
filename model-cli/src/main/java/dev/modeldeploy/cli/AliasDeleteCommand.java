package dev.modeldeploy.cli;

import dev.modeldeploy.api.error.AliasNotFoundException;
import dev.modeldeploy.api.repository.ModelRepository;
import dev.modeldeploy.api.repository.ModelUri;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.net.URI;

/** {@code modeldeploy alias delete URI@ALIAS}: deletes an alias (the version stays). */
@Command(name = "delete", description = "Delete an alias. The version it pointed to stays published.")
final class AliasDeleteCommand extends RepositoryCommand {
    @Parameters(paramLabel = "URI@ALIAS", description = "The alias, e.g. file:/srv/models/lead-scoring@canary.")
    URI aliasUri;

    @Override
    void run(ModelRepository repository) {
        if (!repository.deleteAlias(aliasUri)) {
            throw new AliasNotFoundException(ModelUri.parse(aliasUri).toUri());
        }
        out().println("deleted " + ModelUri.parse(aliasUri));
    }
}

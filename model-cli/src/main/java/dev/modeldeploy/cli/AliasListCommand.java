package dev.modeldeploy.cli;

import dev.modeldeploy.api.repository.ModelRepository;
import dev.modeldeploy.api.repository.ModelUri;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.net.URI;
import java.util.Map;

/** {@code modeldeploy alias list URI}: a model's aliases and their versions. */
@Command(name = "list", description = "List a model's aliases and the versions they point to, sorted by alias.")
final class AliasListCommand extends RepositoryCommand {
    @Parameters(paramLabel = "URI", description = "The model URI (a version or alias in it is ignored).")
    URI uri;

    @Option(names = "--json", description = "Print a JSON object {alias: version} for scripts.")
    boolean json;

    @Override
    void run(ModelRepository repository) {
        Map<String, Integer> aliases = repository.aliases(uri);
        if (aliases.isEmpty()) {
            // A model without aliases lists nothing; one that does not exist is an error.
            repository.resolve(ModelUri.parse(uri).model().toUri());
        }
        if (json) {
            JsonOutput.print(out(), aliases);
            return;
        }
        if (!aliases.isEmpty()) {
            Table table = new Table("ALIAS", "VERSION");
            aliases.forEach((alias, version) -> table.row(alias, String.valueOf(version)));
            table.print(out());
        }
    }
}

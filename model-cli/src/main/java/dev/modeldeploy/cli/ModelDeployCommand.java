package dev.modeldeploy.cli;

import dev.modeldeploy.api.repository.ModelRepository;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.nio.file.Path;

/**
 * The {@code modeldeploy} command: its subcommands and the options every subcommand accepts
 * ({@code --cache-dir}, {@code --verbose}). One instance per run; not thread-safe.
 */
@Command(name = "modeldeploy",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Publish, list, inspect, verify, fetch and alias models in a model store (file:, s3:, gs:), "
                + "run batch inference with them, and render monitoring reports.",
        subcommands = {PublishCommand.class, ListCommand.class, InspectCommand.class, VerifyCommand.class,
                FetchCommand.class, AliasCommand.class, BatchCommand.class, ReportCommand.class, HelpCommand.class},
        footer = {"", "A model URI names the latest version (file:/srv/models/lead-scoring), a version",
                "(.../lead-scoring/7) or an alias (.../lead-scoring@production).",
                "Exit status: 0 success, 1 failure, 2 bad arguments (batch: 3 reject budget passed)."})
final class ModelDeployCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Option(names = "--cache-dir", paramLabel = "DIR", scope = ScopeType.INHERIT,
            description = "The local model cache. Default: $MODELDEPLOY_CACHE_DIR if set, else the user's cache "
                    + "folder (~/.cache/modeldeploy).")
    Path cacheDirectory;

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Log progress to stderr and show the stack trace of an error.")
    boolean verbose;

    /** The root command of a subcommand's spec: where the global options live. */
    static ModelDeployCommand of(CommandSpec spec) {
        return (ModelDeployCommand) spec.root().userObject();
    }

    boolean verbose() {
        return verbose;
    }

    /** A repository configured from the environment, with the cache folder of {@code --cache-dir} if given. */
    ModelRepository repository() {
        ModelRepository.Builder builder = ModelRepository.builderFromEnvironment();
        if (cacheDirectory != null) {
            builder.cacheDirectory(cacheDirectory);
        }
        return builder.build();
    }

    /** A repository like {@link #repository()} but with its cache in {@code cacheDirectory}. */
    ModelRepository repository(Path cacheDirectory) {
        return ModelRepository.builderFromEnvironment().cacheDirectory(cacheDirectory).build();
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing command: choose one of "
                + String.join(", ", spec.subcommands().keySet()));
    }
}

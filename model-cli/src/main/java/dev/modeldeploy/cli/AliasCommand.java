package dev.modeldeploy.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code modeldeploy alias}: the group of alias commands. */
@Command(name = "alias",
        description = "Set, list and delete aliases: names such as 'production' that point to a version. "
                + "Moving an alias back is a rollback.",
        subcommands = {AliasSetCommand.class, AliasListCommand.class, AliasDeleteCommand.class})
final class AliasCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing command: choose one of "
                + String.join(", ", spec.subcommands().keySet()));
    }
}

package dev.modeldeploy.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code modeldeploy batch}: batch inference commands. */
@Command(name = "batch", description = "Batch inference: run a job now, or on a cron schedule.",
        subcommands = {BatchRunCommand.class, BatchScheduleCommand.class})
final class BatchCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing command: choose one of " + String.join(", ", spec.subcommands().keySet()));
    }
}

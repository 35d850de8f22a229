package dev.modeldeploy.cli;

import dev.modeldeploy.api.repository.ModelRepository;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * A command that works on a model repository: opens one configured by the global options, runs, closes
 * it. Errors are thrown and reported by {@link ErrorReporter}. One instance per run; not thread-safe.
 */
abstract class RepositoryCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Override
    public Integer call() throws Exception {
        try (ModelRepository repository = ModelDeployCommand.of(spec).repository()) {
            run(repository);
        }
        return 0;
    }

    /** Does the command's work, printing its result to {@link #out()}. */
    abstract void run(ModelRepository repository) throws Exception;

    /** Where a command's result goes (stdout); diagnostics go to stderr through the log. */
    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** A bad-argument error (exit status 2) for this command. */
    ParameterException badArgument(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}

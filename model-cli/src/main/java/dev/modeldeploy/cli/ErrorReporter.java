package dev.modeldeploy.cli;

import dev.modeldeploy.api.error.InvalidModelUriException;
import dev.modeldeploy.api.error.ModelException;
import dev.modeldeploy.runtime.batch.RejectBudgetExceededException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns every error into one line on stderr, {@code modeldeploy: <message>}, and an exit status: 2 for
 * bad arguments (including malformed model URIs and alias names), 3 for a batch run's passed reject
 * budget, 1 for everything else. Stack traces
 * only with {@code --verbose}. Stateless.
 */
final class ErrorReporter implements IParameterExceptionHandler, IExecutionExceptionHandler {
    /** Exit status of a command that failed. */
    static final int FAILURE = 1;
    /** Exit status of a command given bad arguments. */
    static final int USAGE = 2;
    /** Exit status of a batch run that rejected more records than its budget allows. */
    static final int REJECT_BUDGET = 3;

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine commandLine = e.getCommandLine();
        report(commandLine, e.getMessage() + helpHint(commandLine));
        return USAGE;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine commandLine, ParseResult parsed) {
        boolean expected = e instanceof ModelException || e instanceof IllegalArgumentException;
        boolean verbose = ModelDeployCommand.of(commandLine.getCommandSpec()).verbose();
        String message = expected && e.getMessage() != null ? e.getMessage() : e.toString();
        if (e instanceof InvalidModelUriException) {
            report(commandLine, message + helpHint(commandLine));
        } else {
            report(commandLine, verbose || expected ? message : message + " (run with --verbose for details)");
        }
        if (verbose) {
            e.printStackTrace(commandLine.getErr());
        }
        if (e instanceof RejectBudgetExceededException) {
            return REJECT_BUDGET;
        }
        return e instanceof InvalidModelUriException ? USAGE : FAILURE;
    }

    private static String helpHint(CommandLine commandLine) {
        return " (see '" + commandLine.getCommandSpec().qualifiedName() + " --help')";
    }

    private static void report(CommandLine commandLine, String message) {
        String name = commandLine.getCommandSpec().root().name();
        commandLine.getErr().println(name + ": " + message.strip().replaceAll("\\s*\\R\\s*", " "));
        commandLine.getErr().flush();
    }
}

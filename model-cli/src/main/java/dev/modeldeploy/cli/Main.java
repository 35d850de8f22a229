package dev.modeldeploy.cli;

import picocli.CommandLine;

/**
 * The entry point of {@code modeldeploy.jar}: parses the command line, runs one command and exits
 * with its status (0 success, 1 failure, 2 bad arguments).
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        CommandLine commandLine = commandLine();
        int status = commandLine.execute(args);
        commandLine.getOut().flush();
        commandLine.getErr().flush();
        System.exit(status);
    }

    /** The configured command line, ready to {@link CommandLine#execute execute} once. */
    static CommandLine commandLine() {
        ModelDeployCommand root = new ModelDeployCommand();
        CommandLine commandLine = new CommandLine(root);
        ErrorReporter errors = new ErrorReporter();
        commandLine.setParameterExceptionHandler(errors);
        commandLine.setExecutionExceptionHandler(errors);
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        // Logging is configured once the options are known and before any library class logs.
        commandLine.setExecutionStrategy(parsed -> {
            Logging.configure(root.verbose());
            return new CommandLine.RunLast().execute(parsed);
        });
        return commandLine;
    }
}

package dev.modeldeploy.cli;

/**
 * Configures the SLF4J simple binding the jar carries: everything to stderr, so stdout holds only a
 * command's output; warnings only, unless {@code --verbose}. Explicit {@code -Dorg.slf4j.simpleLogger.*}
 * settings win.
 */
final class Logging {
    private static final String PREFIX = "org.slf4j.simpleLogger.";

    private Logging() {
    }

    /** Must run before the first logger is created: the binding reads its settings once. */
    static void configure(boolean verbose) {
        setDefault("logFile", "System.err");
        setDefault("defaultLogLevel", verbose ? "info" : "warn");
        if (verbose) {
            setDefault("log.dev.modeldeploy", "debug");
        }
        setDefault("showThreadName", "false");
        setDefault("showShortLogName", "true");
        setDefault("levelInBrackets", "true");
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(PREFIX + key) == null) {
            System.setProperty(PREFIX + key, value);
        }
    }
}

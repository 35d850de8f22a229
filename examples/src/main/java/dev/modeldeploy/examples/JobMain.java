package dev.modeldeploy.examples;

import java.util.function.Function;

/**
 * The command-line frame of the example jobs: options that do not parse exit with status 2 and a
 * failed run with status 1, each with a one-line reason, as a scheduler expects of a batch job.
 */
public final class JobMain {
    /** Runs a job with its parsed options. */
    @FunctionalInterface
    public interface Job<O> {
        void run(O options) throws Exception;
    }

    private JobMain() {
    }

    /** Parses {@code args} and runs the job; exits the JVM with 2 or 1 if either fails. */
    public static <O> void run(String name, String[] args, Function<String[], O> parse, Job<O> job) {
        O options;
        try {
            options = parse.apply(args);
        } catch (RuntimeException e) {
            System.err.println(name + ": " + e.getMessage());
            System.exit(2);
            return;
        }
        try {
            job.run(options);
        } catch (Exception e) {
            System.err.println(name + ": " + e.getMessage());
            System.exit(1);
        }
    }
}

package dev.modeldeploy.api.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a main class of the test class path in a separate JVM, as a second process would. */
public final class ChildJvm {
    private ChildJvm() {
    }

    /** Result of a finished child. */
    public record Result(int exitCode, String output) {
    }

    /** Starts {@code mainClass} with extra JVM options and arguments; output goes to {@code log}. */
    public static Process start(Path log, List<String> jvmOptions, Class<?> mainClass, String... args) throws IOException {
        return start(log, Map.of(), jvmOptions, mainClass, args);
    }

    /**
     * Like {@link #start(Path, List, Class, String...)}, with extra environment variables for the child
     * (as a user would configure a deployed process: endpoints, credentials).
     */
    public static Process start(Path log, Map<String, String> environment, List<String> jvmOptions, Class<?> mainClass,
                                String... args) throws IOException {
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass.getName());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(environment);
        return pb.start();
    }

    /** Waits for a child started with {@link #start}, failing after the timeout. */
    public static Result await(Process p, Path log, long timeoutSeconds) throws IOException, InterruptedException {
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("child JVM timed out; output:\n" + Files.readString(log));
        }
        return new Result(p.exitValue(), Files.readString(log));
    }
}

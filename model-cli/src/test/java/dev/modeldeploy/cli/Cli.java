package dev.modeldeploy.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the built {@code modeldeploy.jar} as a user would, {@code java -jar modeldeploy.jar ...}, in a
 * separate process whose cache ({@code MODELDEPLOY_CACHE_DIR}) and temporary folder live in a test folder.
 */
final class Cli {
    /** A finished run: exit status and what it printed. */
    record Result(int exitCode, String out, String err) {
        List<String> errLines() {
            return err.lines().toList();
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private static final Path JAR = Path.of(System.getProperty("modeldeploy.jar", "target/modeldeploy.jar"));
    /**
     * A class-data-sharing archive of the jar's classes, made by the first run, so that each of the
     * hundred-odd launches starts in about a third of the time. Only how fast the JVM starts changes:
     * a launch with a stale or mismatched archive runs without it.
     */
    private static final Path CDS = JAR.resolveSibling("modeldeploy-it.jsa");
    private static boolean cdsChecked;

    private final Path cache;
    private final Path temp;
    private final Path logs;

    Cli(Path folder) throws IOException {
        this.cache = folder.resolve("user-cache");
        this.temp = Files.createDirectories(folder.resolve("jvm-tmp"));
        this.logs = Files.createDirectories(folder.resolve("cli-logs"));
        assertThat(JAR).as("the executable jar; build it with 'mvn package' first").isRegularFile();
    }

    /** The cache folder the process uses unless told otherwise. */
    Path cache() {
        return cache;
    }

    /** The process's java.io.tmpdir. */
    Path temp() {
        return temp;
    }

    Result run(String... args) throws IOException, InterruptedException {
        return run(List.of("-jar", JAR.toString()), args);
    }

    /**
     * Runs the jar with extra class path entries (such as a test-only model format), as a user who adds
     * their own format module to the class path would.
     */
    Result runWith(List<Path> extraClassPath, String... args) throws IOException, InterruptedException {
        StringBuilder cp = new StringBuilder(JAR.toString());
        for (Path p : extraClassPath) {
            cp.append(java.io.File.pathSeparatorChar).append(p);
        }
        return run(List.of("-cp", cp.toString(), Main.class.getName()), args);
    }

    /** JVM options for a quick start: the shared archive (made on first use), C1 only, and no CDS log lines. */
    private static synchronized List<String> startupOptions() throws IOException, InterruptedException {
        if (!cdsChecked) {
            cdsChecked = true;
            if (!Files.exists(CDS) || Files.getLastModifiedTime(CDS).compareTo(Files.getLastModifiedTime(JAR)) < 0) {
                Path made = CDS.resolveSibling(CDS.getFileName() + ".tmp");
                Files.deleteIfExists(made);
                Path none = Files.createTempDirectory("cds-store-");
                Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-XX:ArchiveClassesAtExit=" + made, "-Xlog:disable", "-jar", JAR.toString(), "list",
                        none.toUri().toString() + "none").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (p.waitFor(120, TimeUnit.SECONDS) && Files.exists(made)) {
                    Files.move(made, CDS, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                } else {
                    p.destroyForcibly();
                }
                Files.deleteIfExists(none);
            }
        }
        List<String> options = new ArrayList<>(List.of("-XX:TieredStopAtLevel=1", "-Xlog:disable"));
        if (Files.exists(CDS)) {
            options.add("-XX:SharedArchiveFile=" + CDS);
        }
        return options;
    }

    private Result run(List<String> launch, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(startupOptions());
        command.add("-Djava.io.tmpdir=" + temp);
        command.addAll(launch);
        command.addAll(List.of(args));
        Path out = Files.createTempFile(logs, "out-", ".txt");
        Path err = Files.createTempFile(logs, "err-", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().put("MODELDEPLOY_CACHE_DIR", cache.toString());
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("modeldeploy " + String.join(" ", args) + " did not finish; stderr:\n"
                    + Files.readString(err, StandardCharsets.UTF_8));
        }
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}

package dev.modeldeploy.benchmarks.suite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The suite's Spark measurement: model-spark's {@code SparkScoringBenchmark} (Spark's local mode against
 * the single-JVM batch runner), which {@code benchmarks.jar} cannot carry (Spark is ~290 MB and
 * {@code provided}), run by JMH in a child JVM on model-spark's test class path. {@code run-suite.sh}
 * builds that class path into a file and names it with {@code -D}{@value #CLASSPATH_PROPERTY}; the child
 * writes JMH's JSON to a part file that {@link Suite} appends to {@code results.json}.
 *
 * <p>The short profile runs the methods the catalogue needs in the child JVM itself ({@code -f 0}), two
 * warm-up iterations of {@value #WARMUP_SECONDS} s and three measured ones of a second: every fork would
 * start Spark and build the fixture again from cold, 15 to 20 s on two cores, three times over, where one
 * JVM pays that once and the whole part takes 40 to 45 s. The methods then share one JVM in JMH's
 * (alphabetical) order, so the batch runner runs first, right after that cold start: its warm-up
 * iterations are {@value #WARMUP_SECONDS} s rather than the suite's 1 s because at 1 s it was still
 * speeding up while measured, which favoured Spark in their ratio. The full profile keeps the benchmark's
 * own forks and iterations. Both add {@code -prof gc}.
 *
 * <p>Stateless.
 */
final class SparkPart {
    /** The benchmark class, in model-spark's test sources. */
    static final String CLASS = "dev.modeldeploy.spark.bench.SparkScoringBenchmark";
    /** The system property naming a file that holds the benchmark's class path (one line, path-separated). */
    static final String CLASSPATH_PROPERTY = "suite.spark.classpath";
    static final int WARMUP_ITERATIONS = 2;
    static final int WARMUP_SECONDS = 2;
    static final int MEASUREMENT_ITERATIONS = 3;
    /**
     * The benchmark's {@code @Fork(jvmArgsAppend)}: without forks the child JVM is the one measured, so it
     * needs them itself. {@code SparkPartTest} checks they match the benchmark's source.
     */
    static final List<String> JVM_OPTIONS = List.of("-Xms2g", "-Xmx2g", "-XX:+IgnoreUnrecognizedVMOptions",
            "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED", "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED");

    private SparkPart() {
    }

    /**
     * Measures the methods into {@code json}, or says on standard error why it did not (the summary then
     * says "not measured" for the figures that need them).
     *
     * @param profile       {@code short} or {@code full}
     * @param methods       fully qualified benchmark methods
     * @param json          where the child writes JMH's JSON
     * @param classpathFile the file {@value #CLASSPATH_PROPERTY} names, or null when it is not set
     * @return whether the child ran and wrote {@code json}
     */
    static boolean run(String profile, List<String> methods, Path json, String classpathFile)
            throws IOException, InterruptedException {
        if (classpathFile == null) {
            System.err.println("Spark benchmark not measured: no -D" + CLASSPATH_PROPERTY + "=FILE naming model-spark's test"
                    + " class path (benchmarks.jar cannot carry Spark; benchmarks/run-suite.sh builds the class path and"
                    + " passes it)");
            return false;
        }
        Path file = Path.of(classpathFile);
        if (!Files.isRegularFile(file)) {
            System.err.println("Spark benchmark not measured: " + CLASSPATH_PROPERTY + " names " + file + ", which is not a file");
            return false;
        }
        List<String> command = command(Path.of(System.getProperty("java.home"), "bin", "java"),
                Files.readString(file).strip(), profile, methods, json);
        System.out.println("Spark benchmark: " + String.join(" ", methods) + " in a child JVM (" + profileText(profile) + ")");
        int exit = new ProcessBuilder(command).inheritIO().start().waitFor();
        boolean wrote = Files.exists(json) && Files.size(json) > 0;
        if (exit != 0 || !wrote) {
            System.err.println("Spark benchmark " + (wrote ? "exited with " + exit : "wrote no results (exit " + exit + ")"));
        }
        return wrote;
    }

    /** The child JVM's command line: JMH's launcher on the Spark class path, JSON to {@code json}. */
    static List<String> command(Path java, String classpath, String profile, List<String> methods, Path json) {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        if (profile.equals("short")) {
            command.addAll(JVM_OPTIONS);
        }
        command.addAll(List.of("-cp", classpath, "org.openjdk.jmh.Main", include(methods),
                "-rf", "json", "-rff", json.toString(), "-prof", "gc"));
        if (profile.equals("short")) {
            command.addAll(List.of("-f", "0", "-wi", String.valueOf(WARMUP_ITERATIONS), "-w", WARMUP_SECONDS + "s",
                    "-i", String.valueOf(MEASUREMENT_ITERATIONS), "-r", "1s"));
        }
        return command;
    }

    /** A regular expression JMH matches exactly these methods with, and no method whose name extends one. */
    static String include(List<String> methods) {
        return methods.stream().map(Pattern::quote).collect(Collectors.joining("|", "^(?:", ")$"));
    }

    /** How the Spark part measures, as the summary's header says it. */
    static String profileText(String profile) {
        return profile.equals("short")
                ? "SparkScoringBenchmark in one JVM without forks, " + WARMUP_ITERATIONS + " × " + WARMUP_SECONDS + " s warm-up, "
                        + MEASUREMENT_ITERATIONS + " × 1 s measured"
                : "SparkScoringBenchmark with its own forks and iterations";
    }
}

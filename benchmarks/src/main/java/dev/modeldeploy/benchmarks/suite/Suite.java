package dev.modeldeploy.benchmarks.suite;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The suite's one entry point: runs a profile, writes JMH's JSON ({@code results.json}) and the
 * Markdown summary of ratios against the baselines measured in the same run ({@code summary.md}).
 *
 * <pre>
 * java [-Dsuite.spark.classpath=FILE] -cp benchmarks/target/benchmarks.jar dev.modeldeploy.benchmarks.suite.Suite short [OUT_DIR]
 * java [-Dsuite.spark.classpath=FILE] -cp benchmarks/target/benchmarks.jar dev.modeldeploy.benchmarks.suite.Suite full [OUT_DIR]
 * java -cp benchmarks/target/benchmarks.jar dev.modeldeploy.benchmarks.suite.Suite summarize RESULTS_JSON [OUT_DIR]
 * </pre>
 * {@code benchmarks/run-suite.sh short|full [OUT_DIR]} builds both and passes the class path file.
 *
 * <p>{@code short} measures only what the {@link Catalogue} needs, in the {@link Schedule}'s order: each
 * JMH run one fork of one warm-up and three measurement iterations of a second (more warm-ups for the
 * classes and methods in {@link #LONGER_WARM_UP}). Most methods run once; the points of the serving and
 * batch runner benchmarks ({@link Schedule#PAIRED}) run twice, in ABBA order next to the points they
 * are compared with, so {@code results.json} has two results for each of them, which {@link Results}
 * pools. {@code full} runs the same schedule with each benchmark's own forks and iterations (a method run
 * once with every parameter value it declares), then every benchmark and parameter value the catalogue
 * does not name, once; its paired points too run in ABBA rounds, as the full profile's long runs let the
 * machine drift further between two sides of a pair. Both run with {@code -prof gc}, so allocation per
 * operation is in the results.
 *
 * <p>After those runs, the figures of model-spark's Spark benchmark, which {@code benchmarks.jar} cannot
 * carry, are measured by {@link SparkPart} in a child JVM on the class path the file named by
 * {@code -Dsuite.spark.classpath} holds (model-spark's test classes and test-scope dependencies), and its
 * results appended to the same {@code results.json}. Without that property Suite says why on standard
 * error and the summary says "not measured" for the Spark lines.
 */
public final class Suite {
    private Suite() {
    }

    public static void main(String[] args) throws IOException, RunnerException {
        if (args.length < 1 || !Set.of("short", "full", "summarize").contains(args[0])
                || (args[0].equals("summarize") && args.length < 2)) {
            System.err.println("usage: Suite short|full [OUT_DIR]  or  Suite summarize RESULTS_JSON [OUT_DIR]");
            System.exit(2);
        }
        String profile = args[0];
        Path json;
        Path outDir;
        if (profile.equals("summarize")) {
            json = Path.of(args[1]);
            outDir = args.length > 2 ? Path.of(args[2]) : json.toAbsolutePath().getParent();
            Files.createDirectories(outDir);
        } else {
            outDir = Path.of(args.length > 1 ? args[1] : "benchmarks/results");
            Files.createDirectories(outDir);
            json = outDir.resolve("results.json");
            run(profile, json);
        }
        Path summary = outDir.resolve("summary.md");
        Files.writeString(summary, Summary.markdown(header(profile), Catalogue.comparisons(), Results.read(json)));
        System.out.println("Wrote " + json + " and " + summary);
    }

    /** Runs a profile, leaving JMH's results of every run in one JSON array at {@code json}. */
    static void run(String profile, Path json) throws IOException, RunnerException {
        ObjectMapper mapper = new ObjectMapper();
        ArrayNode all = mapper.createArrayNode();
        Path part = json.toAbsolutePath().resolveSibling("part.json");
        try {
            boolean full = profile.equals("full");
            List<Schedule.Run> runs = Schedule.of(Catalogue.comparisons());
            for (Schedule.Run run : runs) {
                ChainedOptionsBuilder options = method(part, run);
                if (full) {
                    // Each benchmark's own forks and iterations; a method run once runs whole, with every
                    // parameter value it declares, as the full profile runs every benchmark.
                    if (run.round() > 0) {
                        params(options, run);
                    }
                } else {
                    options.forks(1).warmupIterations(warmupIterations(run.benchmark())).warmupTime(TimeValue.seconds(1))
                            .measurementIterations(MEASUREMENT_ITERATIONS).measurementTime(TimeValue.seconds(1));
                    params(options, run);
                }
                jmh(options, run.toString(), mapper, all, part);
            }
            if (full) {
                // Then what the catalogue does not name, once, with each benchmark's own settings: the values of
                // paired methods their points leave out, and every other benchmark.
                for (Schedule.Run run : Schedule.remainder(runs, Schedule.declaredParams()::get)) {
                    jmh(params(method(part, run), run), run.toString(), mapper, all, part);
                }
                ChainedOptionsBuilder rest = common(part).include("^" + Pattern.quote(Point.PACKAGE) + ".*");
                runs.stream().map(Schedule.Run::qualifiedName).distinct().forEach(name -> rest.exclude("^" + Pattern.quote(name) + "$"));
                jmh(rest, "the benchmarks the catalogue does not name", mapper, all, part);
            }
            List<String> elsewhere = Schedule.elsewhere(Catalogue.comparisons());
            if (!elsewhere.isEmpty()) {
                Files.deleteIfExists(part);
                try {
                    SparkPart.run(profile, elsewhere, part, System.getProperty(SparkPart.CLASSPATH_PROPERTY));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while the Spark benchmark ran", e);
                }
                append(mapper, all, part);
            }
        } finally {
            Files.deleteIfExists(part);
        }
        mapper.writerWithDefaultPrettyPrinter().writeValue(json.toFile(), all);
    }

    /**
     * Only the parameter values the run names: a global parameter list would also run every method that
     * shares a parameter name with all its values.
     */
    private static ChainedOptionsBuilder params(ChainedOptionsBuilder options, Schedule.Run run) {
        run.params().forEach((name, values) -> options.param(name, values.toArray(String[]::new)));
        return options;
    }

    /** Options running the one method of {@code run}. */
    private static ChainedOptionsBuilder method(Path part, Schedule.Run run) {
        return common(part).include("^" + Pattern.quote(run.qualifiedName()) + "$");
    }

    /** One JMH run, its results added to {@code all}; a run that fails leaves its figures "not measured". */
    private static void jmh(ChainedOptionsBuilder options, String what, ObjectMapper mapper, ArrayNode all, Path part) throws IOException {
        Files.deleteIfExists(part);
        try {
            new Runner(options.build()).run();
        } catch (RunnerException e) {
            System.err.println("Benchmark " + what + " did not run: " + e.getMessage());
        }
        append(mapper, all, part);
    }

    /** Adds the results of one JMH run's JSON file, if it wrote any, to {@code all}. */
    static void append(ObjectMapper mapper, ArrayNode all, Path part) throws IOException {
        if (Files.exists(part) && Files.size(part) > 0) {
            all.addAll((ArrayNode) mapper.readTree(part.toFile()));
        }
    }

    /**
     * Warm-up and measured iterations of a second in each run of the short profile. One second of warm-up
     * runs the benchmarks of microseconds thousands of times past C2's compile thresholds, and a whole
     * operation of those of seconds; a second one cost a minute that the Spark part and the latency
     * benchmark needed to keep the profile under ten minutes on two cores.
     */
    private static final int WARMUP_ITERATIONS = 1;
    private static final int MEASUREMENT_ITERATIONS = 3;

    /** The multi-threaded serving points' warm-up. */
    private static final LongerWarmUp SERVING_UNDER_LOAD = new LongerWarmUp(3, "whose threads need the JIT settled");

    /**
     * Classes and methods that keep more warm-up iterations in the short profile, and why.
     * <ul>
     *   <li>PostgresSinkBenchmark: one operation takes seconds, so an iteration is one operation; with one
     *       warm-up, the job's first measured million rows still took 6.4 s against 5.3-5.5 s for the next two.</li>
     *   <li>MicroBatchLatencyBenchmark.microBatched32: a percentile needs the JIT settled. In the first
     *       seconds of 32 callers, while C2 compiles the batcher's paths, p99 stays near 3.8 ms, against
     *       0.13-0.3 ms after; that lasted the first 2, 2 and 3 seconds in three JVMs, and in one suite run
     *       the first measured second after three of warm-up still fell in it.</li>
     *   <li>OnnxServingBenchmark's multi-threaded points: the same micro-batcher under load, and its
     *       baselines, warmed up as long. After one second of warm-up, microBatched32's first measured second
     *       came out at 153 K, 277 K and 291 K requests/s in three runs, against 312-485 K for the seconds
     *       after them; asyncWindow32's once at 143 K against 272-273 K, and perCall32's once at 121 K
     *       against 153-178 K.</li>
     * </ul>
     */
    static final Map<String, LongerWarmUp> LONGER_WARM_UP = new TreeMap<>(Map.of(
            "PostgresSinkBenchmark", new LongerWarmUp(2, "whose operation takes seconds"),
            "MicroBatchLatencyBenchmark.microBatched32", new LongerWarmUp(5, "whose percentiles need the JIT settled"),
            "OnnxServingBenchmark.microBatched32", SERVING_UNDER_LOAD,
            "OnnxServingBenchmark.perCall32", SERVING_UNDER_LOAD,
            "OnnxServingBenchmark.asyncWindow32", SERVING_UNDER_LOAD,
            "OnnxServingBenchmark.perCall2", SERVING_UNDER_LOAD));

    /** The warm-up iterations of a class's methods, or of one method, in the short profile, and the reason the header gives. */
    record LongerWarmUp(int iterations, String why) {
    }

    /** Warm-up iterations of a run of {@code benchmark} ({@code Class.method}) in the short profile. */
    static int warmupIterations(String benchmark) {
        LongerWarmUp longer = LONGER_WARM_UP.getOrDefault(benchmark,
                LONGER_WARM_UP.get(benchmark.substring(0, benchmark.indexOf('.'))));
        return longer != null ? longer.iterations() : WARMUP_ITERATIONS;
    }

    private static ChainedOptionsBuilder common(Path json) {
        return new OptionsBuilder().addProfiler(GCProfiler.class).resultFormat(ResultFormatType.JSON).result(json.toString());
    }

    /** The longer warm-ups, those with the same reason together: "3 for A and B, why; 2 for C, why". */
    static String longerWarmUps() {
        Map<LongerWarmUp, List<String>> byReason = new LinkedHashMap<>();
        LONGER_WARM_UP.forEach((name, longer) -> byReason.computeIfAbsent(longer, k -> new ArrayList<>()).add(name));
        return byReason.entrySet().stream().map(e -> e.getKey().iterations() + " for " + and(e.getValue()) + ", " + e.getKey().why())
                .collect(Collectors.joining("; "));
    }

    private static String and(List<String> names) {
        int last = names.size() - 1;
        return last == 0 ? names.get(0) : String.join(", ", names.subList(0, last)) + " and " + names.get(last);
    }

    /** How the paired points run and are scored, in the header's words. */
    private static String rounds() {
        return "the points of " + String.join(" and ", new TreeSet<>(Schedule.PAIRED))
                + " in two such runs each, in ABBA order beside the points they are compared with, their iterations pooled";
    }

    /** The summary's lines above its tables: date, machine and how the profile measured. */
    static List<String> header(String profile) {
        List<String> lines = new ArrayList<>();
        lines.add("Measured " + LocalDate.now(ZoneOffset.UTC) + " on " + Runtime.getRuntime().availableProcessors()
                + " cores, " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version")
                + ", JMH " + profileText(profile) + spark(profile) + ".");
        return lines;
    }

    /** How the Spark part measured its lines, when the profile ran it. */
    private static String spark(String profile) {
        boolean ran = Set.of("short", "full").contains(profile) && !Schedule.elsewhere(Catalogue.comparisons()).isEmpty();
        return ran ? "; Spark lines: " + SparkPart.profileText(profile) : "";
    }

    /** How a profile measures, as the summary's header says it. */
    static String profileText(String profile) {
        return switch (profile) {
            case "short" -> "short profile (1 fork, " + WARMUP_ITERATIONS + " × 1 s warm-up (" + longerWarmUps() + "), " + MEASUREMENT_ITERATIONS
                    + " × 1 s measured; " + rounds() + ")";
            case "full" -> "full profile (each benchmark's own forks and iterations; " + rounds() + ")";
            default -> "results summarized from an earlier run";
        };
    }
}

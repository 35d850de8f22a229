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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The suite's one entry point: runs a profile, writes JMH's JSON ({@code results.json}) and the
 * Markdown summary of ratios against the baselines measured in the same run ({@code summary.md}).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.modeldeploy.benchmarks.suite.Suite short [OUT_DIR]
 * java -cp benchmarks/target/benchmarks.jar dev.modeldeploy.benchmarks.suite.Suite full [OUT_DIR]
 * java -cp benchmarks/target/benchmarks.jar dev.modeldeploy.benchmarks.suite.Suite summarize RESULTS_JSON [OUT_DIR]
 * </pre>
 *
 * <p>{@code short} measures only what the {@link Catalogue} needs, with one fork, two warm-up and
 * three measurement iterations of a second (five for the multi-threaded benchmarks); {@code full} runs every benchmark with its own settings.
 * Both run with {@code -prof gc}, so allocation per operation is in the results.
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
        if (profile.equals("full")) {
            new Runner(common(json).include(Pattern.quote(Point.PACKAGE) + ".*").build()).run();
            return;
        }
        // One JMH run per benchmark method, with only the parameter values its points name: a global
        // parameter list would also run every method that shares a parameter name with all its values.
        Map<String, Map<String, Set<String>>> byMethod = new LinkedHashMap<>();
        for (Comparison c : Catalogue.comparisons()) {
            for (Point p : c.figure().points()) {
                Map<String, Set<String>> params = byMethod.computeIfAbsent(p.qualifiedName(), k -> new LinkedHashMap<>());
                p.params().forEach((name, value) -> params.computeIfAbsent(name, k -> new LinkedHashSet<>()).add(value));
            }
        }
        ObjectMapper mapper = new ObjectMapper();
        ArrayNode all = mapper.createArrayNode();
        Path part = json.toAbsolutePath().resolveSibling("part.json");
        try {
            for (Map.Entry<String, Map<String, Set<String>>> method : byMethod.entrySet()) {
                ChainedOptionsBuilder options = common(part).include("^" + Pattern.quote(method.getKey()) + "$")
                        .forks(1).warmupIterations(2).warmupTime(TimeValue.seconds(1))
                        .measurementIterations(iterations(method.getKey())).measurementTime(TimeValue.seconds(1));
                method.getValue().forEach((name, values) -> options.param(name, values.toArray(String[]::new)));
                Files.deleteIfExists(part);
                try {
                    new Runner(options.build()).run();
                } catch (RunnerException e) {
                    // The summary says "not measured" for what this method's figures needed.
                    System.err.println("Benchmark " + method.getKey() + " did not run: " + e.getMessage());
                }
                if (Files.exists(part) && Files.size(part) > 0) {
                    all.addAll((ArrayNode) mapper.readTree(part.toFile()));
                }
            }
        } finally {
            Files.deleteIfExists(part);
        }
        mapper.writerWithDefaultPrettyPrinter().writeValue(json.toFile(), all);
    }

    /**
     * Measurement iterations of a method in the short profile: three, and five for the benchmarks whose
     * threads contend for both cores (their spread over three iterations was wider than the effects
     * they measure).
     */
    static int iterations(String qualifiedMethod) {
        String simple = qualifiedMethod.substring(0, qualifiedMethod.lastIndexOf('.'));
        simple = simple.substring(simple.lastIndexOf('.') + 1);
        return MANY_THREADS.contains(simple) ? 5 : 3;
    }

    private static final Set<String> MANY_THREADS = Set.of("OnnxServingBenchmark", "BatchRunnerBenchmark");

    private static ChainedOptionsBuilder common(Path json) {
        return new OptionsBuilder().addProfiler(GCProfiler.class).resultFormat(ResultFormatType.JSON).result(json.toString());
    }

    private static List<String> header(String profile) {
        List<String> lines = new ArrayList<>();
        lines.add("Measured " + LocalDate.now(ZoneOffset.UTC) + " on " + Runtime.getRuntime().availableProcessors()
                + " cores, " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version")
                + ", JMH " + profileText(profile) + ".");
        return lines;
    }

    private static String profileText(String profile) {
        return switch (profile) {
            case "short" -> "short profile (1 fork, 2 × 1 s warm-up, 3 × 1 s measured; 5 × 1 s for the"
                    + " multi-threaded batch runner and serving benchmarks)";
            case "full" -> "full profile (each benchmark's own forks and iterations)";
            default -> "results summarized from an earlier run";
        };
    }
}

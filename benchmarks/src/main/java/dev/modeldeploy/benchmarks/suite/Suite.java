package dev.modeldeploy.benchmarks.suite;

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
 * three measurement iterations of a second; {@code full} runs every benchmark with its own settings.
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
            new Runner(options(profile, json).build()).run();
        }
        Path summary = outDir.resolve("summary.md");
        Files.writeString(summary, Summary.markdown(header(profile), Catalogue.comparisons(), Results.read(json)));
        System.out.println("Wrote " + json + " and " + summary);
    }

    static ChainedOptionsBuilder options(String profile, Path json) {
        ChainedOptionsBuilder options = new OptionsBuilder().addProfiler(GCProfiler.class)
                .resultFormat(ResultFormatType.JSON).result(json.toString());
        if (profile.equals("full")) {
            return options.include(Pattern.quote(Point.PACKAGE) + ".*");
        }
        Set<String> benchmarks = new LinkedHashSet<>();
        Map<String, Set<String>> params = new LinkedHashMap<>();
        for (Comparison c : Catalogue.comparisons()) {
            for (Point p : c.figure().points()) {
                benchmarks.add(p.qualifiedName());
                p.params().forEach((name, value) -> params.computeIfAbsent(name, k -> new LinkedHashSet<>()).add(value));
            }
        }
        benchmarks.forEach(b -> options.include("^" + Pattern.quote(b) + "$"));
        params.forEach((name, values) -> options.param(name, values.toArray(String[]::new)));
        return options.forks(1).warmupIterations(2).warmupTime(TimeValue.seconds(1))
                .measurementIterations(3).measurementTime(TimeValue.seconds(1));
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
            case "short" -> "short profile (1 fork, 2 × 1 s warm-up, 3 × 1 s measured)";
            case "full" -> "full profile (each benchmark's own forks and iterations)";
            default -> "results summarized from an earlier run";
        };
    }
}

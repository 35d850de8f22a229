package dev.modeldeploy.benchmarks.suite;

import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.format.OutputFormat;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The JMH runs of the catalogue's points, in order: the short profile's whole run, and the first part of
 * the full profile's (which then runs what the catalogue does not name, see {@link #remainder}).
 *
 * <p>A method of most classes runs once, with every parameter value the catalogue's points name,
 * where the catalogue first needs it. The points of the {@link #PAIRED} classes, whose threads contend
 * for both cores and whose ratios moved with the machine's speed when their two sides ran a minute
 * apart, run in two rounds in ABBA order instead: each comparison adds the points it is the first to
 * need in its figure's order, then the same points in reverse ({@code A B B A}; {@code A B C C B A}).
 * A point measured once slowly and once quickly then has the same centre in time as the points it is
 * compared with, so drift that is roughly linear over a block cancels from the ratio. A point a later
 * comparison shares is not measured again: every paired point runs exactly twice. The batch runner's
 * scaling figure shares its one-thread points with the comparison before it and so gets the block
 * {@code R2 L2 L2 R2} after {@code R1 L1 L1 R1}; its value, {@code (R1 / L1) / (R2 / L2)} in time, is
 * then a ratio of two ABBA pairs.
 *
 * <p>Points outside {@code benchmarks.jar} ({@link Point#inBenchmarksJar()}: the Spark benchmark in
 * model-spark's test classes) are not scheduled here: {@link #elsewhere} names their methods for
 * {@link SparkPart}, which measures them in a JVM of its own after these runs.
 *
 * <p>Stateless: {@link #of} builds a new list of immutable runs.
 */
final class Schedule {
    /** Simple names of the classes whose points run in two rounds in ABBA order. */
    static final Set<String> PAIRED = Set.of("OnnxServingBenchmark", "BatchRunnerBenchmark");

    private Schedule() {
    }

    /**
     * One JMH run of one method.
     *
     * @param benchmark class and method, relative to the benchmarks package
     * @param params    the parameter values to run, by name (names left out run JMH's defaults)
     * @param round     1 or 2 for a paired point's rounds, 0 for a method's single run
     */
    record Run(String benchmark, Map<String, List<String>> params, int round) {
        Run {
            params = Map.copyOf(params);
        }

        /** The fully qualified benchmark name JMH reports. */
        String qualifiedName() {
            return Point.PACKAGE + benchmark;
        }

        @Override
        public String toString() {
            return benchmark + (params.isEmpty() ? "" : params.toString()) + (round == 0 ? "" : " round " + round);
        }
    }

    /** Whether a point's class runs its points in rounds. */
    static boolean paired(Point point) {
        return PAIRED.contains(point.benchmark().substring(0, point.benchmark().indexOf('.')));
    }

    /** The runs the comparisons need, in order. */
    static List<Run> of(List<Comparison> comparisons) {
        // A single run is a slot filled in as later comparisons name more of its method's parameter values.
        List<Supplier<Run>> slots = new ArrayList<>();
        Map<String, Map<String, Set<String>>> single = new LinkedHashMap<>();
        Set<Point> inRounds = new HashSet<>();
        for (Comparison c : comparisons) {
            List<Point> block = new ArrayList<>();
            for (Point p : c.figure().points()) {
                if (!p.inBenchmarksJar()) {
                    continue;
                }
                if (paired(p)) {
                    if (inRounds.add(p)) {
                        block.add(p);
                    }
                    continue;
                }
                Map<String, Set<String>> params = single.computeIfAbsent(p.benchmark(), method -> {
                    Map<String, Set<String>> values = new LinkedHashMap<>();
                    slots.add(() -> new Run(method, lists(values), 0));
                    return values;
                });
                p.params().forEach((name, value) -> params.computeIfAbsent(name, k -> new LinkedHashSet<>()).add(value));
            }
            for (Point p : block) {
                slots.add(() -> round(p, 1));
            }
            for (int i = block.size() - 1; i >= 0; i--) {
                Point p = block.get(i);
                slots.add(() -> round(p, 2));
            }
        }
        return slots.stream().map(Supplier::get).toList();
    }

    /**
     * For the full profile, which runs every benchmark: the parameter values of the paired methods that no
     * round of {@code runs} measured, one run per method and parameter, so that each such value runs once
     * (with the method's other parameters at all their values). Paired points run only in their rounds.
     *
     * @param declared a method's parameters and their values as its benchmark declares them (see {@link #declaredParams})
     * @throws IllegalArgumentException if {@code declared} does not know a paired method
     */
    static List<Run> remainder(List<Run> runs, Function<String, Map<String, List<String>>> declared) {
        Map<String, Map<String, Set<String>>> measured = new LinkedHashMap<>();
        for (Run r : runs) {
            if (r.round() > 0) {
                Map<String, Set<String>> values = measured.computeIfAbsent(r.benchmark(), k -> new LinkedHashMap<>());
                r.params().forEach((name, list) -> values.computeIfAbsent(name, k -> new LinkedHashSet<>()).addAll(list));
            }
        }
        List<Run> out = new ArrayList<>();
        measured.forEach((method, values) -> Optional.ofNullable(declared.apply(method))
                .orElseThrow(() -> new IllegalArgumentException("no benchmark " + method)).forEach((name, all) -> {
            List<String> left = all.stream().filter(v -> !values.getOrDefault(name, Set.of()).contains(v)).toList();
            if (!left.isEmpty() && values.containsKey(name)) {
                out.add(new Run(method, Map.of(name, left), 0));
            }
        }));
        return out;
    }

    /**
     * Every benchmark method of {@code benchmarks.jar} ({@code Class.method}, relative to the benchmarks
     * package) with the parameters it runs with and their declared values, as JMH's annotation processor
     * listed them in the jar's {@code META-INF/BenchmarkList}: no class is loaded to find them.
     */
    static Map<String, Map<String, List<String>>> declaredParams() {
        Map<String, Map<String, List<String>>> out = new TreeMap<>();
        OutputFormat silent = OutputFormatFactory.createFormatInstance(System.out, VerboseMode.SILENT);
        for (BenchmarkListEntry entry : BenchmarkList.defaultList().getAll(silent, List.of())) {
            if (!entry.getUsername().startsWith(Point.PACKAGE)) {
                continue;
            }
            Map<String, List<String>> params = new TreeMap<>();
            entry.getParams().orElse(Map.of()).forEach((name, values) -> params.put(name, List.of(values)));
            // One entry per mode of a method; they share their parameters.
            out.putIfAbsent(entry.getUsername().substring(Point.PACKAGE.length()), params);
        }
        return out;
    }

    /** The fully qualified methods of the points outside {@code benchmarks.jar}, in the order first needed. */
    static List<String> elsewhere(List<Comparison> comparisons) {
        Set<String> methods = new LinkedHashSet<>();
        comparisons.forEach(c -> c.figure().points().stream().filter(p -> !p.inBenchmarksJar())
                .forEach(p -> methods.add(p.qualifiedName())));
        return List.copyOf(methods);
    }

    private static Run round(Point p, int round) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        p.params().forEach((name, value) -> params.put(name, List.of(value)));
        return new Run(p.benchmark(), params, round);
    }

    private static Map<String, List<String>> lists(Map<String, Set<String>> values) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        values.forEach((name, set) -> out.put(name, List.copyOf(set)));
        return out;
    }
}

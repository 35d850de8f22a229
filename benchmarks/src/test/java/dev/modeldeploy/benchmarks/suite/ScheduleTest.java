package dev.modeldeploy.benchmarks.suite;

import dev.modeldeploy.benchmarks.suite.Figure.Scaling;
import dev.modeldeploy.benchmarks.suite.Figure.Speedup;
import dev.modeldeploy.benchmarks.suite.Figure.TimeRatio;
import dev.modeldeploy.benchmarks.suite.Schedule.Run;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScheduleTest {

    private static Run single(String benchmark, Map<String, List<String>> params) {
        return new Run(benchmark, params, 0);
    }

    private static Run round(String benchmark, int round, String... params) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (int i = 0; i < params.length; i += 2) {
            map.put(params[i], List.of(params[i + 1]));
        }
        return new Run(benchmark, map, round);
    }

    @Test
    void pairedPointsRunAbbaOnceEachAndOtherMethodsOnceInTheOrderFirstNeeded() {
        Point r1 = Point.of("BatchRunnerBenchmark.runner", "threads", "1");
        Point r2 = Point.of("BatchRunnerBenchmark.runner", "threads", "2");
        Point l1 = Point.of("BatchRunnerBenchmark.rawLoop", "threads", "1");
        Point l2 = Point.of("BatchRunnerBenchmark.rawLoop", "threads", "2");
        List<Comparison> comparisons = List.of(
                Comparison.report("U", "unpaired", new Speedup(Point.of("U.a", "n", "1"), Point.of("U.b", "n", "1"))),
                Comparison.report("P", "two points", new TimeRatio(Point.of("OnnxServingBenchmark.p"), Point.of("OnnxServingBenchmark.q"))),
                // A later value of an earlier method joins that method's one run.
                Comparison.report("U", "more values", new Speedup(Point.of("U.a", "n", "2"), Point.of("V.c"))),
                Comparison.report("P", "one thread", new Speedup(r1, l1)),
                // Shares r1 and l1, which are not measured again.
                Comparison.report("P", "scaling", new Scaling(r1, r2, l1, l2)),
                // Shares q: only s is new.
                Comparison.report("P", "shares one", new TimeRatio(Point.of("OnnxServingBenchmark.s"), Point.of("OnnxServingBenchmark.q"))),
                // A point of a paired class runs in rounds wherever it is compared.
                Comparison.report("M", "mixed", new TimeRatio(Point.of("OnnxServingBenchmark.t"), Point.of("U.b", "n", "1"))));

        assertEquals(List.of(
                single("U.a", Map.of("n", List.of("1", "2"))),
                single("U.b", Map.of("n", List.of("1"))),
                round("OnnxServingBenchmark.p", 1), round("OnnxServingBenchmark.q", 1),
                round("OnnxServingBenchmark.q", 2), round("OnnxServingBenchmark.p", 2),
                single("V.c", Map.of()),
                round("BatchRunnerBenchmark.runner", 1, "threads", "1"), round("BatchRunnerBenchmark.rawLoop", 1, "threads", "1"),
                round("BatchRunnerBenchmark.rawLoop", 2, "threads", "1"), round("BatchRunnerBenchmark.runner", 2, "threads", "1"),
                round("BatchRunnerBenchmark.runner", 1, "threads", "2"), round("BatchRunnerBenchmark.rawLoop", 1, "threads", "2"),
                round("BatchRunnerBenchmark.rawLoop", 2, "threads", "2"), round("BatchRunnerBenchmark.runner", 2, "threads", "2"),
                round("OnnxServingBenchmark.s", 1), round("OnnxServingBenchmark.s", 2),
                round("OnnxServingBenchmark.t", 1), round("OnnxServingBenchmark.t", 2)), Schedule.of(comparisons));
    }

    @Test
    void theCataloguesPairedPointsRunTwiceBesideAPartnerAndEverythingElseOnceInCatalogueOrder() {
        List<Run> runs = Schedule.of(Catalogue.comparisons());

        Set<Point> pairedPoints = new LinkedHashSet<>();
        Set<String> unpairedMethods = new LinkedHashSet<>();
        for (Comparison c : Catalogue.comparisons()) {
            for (Point p : c.figure().points()) {
                if (!p.inBenchmarksJar()) {
                    continue;
                }
                if (Schedule.PAIRED.contains(p.benchmark().split("\\.")[0])) {
                    pairedPoints.add(p);
                } else {
                    unpairedMethods.add(p.benchmark());
                }
            }
        }
        assertFalse(pairedPoints.isEmpty());
        assertEquals(List.copyOf(unpairedMethods), runs.stream().filter(r -> r.round() == 0).map(Run::benchmark).toList());
        for (Point p : pairedPoints) {
            assertEquals(List.of(1, 2), positions(runs, p).stream().map(i -> runs.get(i).round()).toList(), p.toString());
        }
        assertEquals(unpairedMethods.size() + 2 * pairedPoints.size(), runs.size());

        // ABBA: each point of a paired comparison has a partner in that comparison measured right beside it
        // in both rounds, so both have the same centre in time.
        for (Comparison c : Catalogue.comparisons()) {
            List<Point> points = c.figure().points();
            if (!points.stream().allMatch(pairedPoints::contains)) {
                continue;
            }
            for (Point p : points) {
                List<Integer> at = positions(runs, p);
                boolean partnered = points.stream().filter(q -> !q.equals(p)).map(q -> positions(runs, q)).anyMatch(other ->
                        at.get(0) + at.get(1) == other.get(0) + other.get(1) && Math.abs(at.get(0) - other.get(0)) == 1);
                assertTrue(partnered, c.what() + ": " + p + " at " + at);
            }
        }
    }

    @Test
    void pointsOutsideBenchmarksJarAreLeftToTheirOwnRunInTheOrderFirstNeeded() {
        String spark = "dev.modeldeploy.spark.bench.SparkScoringBenchmark";
        List<Comparison> comparisons = List.of(
                Comparison.report("S", "spark vs runner", new Speedup(Point.of(spark + ".sparkLocal"), Point.of(spark + ".batchRunner"))),
                Comparison.report("U", "unpaired", new Speedup(Point.of("U.a"), Point.of("U.b"))),
                // Spark against a benchmarks.jar point: only the latter is a benchmarks.jar run.
                Comparison.report("M", "mixed", new Speedup(Point.of(spark + ".sparkPassThrough"), Point.of("U.a"))),
                Comparison.report("S", "again", new Speedup(Point.of(spark + ".sparkLocal"), Point.of(spark + ".sparkPassThrough"))));

        assertEquals(List.of(single("U.a", Map.of()), single("U.b", Map.of())), Schedule.of(comparisons));
        assertEquals(List.of(spark + ".sparkLocal", spark + ".batchRunner", spark + ".sparkPassThrough"),
                Schedule.elsewhere(comparisons));
    }

    @Test
    void theCataloguesSparkPointsAreNoBenchmarksJarRunButTheSparkParts() {
        List<String> sparkMethods = Catalogue.comparisons().stream().flatMap(c -> c.figure().points().stream())
                .filter(p -> p.benchmark().startsWith(SparkPart.CLASS + ".")).map(Point::qualifiedName).distinct().toList();
        assertFalse(sparkMethods.isEmpty());
        assertTrue(Schedule.of(Catalogue.comparisons()).stream().noneMatch(r -> r.benchmark().contains("Spark")));
        assertEquals(Set.copyOf(sparkMethods), Set.copyOf(Schedule.elsewhere(Catalogue.comparisons())));
    }

    /** Where a point's rounds are in the schedule: runs of its method with exactly its parameter values. */
    private static List<Integer> positions(List<Run> runs, Point p) {
        Map<String, List<String>> values = new HashMap<>();
        p.params().forEach((name, value) -> values.put(name, List.of(value)));
        List<Integer> at = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            Run r = runs.get(i);
            if (r.round() > 0 && r.benchmark().equals(p.benchmark()) && r.params().equals(values)) {
                at.add(i);
            }
        }
        return at;
    }

    @Test
    void bothProfilesHeadersNameThePairedClassesAndTheirOrder() {
        for (String profile : List.of("short", "full")) {
            String text = Suite.profileText(profile);
            Schedule.PAIRED.forEach(name -> assertTrue(text.contains(name), text));
            assertTrue(text.contains("ABBA"), text);
        }
    }

    @Test
    void theFullProfileRunsOnceThePairedMethodsValuesThatNoRoundMeasured() {
        List<Run> runs = List.of(
                single("U.a", Map.of("n", List.of("1"))),
                round("OnnxServingBenchmark.p", 1, "delay", "100", "size", "8"), round("OnnxServingBenchmark.q", 1),
                round("OnnxServingBenchmark.q", 2), round("OnnxServingBenchmark.p", 2, "delay", "100", "size", "8"),
                round("OnnxServingBenchmark.p", 1, "delay", "5", "size", "8"), round("OnnxServingBenchmark.p", 2, "delay", "5", "size", "8"));
        Map<String, Map<String, List<String>>> declared = Map.of(
                "OnnxServingBenchmark.p", orderedParams("delay", List.of("0", "5", "100"), "size", List.of("8"), "other", List.of("x", "y")),
                "OnnxServingBenchmark.q", orderedParams("delay", List.of("0", "100")));

        // p's delay 0 was never measured; its one size was; "other" was never named, so its rounds ran all its
        // values. q names no parameter: its rounds ran every value. Single runs are not the remainder's business.
        assertEquals(List.of(single("OnnxServingBenchmark.p", Map.of("delay", List.of("0")))), Schedule.remainder(runs, declared::get));
    }

    @Test
    void declaredParamsAreJmhsListOfEachMethodsParameters() {
        Map<String, Map<String, List<String>>> declared = Schedule.declaredParams();
        assertEquals(Map.of("threads", List.of("1", "2")), declared.get("BatchRunnerBenchmark.runner"));
        // A parameter of a @State class the method takes.
        assertEquals(Map.of("maxDelayMicros", List.of("0", "100")), declared.get("OnnxServingBenchmark.microBatched32"));
        assertEquals(Map.of(), declared.get("OnnxServingBenchmark.direct"));
        // The catalogue's paired points leave out the micro-batchers without a delay; the full profile runs them once.
        assertEquals(List.of(single("OnnxServingBenchmark.microBatched32", Map.of("maxDelayMicros", List.of("0"))),
                        single("OnnxServingBenchmark.asyncWindow32", Map.of("maxDelayMicros", List.of("0")))),
                Schedule.remainder(Schedule.of(Catalogue.comparisons()), declared::get));
    }

    private static Map<String, List<String>> orderedParams(Object... namesAndValues) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            @SuppressWarnings("unchecked")
            List<String> values = (List<String>) namesAndValues[i + 1];
            out.put((String) namesAndValues[i], values);
        }
        return out;
    }

    @Test
    void benchmarksThatNeedLongerWarmUpsGetThemAndTheHeaderSaysWhy() {
        assertEquals(2, Suite.warmupIterations("PostgresSinkBenchmark.jobOneThread"));
        assertEquals(5, Suite.warmupIterations("MicroBatchLatencyBenchmark.microBatched32"));
        // Named by method: the class's other method keeps the default.
        assertEquals(1, Suite.warmupIterations("MicroBatchLatencyBenchmark.batchOf32"));
        assertEquals(1, Suite.warmupIterations("OnnxModelBenchmark.onnxSingle"));
        assertEquals(3, Suite.warmupIterations("OnnxServingBenchmark.asyncWindow32"));
        assertEquals(3, Suite.warmupIterations("OnnxServingBenchmark.perCall2"));
        assertEquals(1, Suite.warmupIterations("OnnxServingBenchmark.direct"));
        Set<String> measured = new java.util.HashSet<>();
        Catalogue.comparisons().forEach(c -> c.figure().points().forEach(p -> {
            measured.add(p.benchmark().split("\\.")[0]);
            measured.add(p.benchmark());
        }));
        assertTrue(measured.containsAll(Suite.LONGER_WARM_UP.keySet()), measured.toString());
        String text = Suite.profileText("short");
        Suite.LONGER_WARM_UP.forEach((name, longer) -> assertTrue(text.contains(name) && text.contains(longer.why()), text));
        assertTrue(text.contains("3 for OnnxServingBenchmark.asyncWindow32, OnnxServingBenchmark.microBatched32, "
                + "OnnxServingBenchmark.perCall2 and OnnxServingBenchmark.perCall32, whose threads need the JIT settled"), text);
        assertTrue(text.contains("2 for PostgresSinkBenchmark, whose operation takes seconds"), text);
    }
}

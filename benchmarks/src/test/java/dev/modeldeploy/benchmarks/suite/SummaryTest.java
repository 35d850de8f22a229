package dev.modeldeploy.benchmarks.suite;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modeldeploy.benchmarks.suite.Figure.AddedAllocation;
import dev.modeldeploy.benchmarks.suite.Figure.Scaling;
import dev.modeldeploy.benchmarks.suite.Figure.Speedup;
import dev.modeldeploy.benchmarks.suite.Figure.TimeRatio;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SummaryTest {
    /** Shaped as JMH 1.37 writes it with {@code -rf json -prof gc}, trimmed to the fields the suite reads. */
    static final String JSON = """
            [
              {"benchmark": "dev.modeldeploy.benchmarks.A.fast", "mode": "avgt", "params": {"n": "1"},
               "primaryMetric": {"score": 10.0, "scoreError": 0.5, "scoreUnit": "ns/op"},
               "secondaryMetrics": {"gc.alloc.rate.norm": {"score": 32.0, "scoreUnit": "B/op"}}},
              {"benchmark": "dev.modeldeploy.benchmarks.A.fast", "mode": "avgt", "params": {"n": "2"},
               "primaryMetric": {"score": 6.0, "scoreError": 0.5, "scoreUnit": "ns/op"}, "secondaryMetrics": {}},
              {"benchmark": "dev.modeldeploy.benchmarks.A.slow", "mode": "avgt", "params": {"n": "1"},
               "primaryMetric": {"score": 40.0, "scoreError": 1.0, "scoreUnit": "ns/op"},
               "secondaryMetrics": {"·gc.alloc.rate.norm": {"score": 0.0, "scoreUnit": "B/op"}}},
              {"benchmark": "dev.modeldeploy.benchmarks.A.slow", "mode": "avgt", "params": {"n": "2"},
               "primaryMetric": {"score": 20.0, "scoreError": 1.0, "scoreUnit": "ns/op"}, "secondaryMetrics": {}},
              {"benchmark": "dev.modeldeploy.benchmarks.B.batched", "mode": "thrpt", "params": {},
               "primaryMetric": {"score": 3000.0, "scoreError": "NaN", "scoreUnit": "ops/s"}, "secondaryMetrics": {}},
              {"benchmark": "dev.modeldeploy.benchmarks.B.perCall", "mode": "thrpt", "params": {},
               "primaryMetric": {"score": 1000.0, "scoreError": 10.0, "scoreUnit": "ops/s"}, "secondaryMetrics": {}}
            ]
            """;

    final Results results = parse(JSON);

    static Results parse(String json) {
        try {
            return Results.parse(new ObjectMapper().readTree(json));
        } catch (JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    double value(Figure figure) {
        return figure.value(p -> results.find(p).orElseThrow());
    }

    @Test
    void speedUpIsBaselineTimeOverCandidateTimeOrCandidateThroughputOverBaseline() {
        assertEquals(4.0, value(new Speedup(Point.of("A.fast", "n", "1"), Point.of("A.slow", "n", "1"))), 1e-12);
        assertEquals(3.0, value(new Speedup(Point.of("B.batched"), Point.of("B.perCall"))), 1e-12);
        assertEquals(0.25, value(new TimeRatio(Point.of("A.fast", "n", "1"), Point.of("A.slow", "n", "1"))), 1e-12);
    }

    @Test
    void scalingComparesTheCandidatesSpeedUpWithTheBaselines() {
        // fast: 10 -> 6 (1.667x); slow: 40 -> 20 (2x)
        double scaling = value(new Scaling(Point.of("A.fast", "n", "1"), Point.of("A.fast", "n", "2"),
                Point.of("A.slow", "n", "1"), Point.of("A.slow", "n", "2")));
        assertEquals((10.0 / 6.0) / 2.0, scaling, 1e-12);
    }

    @Test
    void allocationReadsBothSpellingsOfTheGcMetric() {
        assertEquals(32.0, value(new AddedAllocation(Point.of("A.fast", "n", "1"), Point.of("A.slow", "n", "1"))), 1e-12);
        assertTrue(Double.isNaN(results.find(Point.of("A.fast", "n", "2")).orElseThrow().allocBytes()));
    }

    @Test
    void timeAndThroughputAreNotComparable() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> value(new Speedup(Point.of("A.fast", "n", "1"), Point.of("B.perCall"))));
        assertTrue(e.getMessage().contains("not comparable"), e.getMessage());
    }

    @Test
    void anAmbiguousPointIsAnError() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> results.find(Point.of("A.fast")));
        assertTrue(e.getMessage().contains("matches 2 results"), e.getMessage());
    }

    @Test
    void summaryShowsResultGoalAndWhetherItWasMetAndWhatWasNotMeasured() {
        String md = Summary.markdown(List.of("Measured today."), List.of(
                Comparison.of("X", "batched vs per call", new Speedup(Point.of("B.batched"), Point.of("B.perCall")),
                        Goal.atLeast(2, "≥ 2×")),
                Comparison.of("X", "fast vs slow", new TimeRatio(Point.of("A.fast", "n", "1"), Point.of("A.slow", "n", "1")),
                        Goal.atMost(0.2, "≤ 0.2× time")),
                Comparison.report("X", "missing", new Speedup(Point.of("C.gone"), Point.of("B.perCall")))), results);
        assertTrue(md.startsWith("Measured today.\n"), md);
        assertTrue(md.contains("| X | batched vs per call | 3.00× | ≥ 2× | yes |"), md);
        assertTrue(md.contains("| X | fast vs slow | 0.25× time | ≤ 0.2× time | **no** |"), md);
        assertTrue(md.contains("| X | missing | not measured |  |  |"), md);
        assertTrue(md.contains("| A.fast | n=1 | 10.0 ± 0.500 | ns/op | 32 B/op |"), md);
        assertTrue(md.contains("| B.batched |  | 3,000 | ops/s |  |"), md);
    }

    @Test
    void aFileThatIsNotJmhJsonIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> parse("{\"benchmark\": 1}"));
        assertThrows(IllegalArgumentException.class, () -> parse("[{\"mode\": \"avgt\"}]"));
    }

    @Test
    void aLatencyPercentileIsComparedWithItsBudgetInOneUnit() {
        Results r = parse("""
                [{"benchmark": "dev.modeldeploy.benchmarks.L.latency", "mode": "sample", "params": {"d": "100"},
                  "primaryMetric": {"score": 50.0, "scoreError": 1.0, "scoreUnit": "us/op", "scorePercentiles": {"99.0": 180.0}}},
                 {"benchmark": "dev.modeldeploy.benchmarks.L.batch", "mode": "avgt", "params": {},
                  "primaryMetric": {"score": 25000.0, "scoreError": 10.0, "scoreUnit": "ns/op"}},
                 {"benchmark": "dev.modeldeploy.benchmarks.L.rate", "mode": "thrpt", "params": {},
                  "primaryMetric": {"score": 25000.0, "scoreError": 10.0, "scoreUnit": "ops/s"}}]
                """);
        Point latency = Point.of("L.latency", "d", "100");
        // Budget: 100 µs + 2 × 25 µs = 150 µs; p99 180 µs is 1.2 times it.
        Figure budget = new Figure.LatencyBudget(latency, 99, Point.of("L.batch"), 2, 100);
        assertEquals(1.2, budget.value(p -> r.find(p).orElseThrow()), 1e-12);
        assertEquals("1.20× budget", budget.format(1.2));
        Figure p99 = new Figure.Percentile(latency, 99);
        assertEquals(180.0, p99.value(p -> r.find(p).orElseThrow()), 1e-12);
        assertEquals("180 µs", p99.format(180.0));
        // A throughput is no step of a time budget, and an average-time result has no percentiles.
        assertThrows(IllegalStateException.class, () -> new Figure.LatencyBudget(latency, 99, Point.of("L.rate"), 2, 100)
                .value(p -> r.find(p).orElseThrow()));
        assertThrows(IllegalStateException.class, () -> new Figure.Percentile(Point.of("L.batch"), 99)
                .value(p -> r.find(p).orElseThrow()));
        String md = Summary.markdown(List.of(), List.of(Comparison.of("X", "p99 vs budget", budget, Goal.atMost(1, "≤ 1× budget"))), r);
        assertTrue(md.contains("| X | p99 vs budget | 1.20× budget | ≤ 1× budget | **no** |"), md);
    }
}

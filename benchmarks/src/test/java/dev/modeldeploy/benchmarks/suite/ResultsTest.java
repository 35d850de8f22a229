package dev.modeldeploy.benchmarks.suite;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.util.ListStatistics;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Repeated runs of one benchmark and parameters are merged as JMH merges forks. */
class ResultsTest {
    /**
     * Two rounds of {@code A.pair threads=1} (the second of two forks, as {@code rawData} lists them), one
     * run of {@code A.pair threads=2}, and one of {@code B.once} whose score and error are not what its
     * iterations would give, to show a single run is taken as JMH wrote it.
     */
    static final String JSON = """
            [
              {"benchmark": "dev.modeldeploy.benchmarks.A.pair", "mode": "avgt", "params": {"threads": "1"},
               "primaryMetric": {"score": 11.0, "scoreError": 31.6, "scoreUnit": "ns/op", "rawData": [[10.0, 12.0, 11.0]]},
               "secondaryMetrics": {"gc.alloc.rate.norm": {"score": 100.0, "scoreUnit": "B/op"}}},
              {"benchmark": "dev.modeldeploy.benchmarks.A.pair", "mode": "avgt", "params": {"threads": "2"},
               "primaryMetric": {"score": 7.0, "scoreError": 0.5, "scoreUnit": "ns/op", "rawData": [[7.0, 6.5, 7.5]]},
               "secondaryMetrics": {"gc.alloc.rate.norm": {"score": 64.0, "scoreUnit": "B/op"}}},
              {"benchmark": "dev.modeldeploy.benchmarks.B.once", "mode": "thrpt", "params": {},
               "primaryMetric": {"score": 500.0, "scoreError": 1.25, "scoreUnit": "ops/s", "rawData": [[400.0, 500.0, 600.0]]},
               "secondaryMetrics": {}},
              {"benchmark": "dev.modeldeploy.benchmarks.A.pair", "mode": "avgt", "params": {"threads": "1"},
               "primaryMetric": {"score": 14.0, "scoreError": 99.0, "scoreUnit": "ns/op", "rawData": [[14.0], [13.0, 15.0]]},
               "secondaryMetrics": {"·gc.alloc.rate.norm": {"score": 110.0, "scoreUnit": "B/op"}}}
            ]
            """;

    final Results results = SummaryTest.parse(JSON);

    @Test
    void roundsOfOnePointAreOneResultOverAllTheirIterations() {
        double[] pooled = {10, 12, 11, 14, 13, 15};
        Measured m = results.find(Point.of("A.pair", "threads", "1")).orElseThrow();

        double mean = 0;
        for (double v : pooled) {
            mean += v / pooled.length;
        }
        double squares = 0;
        for (double v : pooled) {
            squares += (v - mean) * (v - mean);
        }
        double sd = Math.sqrt(squares / (pooled.length - 1));
        // Student's t at 1 - 0.001 / 2 with 6 - 1 = 5 degrees of freedom, the two-sided 99.9 % value
        // tables give as 6.869 (6.8688 to five figures).
        double t = 6.8688;
        assertEquals(12.5, mean, 1e-12);
        assertEquals(mean, m.score(), 1e-12);
        assertEquals(t * sd / Math.sqrt(pooled.length), m.error(), 1e-4 * m.error());
        // JMH's own statistics over the same iterations give the same half-width.
        assertEquals(new ListStatistics(pooled).getMeanErrorAt(0.999), m.error(), 1e-9);
        assertEquals(105.0, m.allocBytes(), 1e-12);
        assertEquals("ns/op", m.unit());
        assertEquals("avgt", m.mode());
    }

    @Test
    void aSingleRunIsTakenAsJmhWroteIt() {
        Measured m = results.find(Point.of("B.once")).orElseThrow();
        assertEquals(500.0, m.score(), 0);
        assertEquals(1.25, m.error(), 0);
        assertTrue(Double.isNaN(m.allocBytes()));
        Measured two = results.find(Point.of("A.pair", "threads", "2")).orElseThrow();
        assertEquals(7.0, two.score(), 0);
        assertEquals(0.5, two.error(), 0);
        assertEquals(64.0, two.allocBytes(), 0);
    }

    @Test
    void differentParametersStayApartSoAPointWithoutThemIsStillAmbiguous() {
        assertEquals(List.of("A.pair{threads=1}", "A.pair{threads=2}", "B.once{}"), results.all().stream()
                .map(m -> m.benchmark().substring(Point.PACKAGE.length()) + m.params()).toList());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> results.find(Point.of("A.pair")));
        assertTrue(e.getMessage().contains("matches 2 results"), e.getMessage());
    }

    @Test
    void theSummaryShowsOneRowPerMergedResult() {
        String md = Summary.markdown(List.of(), List.of(), results);
        assertEquals(1, md.lines().filter(l -> l.startsWith("| A.pair | threads=1 |")).count(), md);
        assertTrue(md.contains("| A.pair | threads=1 | 12.5 ± " + String.format(java.util.Locale.ROOT, "%.3g",
                results.find(Point.of("A.pair", "threads", "1")).orElseThrow().error()) + " | ns/op | 105 B/op |"), md);
    }

    @Test
    void roundsThatCannotBePooledAreRejected() {
        String noRawData = """
                [{"benchmark": "dev.modeldeploy.benchmarks.C.x", "mode": "avgt", "params": {},
                  "primaryMetric": {"score": 1.0, "scoreError": 0.1, "scoreUnit": "ns/op"}},
                 {"benchmark": "dev.modeldeploy.benchmarks.C.x", "mode": "avgt", "params": {},
                  "primaryMetric": {"score": 1.0, "scoreError": 0.1, "scoreUnit": "ns/op"}}]
                """;
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SummaryTest.parse(noRawData)).getMessage()
                .contains("without rawData"));
        String twoUnits = """
                [{"benchmark": "dev.modeldeploy.benchmarks.C.x", "mode": "avgt", "params": {},
                  "primaryMetric": {"score": 1.0, "scoreUnit": "ns/op", "rawData": [[1.0]]}},
                 {"benchmark": "dev.modeldeploy.benchmarks.C.x", "mode": "avgt", "params": {},
                  "primaryMetric": {"score": 1.0, "scoreUnit": "us/op", "rawData": [[1.0]]}}]
                """;
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SummaryTest.parse(twoUnits)).getMessage()
                .contains("different units"));
    }

    /**
     * Sample mode: two rounds of 100 samples each, as JMH writes their histograms ({@code [value, count]}
     * per fork and iteration), and a single run whose percentiles are taken as written.
     */
    static final String SAMPLES = """
            [
              {"benchmark": "dev.modeldeploy.benchmarks.L.latency", "mode": "sample", "params": {},
               "primaryMetric": {"score": 48.5, "scoreError": 1.0, "scoreUnit": "us/op",
                 "scorePercentiles": {"50.0": 10.0, "99.0": 400.0},
                 "rawDataHistogram": [[[[10.0, 60], [400.0, 2]], [[10.0, 35], [400.0, 3]]]]},
               "secondaryMetrics": {"gc.alloc.rate.norm": {"score": 200.0, "scoreUnit": "B/op"}}},
              {"benchmark": "dev.modeldeploy.benchmarks.L.once", "mode": "sample", "params": {},
               "primaryMetric": {"score": 5.0, "scoreError": 0.5, "scoreUnit": "ns/op",
                 "scorePercentiles": {"50.0": 4.0, "99.0": 9.0, "99.9": 12.0},
                 "rawDataHistogram": [[[[4.0, 10]]]]},
               "secondaryMetrics": {}},
              {"benchmark": "dev.modeldeploy.benchmarks.L.latency", "mode": "sample", "params": {},
               "primaryMetric": {"score": 42.8, "scoreError": 1.0, "scoreUnit": "us/op",
                 "scorePercentiles": {"50.0": 20.0, "99.0": 400.0},
                 "rawDataHistogram": [[[[20.0, 94], [400.0, 6]]]]},
               "secondaryMetrics": {"gc.alloc.rate.norm": {"score": 210.0, "scoreUnit": "B/op"}}}
            ]
            """;

    @Test
    void roundsInSampleModePoolTheirSamplesAndTheirPercentiles() {
        Results sampled = SummaryTest.parse(SAMPLES);
        Measured m = sampled.find(Point.of("L.latency")).orElseThrow();
        // 200 samples: 95 of 10, 94 of 20, 11 of 400. Samples 100 and 101 in order are both 20, samples
        // 189 to 200 all 400, so the median and the 99th percentile are 20 and 400 however one
        // interpolates; averaging the rounds' medians instead would give 15.
        double[] all = new double[200];
        java.util.Arrays.fill(all, 0, 95, 10);
        java.util.Arrays.fill(all, 95, 189, 20);
        java.util.Arrays.fill(all, 189, 200, 400);
        double mean = java.util.Arrays.stream(all).average().orElseThrow();
        assertEquals((95 * 10 + 94 * 20 + 11 * 400) / 200.0, mean, 1e-12);
        assertEquals(mean, m.score(), 1e-9);
        assertEquals(20.0, m.percentile(50), 0);
        assertEquals(400.0, m.percentile(99), 0);
        assertEquals(new ListStatistics(all).getMeanErrorAt(0.999), m.error(), 1e-9);
        assertEquals(205.0, m.allocBytes(), 1e-12);

        Measured once = sampled.find(Point.of("L.once")).orElseThrow();
        assertEquals(9.0, once.percentile(99), 0);
        assertEquals(12.0, once.percentile(99.9), 0);
        assertEquals(0.5, once.error(), 0);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> once.percentile(95));
        assertTrue(e.getMessage().contains("no 95.0th percentile"), e.getMessage());
    }
}

package dev.modeldeploy.benchmarks.suite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.openjdk.jmh.util.MultisetStatistics;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A run's results, read from the JSON file JMH writes with {@code -rf json}.
 *
 * <p>The short profile runs some points twice (see {@link Schedule}), so the file can hold several
 * results of one benchmark with the same mode and parameters. They are merged into one {@link Measured}
 * as if they were forks of one run: the score is the mean of all their measured iterations (in sample
 * mode, of all their samples, and so are the percentiles), the error JMH's 99.9 % Student-t half-width
 * over those, and the allocation the mean of their {@code gc.alloc.rate.norm} scores. A benchmark run
 * once keeps the score, error and percentiles JMH wrote. Results with different parameters stay apart,
 * so a point that does not name the parameter telling them apart is still ambiguous.
 *
 * <p>Immutable.
 */
public final class Results {
    /** The confidence JMH reports its score error at. */
    static final double CONFIDENCE = 0.999;

    private final List<Measured> measured;

    Results(List<Measured> measured) {
        this.measured = List.copyOf(measured);
    }

    /** Reads JMH's JSON result file. */
    public static Results read(Path json) throws IOException {
        return parse(new ObjectMapper().readTree(json.toFile()));
    }

    static Results parse(JsonNode root) {
        if (!root.isArray()) {
            throw new IllegalArgumentException("not a JMH result file: the top level is not an array");
        }
        Map<Key, List<JsonNode>> rounds = new LinkedHashMap<>();
        for (JsonNode run : root) {
            rounds.computeIfAbsent(new Key(text(run, "benchmark"), text(run, "mode"), params(run)), k -> new ArrayList<>()).add(run);
        }
        List<Measured> out = new ArrayList<>();
        rounds.values().forEach(runs -> out.add(runs.size() == 1 ? measured(runs.get(0)) : pooled(runs)));
        return new Results(out);
    }

    /** What tells results apart: runs with the same key are rounds of one measurement. */
    private record Key(String benchmark, String mode, Map<String, String> params) {
    }

    private static Map<String, String> params(JsonNode run) {
        Map<String, String> params = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = run.path("params").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            params.put(e.getKey(), e.getValue().asText());
        }
        return params;
    }

    private static Measured measured(JsonNode run) {
        JsonNode primary = run.path("primaryMetric");
        Map<Double, Double> percentiles = new LinkedHashMap<>();
        primary.path("scorePercentiles").fields().forEachRemaining(e -> percentiles.put(Double.valueOf(e.getKey()), e.getValue().asDouble()));
        return new Measured(text(run, "benchmark"), text(run, "mode"), params(run), primary.path("score").asDouble(Double.NaN),
                primary.path("scoreError").asDouble(Double.NaN), primary.path("scoreUnit").asText(), allocation(run), percentiles);
    }

    /**
     * Several runs of one benchmark and parameters as one result over all their iterations (in sample mode,
     * all their samples), with JMH's own statistics.
     */
    private static Measured pooled(List<JsonNode> runs) {
        Measured first = measured(runs.get(0));
        MultisetStatistics values = new MultisetStatistics();
        double allocation = 0;
        for (JsonNode run : runs) {
            JsonNode primary = run.path("primaryMetric");
            if (!primary.path("scoreUnit").asText().equals(first.unit())) {
                throw new IllegalArgumentException("runs of " + first.benchmark() + first.params() + " in different units");
            }
            JsonNode forks = primary.path("rawData");
            JsonNode histograms = primary.path("rawDataHistogram");
            if (forks.isArray() && !forks.isEmpty()) {
                forks.forEach(fork -> fork.forEach(score -> values.addValue(score.asDouble(), 1)));
            } else if (histograms.isArray() && !histograms.isEmpty()) {
                // Sample mode: [value, count] pairs per fork and iteration.
                histograms.forEach(fork -> fork.forEach(iteration -> iteration.forEach(
                        bin -> values.addValue(bin.path(0).asDouble(), bin.path(1).asLong()))));
            } else {
                throw new IllegalArgumentException("runs of " + first.benchmark() + first.params()
                        + " without rawData: their iterations cannot be pooled");
            }
            allocation += allocation(run) / runs.size();
        }
        Map<Double, Double> percentiles = new LinkedHashMap<>();
        first.percentiles().keySet().stream().sorted().forEach(p -> percentiles.put(p, values.getPercentile(p)));
        return new Measured(first.benchmark(), first.mode(), first.params(), values.getMean(), values.getMeanErrorAt(CONFIDENCE),
                first.unit(), allocation, percentiles);
    }

    /** Bytes per op from {@code -prof gc}; JMH names it with a leading middle dot in older versions. */
    private static double allocation(JsonNode run) {
        JsonNode secondary = run.path("secondaryMetrics");
        for (String name : new String[] {"gc.alloc.rate.norm", "·gc.alloc.rate.norm"}) {
            JsonNode metric = secondary.path(name);
            if (!metric.isMissingNode()) {
                return metric.path("score").asDouble(Double.NaN);
            }
        }
        return Double.NaN;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("not a JMH result file: a run without \"" + field + "\"");
        }
        return value.asText();
    }

    /** Every result, merged runs once, in the order of their first run in the file. */
    public List<Measured> all() {
        return measured;
    }

    /** The one result a point names, if it was measured; an ambiguous point is an error. */
    public Optional<Measured> find(Point point) {
        List<Measured> hits = measured.stream().filter(m -> point.matches(m.benchmark(), m.params())).toList();
        if (hits.size() > 1) {
            throw new IllegalStateException(point + " matches " + hits.size() + " results: name the parameters that tell them apart");
        }
        return hits.stream().findFirst();
    }
}

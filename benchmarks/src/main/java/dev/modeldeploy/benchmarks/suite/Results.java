package dev.modeldeploy.benchmarks.suite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A run's results, read from the JSON file JMH writes with {@code -rf json}. */
public final class Results {
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
        List<Measured> out = new ArrayList<>();
        for (JsonNode run : root) {
            Map<String, String> params = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = run.path("params").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                params.put(e.getKey(), e.getValue().asText());
            }
            JsonNode primary = run.path("primaryMetric");
            out.add(new Measured(text(run, "benchmark"), text(run, "mode"), params, primary.path("score").asDouble(Double.NaN),
                    primary.path("scoreError").asDouble(Double.NaN), primary.path("scoreUnit").asText(), allocation(run)));
        }
        return new Results(out);
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

    /** Every result, in the file's order. */
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

package dev.modeldeploy.runtime.batch.jdbc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modeldeploy.runtime.monitor.SignalSource;
import dev.modeldeploy.runtime.report.Histogram;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The drift ledger's {@code histogram} column, written by {@link RunLedger} and read by {@link DriftLedger}:
 * {@code {"bins": [labels], "baseline": [counts], "live": [counts]}}. One place for the format both sides share.
 */
final class LedgerHistograms {
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private LedgerHistograms() {
    }

    static String toJson(Histogram h) {
        ObjectNode n = JSON.createObjectNode();
        ArrayNode labels = n.putArray("bins");
        h.bins().forEach(labels::add);
        ArrayNode baseline = n.putArray("baseline");
        for (long b : h.baseline()) {
            baseline.add(b);
        }
        ArrayNode live = n.putArray("live");
        for (long b : h.live()) {
            live.add(b);
        }
        return n.toString();
    }

    /**
     * @throws IOException              if {@code json} is not JSON
     * @throws IllegalArgumentException if its arrays differ in length
     */
    static Histogram fromJson(String signal, SignalSource source, String json) throws IOException {
        JsonNode n = JSON.readTree(json);
        List<String> bins = new ArrayList<>();
        n.path("bins").forEach(b -> bins.add(b.asText()));
        return new Histogram(signal, source, bins, counts(n.path("baseline")), counts(n.path("live")));
    }

    private static long[] counts(JsonNode array) {
        long[] counts = new long[array.size()];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = array.get(i).asLong();
        }
        return counts;
    }
}

package dev.modeldeploy.runtime.monitor;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.modeldeploy.api.prediction.Classification;
import dev.modeldeploy.api.prediction.Regression;

import java.io.IOException;
import java.time.Duration;
import java.time.temporal.Temporal;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits a prediction into monitored values: a {@link Regression}'s {@code value}; a
 * {@link Classification}'s {@code label} and, for up to {@value #MAX_CLASSES} classes, each
 * {@code probability.<label>}; a number, string, boolean or enum as {@code prediction}; any other
 * object by its JSON properties (numbers and texts at the top level; a duration in seconds, dates and
 * times not at all). The typed cases allocate nothing; the JSON fallback does. Thread-safe.
 */
final class OutputReader {
    static final int MAX_CLASSES = 20;
    static final String PROBABILITY = "probability.";
    /**
     * Dates and times in a prediction are no signals: their values only grow, so every window would drift
     * from any baseline. They are written as null, which {@link #describe} skips and {@link #read} counts
     * as missing. A {@link Duration} is a number of seconds.
     */
    private static final ObjectMapper JSON = JsonMapper.builder().addModule(new SimpleModule("monitored-times")
            .addSerializer(Temporal.class, new StdSerializer<>(Temporal.class) {
                @Override
                public void serialize(Temporal value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                    gen.writeNull();
                }
            })
            .addSerializer(Duration.class, new StdSerializer<>(Duration.class) {
                @Override
                public void serialize(Duration value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                    gen.writeNumber(value.getSeconds() + value.getNano() / 1e9);
                }
            })).build();

    private final Map<String, Integer> slots;
    private final int[] allSlots;
    private final int label;
    private final int value;
    private final int prediction;
    private volatile ClassSlots classSlots = new ClassSlots(List.of(), new int[0]);

    private record ClassSlots(List<String> labels, int[] slots) {
    }

    /** @param slots the sink slot of each monitored output, by name */
    OutputReader(Map<String, Integer> slots) {
        this.slots = Map.copyOf(slots);
        this.allSlots = slots.values().stream().mapToInt(Integer::intValue).toArray();
        this.label = slots.getOrDefault("label", -1);
        this.value = slots.getOrDefault("value", -1);
        this.prediction = slots.getOrDefault("prediction", -1);
    }

    /** The monitored values a prediction has, by name, in order. */
    static Map<String, SignalKind> describe(Object prediction) {
        Map<String, SignalKind> out = new LinkedHashMap<>();
        if (prediction instanceof Classification c) {
            out.put("label", SignalKind.CATEGORICAL);
            if (c.classCount() <= MAX_CLASSES) {
                for (String l : c.labels()) {
                    out.put(PROBABILITY + l, SignalKind.NUMERIC);
                }
            }
        } else if (prediction instanceof Regression) {
            out.put("value", SignalKind.NUMERIC);
        } else if (prediction instanceof Number) {
            out.put("prediction", SignalKind.NUMERIC);
        } else if (prediction instanceof CharSequence || prediction instanceof Boolean || prediction instanceof Enum<?>) {
            out.put("prediction", SignalKind.CATEGORICAL);
        } else if (prediction != null) {
            JsonNode tree = JSON.valueToTree(prediction);
            for (Iterator<Map.Entry<String, JsonNode>> it = tree.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getValue().isNumber()) {
                    out.put(e.getKey(), SignalKind.NUMERIC);
                } else if (e.getValue().isTextual() || e.getValue().isBoolean()) {
                    out.put(e.getKey(), SignalKind.CATEGORICAL);
                }
            }
        }
        return out;
    }

    /** Hands every monitored value of {@code prediction} to {@code sink}. */
    void read(Object prediction, ValueSink sink) {
        if (prediction instanceof Classification c) {
            readClassification(c, sink);
        } else if (prediction instanceof Regression r) {
            number(sink, value, r.value());
        } else if (prediction instanceof Number n) {
            number(sink, this.prediction, n.doubleValue());
        } else if (prediction instanceof String s) {
            category(sink, this.prediction, s);
        } else if (prediction instanceof Boolean b) {
            category(sink, this.prediction, b.toString());
        } else if (prediction instanceof Enum<?> e) {
            category(sink, this.prediction, e.name());
        } else if (prediction instanceof CharSequence s) {
            category(sink, this.prediction, s.toString());
        } else if (prediction == null) {
            for (int slot : allSlots) {
                sink.missing(slot);
            }
        } else {
            readJson(JSON.valueToTree(prediction), sink);
        }
    }

    private void readClassification(Classification c, ValueSink sink) {
        category(sink, label, c.label());
        ClassSlots cs = classSlots;
        if (cs.labels != c.labels()) {
            // A model shares one label list between its predictions: this runs once per model.
            int[] s = new int[c.classCount()];
            for (int i = 0; i < s.length; i++) {
                s[i] = slots.getOrDefault(PROBABILITY + c.labels().get(i), -1);
            }
            cs = new ClassSlots(c.labels(), s);
            classSlots = cs;
        }
        int[] s = cs.slots;
        for (int i = 0; i < s.length; i++) {
            number(sink, s[i], c.probability(i));
        }
    }

    private void readJson(JsonNode tree, ValueSink sink) {
        for (Map.Entry<String, Integer> e : slots.entrySet()) {
            JsonNode v = tree.get(e.getKey());
            int slot = e.getValue();
            if (v == null || v.isNull()) {
                sink.missing(slot);
            } else if (v.isNumber()) {
                number(sink, slot, v.doubleValue());
            } else if (v.isTextual() || v.isBoolean()) {
                sink.category(slot, v.asText());
            } else {
                sink.missing(slot);
            }
        }
    }

    private static void number(ValueSink sink, int slot, double v) {
        if (slot < 0) {
            return;
        }
        if (Double.isNaN(v)) {
            sink.missing(slot);
        } else {
            sink.number(slot, v);
        }
    }

    private static void category(ValueSink sink, int slot, String v) {
        if (slot >= 0) {
            sink.category(slot, v);
        }
    }
}

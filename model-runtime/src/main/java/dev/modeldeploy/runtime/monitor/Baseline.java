package dev.modeldeploy.runtime.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modeldeploy.api.ModelInfo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A model's training baseline: the distribution of every monitored input field and prediction part on
 * a sample of training rows, computed when the model is published with a training sample
 * ({@link dev.modeldeploy.api.repository.PublishOptions.Builder#trainingSample(List)}) and stored in
 * the bundle's manifest ({@link ModelInfo#baseline()}), inside its integrity check.
 *
 * <p>This is the typed view of that JSON document, read field by field ({@link #parse(JsonNode)}) and
 * written back the same way ({@link #toJson()}); nothing is Java-deserialized. Layout:
 *
 * <pre>{"layout": 1, "rows": 5000, "signals": [
 *   {"name": "age", "source": "input", "kind": "numeric", "missing": 3, "mean": 41.2, "std": 12.9,
 *    "min": 18, "max": 90, "quantiles": [[0.01, 19], [0.5, 40], ...], "edges": [18, 24, ...], "bins": [0, 510, ..., 0]},
 *   {"name": "label", "source": "output", "kind": "categorical", "missing": 0,
 *    "categories": ["churn", "stay"], "bins": [700, 4300, 0]}]}</pre>
 *
 * Immutable and thread-safe.
 */
public final class Baseline {
    /** The layout version this class reads and writes. */
    public static final int LAYOUT = 1;

    private final long rows;
    private final List<SignalBaseline> signals;
    private final Map<String, SignalBaseline> inputs;
    private final Map<String, SignalBaseline> outputs;

    /**
     * @param rows    training rows the baseline was computed from
     * @param signals every monitored value (names unique per source)
     */
    public Baseline(long rows, List<SignalBaseline> signals) {
        if (rows < 0) {
            throw new BaselineException("a baseline's row count cannot be negative");
        }
        this.rows = rows;
        this.signals = List.copyOf(signals);
        Map<String, SignalBaseline> in = new LinkedHashMap<>();
        Map<String, SignalBaseline> out = new LinkedHashMap<>();
        for (SignalBaseline s : this.signals) {
            Map<String, SignalBaseline> m = s.source() == SignalSource.INPUT ? in : out;
            if (m.put(s.name(), s) != null) {
                throw new BaselineException("two " + s.source().name().toLowerCase(Locale.ROOT) + " signals named " + s.name());
            }
        }
        this.inputs = java.util.Collections.unmodifiableMap(in);
        this.outputs = java.util.Collections.unmodifiableMap(out);
    }

    /** The baseline stored with a model, if it was published with a training sample. */
    public static Optional<Baseline> of(ModelInfo info) {
        return info.baseline().map(Baseline::parse);
    }

    /** Training rows the baseline was computed from. */
    public long rows() {
        return rows;
    }

    /** Every signal: inputs first, then outputs, in the order they were computed. */
    public List<SignalBaseline> signals() {
        return signals;
    }

    /** Input signals by field name, in order. */
    public Map<String, SignalBaseline> inputs() {
        return inputs;
    }

    /** Output signals by name, in order. */
    public Map<String, SignalBaseline> outputs() {
        return outputs;
    }

    /** The signal of a source with this name, if any. */
    public Optional<SignalBaseline> signal(SignalSource source, String name) {
        return Optional.ofNullable((source == SignalSource.INPUT ? inputs : outputs).get(name));
    }

    /** This baseline as the JSON document stored in {@link ModelInfo#baseline()}. */
    public JsonNode toJson() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        root.put("layout", LAYOUT);
        root.put("rows", rows);
        ArrayNode list = root.putArray("signals");
        for (SignalBaseline s : signals) {
            ObjectNode n = list.addObject();
            n.put("name", s.name());
            n.put("source", s.source().name().toLowerCase(Locale.ROOT));
            n.put("kind", s.kind().name().toLowerCase(Locale.ROOT));
            n.put("missing", s.missing());
            if (s.kind() == SignalKind.NUMERIC) {
                putNumber(n, "mean", s.mean());
                putNumber(n, "std", s.std());
                putNumber(n, "min", s.min());
                putNumber(n, "max", s.max());
                ArrayNode q = n.putArray("quantiles");
                for (Quantile quantile : s.quantiles()) {
                    q.addArray().add(quantile.probability()).add(quantile.value());
                }
                ArrayNode edges = n.putArray("edges");
                for (double e : s.edges()) {
                    edges.add(e);
                }
            } else {
                ArrayNode categories = n.putArray("categories");
                s.categories().forEach(categories::add);
            }
            ArrayNode bins = n.putArray("bins");
            for (long b : s.bins()) {
                bins.add(b);
            }
        }
        return root;
    }

    private static void putNumber(ObjectNode n, String field, double value) {
        if (Double.isFinite(value)) {
            n.put(field, value);
        } else {
            n.putNull(field);
        }
    }

    /**
     * Reads a baseline document.
     *
     * @throws BaselineException if it does not have the layout above
     */
    public static Baseline parse(JsonNode json) {
        Objects.requireNonNull(json, "json");
        if (!json.isObject()) {
            throw new BaselineException("a baseline is a JSON object");
        }
        int layout = integer(json, "layout", "baseline");
        if (layout != LAYOUT) {
            throw new BaselineException("baseline layout " + layout + " is not supported (this version reads " + LAYOUT
                    + "); upgrade modeldeploy");
        }
        long rows = longValue(json, "rows", "baseline");
        JsonNode list = json.get("signals");
        if (list == null || !list.isArray()) {
            throw new BaselineException("baseline: 'signals' must be an array");
        }
        List<SignalBaseline> signals = new ArrayList<>(list.size());
        for (JsonNode n : list) {
            signals.add(signal(n));
        }
        return new Baseline(rows, signals);
    }

    private static SignalBaseline signal(JsonNode n) {
        String name = text(n, "name", "baseline signal");
        String where = "baseline signal " + name;
        SignalSource source = enumValue(SignalSource.class, text(n, "source", where), where);
        SignalKind kind = enumValue(SignalKind.class, text(n, "kind", where), where);
        long missing = longValue(n, "missing", where);
        long[] bins = longs(array(n, "bins", where), where);
        if (kind == SignalKind.CATEGORICAL) {
            List<String> categories = new ArrayList<>();
            for (JsonNode c : array(n, "categories", where)) {
                if (!c.isTextual()) {
                    throw new BaselineException(where + ": categories must be strings");
                }
                categories.add(c.textValue());
            }
            return SignalBaseline.categorical(name, source, missing, categories, bins);
        }
        List<Quantile> quantiles = new ArrayList<>();
        for (JsonNode q : array(n, "quantiles", where)) {
            if (!q.isArray() || q.size() != 2 || !q.get(0).isNumber() || !q.get(1).isNumber()) {
                throw new BaselineException(where + ": a quantile is [probability, value]");
            }
            quantiles.add(new Quantile(q.get(0).doubleValue(), q.get(1).doubleValue()));
        }
        JsonNode edgesNode = array(n, "edges", where);
        double[] edges = new double[edgesNode.size()];
        for (int i = 0; i < edges.length; i++) {
            if (!edgesNode.get(i).isNumber()) {
                throw new BaselineException(where + ": edges must be numbers");
            }
            edges[i] = edgesNode.get(i).doubleValue();
        }
        return SignalBaseline.numeric(name, source, missing, optionalDouble(n, "mean", where), optionalDouble(n, "std", where),
                optionalDouble(n, "min", where), optionalDouble(n, "max", where), quantiles, edges, bins);
    }

    private static String text(JsonNode n, String field, String where) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new BaselineException(where + ": '" + field + "' must be a string");
        }
        return v.textValue();
    }

    private static int integer(JsonNode n, String field, String where) {
        JsonNode v = n.get(field);
        if (v == null || !v.canConvertToInt() || !v.isIntegralNumber()) {
            throw new BaselineException(where + ": '" + field + "' must be an integer");
        }
        return v.intValue();
    }

    private static long longValue(JsonNode n, String field, String where) {
        JsonNode v = n.get(field);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new BaselineException(where + ": '" + field + "' must be an integer");
        }
        return v.longValue();
    }

    private static double optionalDouble(JsonNode n, String field, String where) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return Double.NaN;
        }
        if (!v.isNumber()) {
            throw new BaselineException(where + ": '" + field + "' must be a number");
        }
        return v.doubleValue();
    }

    private static JsonNode array(JsonNode n, String field, String where) {
        JsonNode v = n.get(field);
        if (v == null || !v.isArray()) {
            throw new BaselineException(where + ": '" + field + "' must be an array");
        }
        return v;
    }

    private static long[] longs(JsonNode array, String where) {
        long[] out = new long[array.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode v = array.get(i);
            if (!v.isIntegralNumber() || !v.canConvertToLong()) {
                throw new BaselineException(where + ": bins must be integers");
            }
            out[i] = v.longValue();
        }
        return out;
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String value, String where) {
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BaselineException(where + ": unknown " + type.getSimpleName() + " '" + value + "'");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Baseline b && rows == b.rows && signals.equals(b.signals);
    }

    @Override
    public int hashCode() {
        return Objects.hash(rows, signals);
    }

    @Override
    public String toString() {
        return "Baseline[" + rows + " rows, " + inputs.size() + " inputs, " + outputs.size() + " outputs]";
    }
}

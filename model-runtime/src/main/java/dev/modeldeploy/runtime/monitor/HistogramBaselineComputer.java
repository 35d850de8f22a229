package dev.modeldeploy.runtime.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.modeldeploy.api.Model;
import dev.modeldeploy.api.repository.BaselineComputer;
import dev.modeldeploy.api.schema.Field;
import dev.modeldeploy.api.schema.FieldType;
import org.apache.commons.statistics.descriptive.Mean;
import org.apache.commons.statistics.descriptive.Quantile;
import org.apache.commons.statistics.descriptive.StandardDeviation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@link BaselineComputer} that {@link dev.modeldeploy.api.repository.ModelRepository} finds with
 * {@link java.util.ServiceLoader} when model-runtime is on the class path: it runs the training sample
 * through the model's batch path, and summarises every input field of the input schema (numbers, strings,
 * booleans; or, without a schema, the sample's own fields) and every part of the prediction as a
 * {@link SignalBaseline}. Numeric bins have edges at the training deciles, so that each holds about a
 * tenth of the training rows; categorical signals keep the {@value #MAX_CATEGORIES} most frequent
 * categories. Stateless and thread-safe.
 */
public final class HistogramBaselineComputer implements BaselineComputer {
    /** Categories kept per categorical signal; rarer ones share the "other" bin. */
    public static final int MAX_CATEGORIES = 50;
    /** Numeric bins between the edges (before duplicate edges of discrete values are merged). */
    public static final int BINS = 10;
    private static final double[] QUANTILES = {0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99};
    private static final int CHUNK = 1024;
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    @Override
    public JsonNode compute(Model<?, ?, ?> model, List<Map<String, Object>> sample) {
        return baseline(model, sample).toJson();
    }

    /** The baseline of {@code model} on {@code sample} (training rows as field maps). */
    public static Baseline baseline(Model<?, ?, ?> model, List<Map<String, Object>> sample) {
        if (sample.isEmpty()) {
            throw new BaselineException("the training sample is empty: a baseline needs rows");
        }
        Map<String, SignalKind> inputs = inputSignals(model, sample);
        List<?> predictions = predict(model, sample);
        Map<String, SignalKind> outputs = new LinkedHashMap<>();
        for (Object p : predictions) {
            if (p != null) {
                outputs = OutputReader.describe(p);
                break;
            }
        }
        List<String> names = new ArrayList<>(inputs.keySet());
        names.addAll(outputs.keySet());
        List<SignalKind> kinds = new ArrayList<>(inputs.values());
        kinds.addAll(outputs.values());
        Collector values = new Collector(kinds);
        InputReader in = new InputReader(List.copyOf(inputs.keySet()), List.copyOf(inputs.values()), 0);
        Map<String, Integer> outSlots = new LinkedHashMap<>();
        int slot = inputs.size();
        for (String o : outputs.keySet()) {
            outSlots.put(o, slot++);
        }
        OutputReader out = new OutputReader(outSlots);
        for (int i = 0; i < sample.size(); i++) {
            in.read(sample.get(i), values);
            out.read(predictions.get(i), values);
        }
        List<SignalBaseline> signals = new ArrayList<>();
        for (int s = 0; s < names.size(); s++) {
            SignalSource source = s < inputs.size() ? SignalSource.INPUT : SignalSource.OUTPUT;
            SignalBaseline b = kinds.get(s) == SignalKind.NUMERIC
                    ? numeric(names.get(s), source, values.numbers(s), values.missing[s])
                    : categorical(names.get(s), source, values.categories.get(s), values.missing[s]);
            if (b != null) {
                signals.add(b);
            }
        }
        return new Baseline(sample.size(), signals);
    }

    private static Map<String, SignalKind> inputSignals(Model<?, ?, ?> model, List<Map<String, Object>> sample) {
        Map<String, SignalKind> out = new LinkedHashMap<>();
        List<Field> fields = model.info().inputSchema().fields();
        if (!fields.isEmpty()) {
            for (Field f : fields) {
                SignalKind kind = kind(f.type());
                if (kind != null) {
                    out.put(f.name(), kind);
                }
            }
            return out;
        }
        for (Map<String, Object> row : sample) {
            row.forEach((name, value) -> {
                if (value instanceof Number) {
                    out.putIfAbsent(name, SignalKind.NUMERIC);
                } else if (value instanceof String || value instanceof Boolean) {
                    out.putIfAbsent(name, SignalKind.CATEGORICAL);
                }
            });
        }
        return out;
    }

    private static SignalKind kind(FieldType type) {
        return switch (type) {
            case INT, LONG, FLOAT, DOUBLE -> SignalKind.NUMERIC;
            case STRING, BOOLEAN -> SignalKind.CATEGORICAL;
            case TIMESTAMP, DATE, FLOAT_ARRAY -> null;
        };
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static List<?> predict(Model<?, ?, ?> model, List<Map<String, Object>> sample) {
        Class<?> input = model.types().input();
        List<Object> records = new ArrayList<>(sample.size());
        for (Map<String, Object> row : sample) {
            // The publisher's own training rows, turned into the model's declared record type.
            records.add(input.isInstance(row) ? row : JSON.convertValue(row, input));
        }
        Model raw = model;
        List<Object> out = new ArrayList<>(sample.size());
        try {
            for (int from = 0; from < records.size(); from += CHUNK) {
                out.addAll(raw.predictRecords(records.subList(from, Math.min(records.size(), from + CHUNK))));
            }
        } catch (RuntimeException e) {
            throw new BaselineException("model " + model.info().name() + " fails on its training sample, so no baseline: "
                    + e.getMessage(), e);
        }
        return out;
    }

    private static SignalBaseline numeric(String name, SignalSource source, double[] values, long missing) {
        if (values.length == 0) {
            return null; // never seen: nothing to compare with
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        Quantile quantile = Quantile.withDefaults().withCopy(false);
        double[] probabilities = new double[BINS + 1];
        for (int i = 0; i <= BINS; i++) {
            probabilities[i] = (double) i / BINS;
        }
        double[] edges = Arrays.stream(quantile.evaluate(sorted, probabilities)).distinct().toArray();
        if (edges.length == 1) {
            edges = new double[]{edges[0], edges[0]};
        }
        List<dev.modeldeploy.runtime.monitor.Quantile> quantiles = new ArrayList<>();
        double[] q = quantile.evaluate(sorted, QUANTILES);
        for (int i = 0; i < q.length; i++) {
            quantiles.add(new dev.modeldeploy.runtime.monitor.Quantile(QUANTILES[i], q[i]));
        }
        long[] bins = new long[edges.length + 1];
        SignalBaseline shape = SignalBaseline.numeric(name, source, missing, 0, 0, 0, 0, List.of(), edges, bins);
        for (double v : values) {
            bins[shape.binOf(v)]++;
        }
        double std = values.length > 1 ? StandardDeviation.of(values).getAsDouble() : 0;
        return SignalBaseline.numeric(name, source, missing, Mean.of(values).getAsDouble(), std, sorted[0],
                sorted[sorted.length - 1], quantiles, edges, bins);
    }

    private static SignalBaseline categorical(String name, SignalSource source, Map<String, Long> counts, long missing) {
        if (counts.isEmpty()) {
            return null;
        }
        List<Map.Entry<String, Long>> byCount = new ArrayList<>(counts.entrySet());
        byCount.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()));
        List<String> categories = new ArrayList<>();
        long[] bins = new long[Math.min(byCount.size(), MAX_CATEGORIES) + 1];
        for (int i = 0; i < byCount.size(); i++) {
            if (i < MAX_CATEGORIES) {
                categories.add(byCount.get(i).getKey());
                bins[i] = byCount.get(i).getValue();
            } else {
                bins[bins.length - 1] += byCount.get(i).getValue();
            }
        }
        return SignalBaseline.categorical(name, source, missing, categories, bins);
    }

    /** Gathers every value of the sample per slot (publish time: boxing is fine here). */
    private static final class Collector implements ValueSink {
        private final List<SignalKind> kinds;
        private final List<double[]> numbers = new ArrayList<>();
        private final int[] sizes;
        private final List<Map<String, Long>> categories = new ArrayList<>();
        private final long[] missing;

        Collector(List<SignalKind> kinds) {
            this.kinds = kinds;
            this.sizes = new int[kinds.size()];
            this.missing = new long[kinds.size()];
            for (int i = 0; i < kinds.size(); i++) {
                numbers.add(new double[16]);
                categories.add(new HashMap<>());
            }
        }

        double[] numbers(int slot) {
            return Arrays.copyOf(numbers.get(slot), sizes[slot]);
        }

        @Override
        public void number(int slot, double value) {
            if (kinds.get(slot) != SignalKind.NUMERIC) {
                category(slot, Double.toString(value));
                return;
            }
            double[] a = numbers.get(slot);
            if (sizes[slot] == a.length) {
                a = Arrays.copyOf(a, a.length * 2);
                numbers.set(slot, a);
            }
            a[sizes[slot]++] = value;
        }

        @Override
        public void category(int slot, String value) {
            if (kinds.get(slot) != SignalKind.CATEGORICAL) {
                missing(slot);
                return;
            }
            categories.get(slot).merge(value, 1L, Long::sum);
        }

        @Override
        public void missing(int slot) {
            missing[slot]++;
        }
    }
}

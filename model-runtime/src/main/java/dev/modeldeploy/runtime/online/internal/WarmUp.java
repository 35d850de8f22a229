package dev.modeldeploy.runtime.online.internal;

import dev.modeldeploy.api.Model;
import dev.modeldeploy.api.ModelInfo;
import dev.modeldeploy.api.error.ModelException;
import dev.modeldeploy.api.schema.Field;
import dev.modeldeploy.api.schema.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a model's input example (the few raw records its publisher stored in the bundle) through the
 * single-record and the batch path before the model takes traffic, so that the JIT has compiled the
 * hot paths and a native runtime has made its first allocations. Without an example, two synthetic
 * rows made from the input schema stand in; models whose records are not maps are not warmed up.
 * Records the caller gives take precedence over both.
 */
final class WarmUp {
    private static final Logger LOG = LoggerFactory.getLogger(WarmUp.class);

    private WarmUp() {
    }

    /**
     * Warms {@code model} up with {@code iterations} rounds of {@code records} if given (null: the
     * bundle's input example, else synthetic rows).
     *
     * @throws ModelException if the given records or the bundle's own input example fail: the model is
     *                        broken (or the records are) and it must not serve
     */
    static <I, O> void run(Model<I, ?, O> model, int iterations, List<I> records) {
        if (iterations == 0) {
            return;
        }
        ModelInfo info = model.info();
        if (records != null) {
            warm(model, iterations, records, true, "given");
            return;
        }
        boolean fromBundle = !info.inputExample().isEmpty();
        List<Map<String, Object>> rows = fromBundle ? info.inputExample() : synthetic(info.inputSchema());
        if (rows.isEmpty()) {
            LOG.info("model {} has no input example and no input schema: warm-up skipped", info);
            return;
        }
        Class<?> input = model.types().input();
        if (!input.isInstance(rows.get(0))) {
            LOG.info("model {} reads {} records, and its input example holds field maps: warm-up skipped", info,
                    input.getName());
            return;
        }
        @SuppressWarnings("unchecked") // checked above: the model's input type accepts these maps
        List<I> maps = (List<I>) (List<?>) rows;
        warm(model, iterations, maps, fromBundle, fromBundle ? "example" : "synthetic");
    }

    private static <I, O> void warm(Model<I, ?, O> model, int iterations, List<I> records, boolean mustFit, String kind) {
        ModelInfo info = model.info();
        if (records.isEmpty()) {
            return;
        }
        try {
            round(model, records);
        } catch (RuntimeException e) {
            if (mustFit) {
                throw new ModelException("model " + info + " fails on its " + (kind.equals("given") ? "warm-up records"
                        : "own input example") + ", so it will not serve: " + e.getMessage(), e);
            }
            LOG.info("model {}: synthetic rows from the input schema do not fit its features ({}): warm-up skipped", info,
                    e.getMessage());
            return;
        }
        for (int i = 1; i < iterations; i++) {
            round(model, records);
        }
        LOG.debug("warmed model {} up with {} rounds of {} {} records", info, iterations, records.size(), kind);
    }

    private static <I, O> void round(Model<I, ?, O> model, List<I> records) {
        for (I r : records) {
            model.predictRecord(r);
        }
        model.predictRecords(records);
    }

    /** Two rows for a schema: every field zero (or empty), then every field one (or a short text). */
    static List<Map<String, Object>> synthetic(Schema schema) {
        if (schema.fields().isEmpty()) {
            return List.of();
        }
        Map<String, Object> zeros = new LinkedHashMap<>();
        Map<String, Object> ones = new LinkedHashMap<>();
        for (Field f : schema.fields()) {
            zeros.put(f.name(), value(f, 0));
            ones.put(f.name(), value(f, 1));
        }
        return List.of(zeros, ones);
    }

    private static Object value(Field field, int n) {
        return switch (field.type()) {
            case BOOLEAN -> n != 0;
            case INT -> n;
            case LONG -> (long) n;
            case FLOAT -> (float) n;
            case DOUBLE -> (double) n;
            case STRING -> n == 0 ? "" : "a";
            case TIMESTAMP -> Instant.ofEpochSecond(n * 86_400L);
            case DATE -> LocalDate.ofEpochDay(n);
            case FLOAT_ARRAY -> new float[n];
        };
    }
}

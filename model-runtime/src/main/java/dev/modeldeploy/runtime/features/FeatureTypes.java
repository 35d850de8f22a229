package dev.modeldeploy.runtime.features;

import dev.modeldeploy.api.schema.Field;
import dev.modeldeploy.api.schema.FieldType;
import dev.modeldeploy.api.schema.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Types feature values that a store keeps as text (Redis hash fields, CSV cells) by a schema, so that
 * {@code "14.5"} reaches the model as the {@code Double} its input schema asks for. Fields the schema
 * does not name stay strings.
 *
 * <p>A value that does not parse as its field's type is dropped, so the enricher treats it as
 * missing (its default applies and the missing-value counter of that feature grows) instead of failing
 * the request; the first such value per field is logged. Immutable and thread-safe.
 */
public final class FeatureTypes {
    private static final Logger LOG = LoggerFactory.getLogger(FeatureTypes.class);
    private static final FeatureTypes UNTYPED = new FeatureTypes(Schema.empty());

    private final Map<String, FieldType> types;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    private FeatureTypes(Schema schema) {
        Map<String, FieldType> m = new HashMap<>();
        for (Field f : schema.fields()) {
            m.put(f.name(), f.type());
        }
        this.types = Map.copyOf(m);
    }

    /** Values typed by the schema's fields (often the model's input schema). */
    public static FeatureTypes of(Schema schema) {
        return new FeatureTypes(Objects.requireNonNull(schema, "schema"));
    }

    /** Every value stays a string. */
    public static FeatureTypes untyped() {
        return UNTYPED;
    }

    /** The typed fields of one entity: empty text and values that do not parse are left out. */
    public Map<String, Object> typed(Map<String, String> text) {
        if (text.isEmpty()) {
            return Map.of();
        }
        Map<String, Object> out = new HashMap<>(text.size() * 2);
        for (Map.Entry<String, String> e : text.entrySet()) {
            String value = e.getValue();
            if (value == null || value.isEmpty()) {
                continue;
            }
            FieldType type = types.get(e.getKey());
            Object v = type == null ? value : parse(e.getKey(), value, type);
            if (v != null) {
                out.put(e.getKey(), v);
            }
        }
        return Collections.unmodifiableMap(out);
    }

    private Object parse(String field, String text, FieldType type) {
        try {
            return switch (type) {
                case BOOLEAN -> parseBoolean(text);
                case INT -> Integer.valueOf(text.strip());
                case LONG -> Long.valueOf(text.strip());
                case FLOAT -> Float.valueOf(text.strip());
                case DOUBLE -> Double.valueOf(text.strip());
                case TIMESTAMP -> Instant.parse(text.strip());
                case DATE -> LocalDate.parse(text.strip());
                case STRING -> text;
                case FLOAT_ARRAY -> parseFloats(text);
            };
        } catch (NumberFormatException | DateTimeParseException e) {
            if (warned.add(field)) {
                LOG.warn("feature '{}' holds a value that is not a {}; treated as missing (logged once per field)", field, type);
            }
            return null;
        }
    }

    private static Boolean parseBoolean(String text) {
        String t = text.strip();
        if (t.equalsIgnoreCase("true") || t.equals("1")) {
            return Boolean.TRUE;
        }
        if (t.equalsIgnoreCase("false") || t.equals("0")) {
            return Boolean.FALSE;
        }
        throw new NumberFormatException("not a boolean");
    }

    // "[0.1, 0.2]" (JSON) or "0.1,0.2": how embeddings are usually stored as text.
    private static float[] parseFloats(String text) {
        String t = text.strip();
        if (t.startsWith("[") && t.endsWith("]")) {
            t = t.substring(1, t.length() - 1).strip();
        }
        if (t.isEmpty()) {
            return new float[0];
        }
        String[] parts = t.split(",");
        float[] out = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = Float.parseFloat(parts[i].strip());
        }
        return out;
    }
}

package dev.modeldeploy.runtime.batch;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * How a prediction becomes columns of an output row (a table, a CSV file): a number or a string is one
 * {@code prediction} column; a record or bean is one column per property (as Jackson sees it), with
 * arrays, lists and maps written as JSON text (dates and times in them as ISO-8601 strings). Explicit
 * mappings override the derived ones.
 * Immutable and thread-safe.
 *
 * @param <O> the prediction type
 */
public final class PredictionColumns<O> {
    /** Compact JSON for one cell; dates and times in it as ISO-8601 text, as the sinks write a time column. */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    private final LinkedHashMap<String, Function<? super O, ?>> columns;
    private final List<Class<?>> types;

    private PredictionColumns(LinkedHashMap<String, Function<? super O, ?>> columns, List<Class<?>> types) {
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("a prediction needs at least one column");
        }
        this.columns = columns;
        this.types = List.copyOf(types);
    }

    /** Columns derived from the prediction type. */
    public static <O> PredictionColumns<O> derive(Class<O> type) {
        LinkedHashMap<String, Function<? super O, ?>> columns = new LinkedHashMap<>();
        List<Class<?>> types = new ArrayList<>();
        if (isScalar(type)) {
            columns.put("prediction", o -> o);
            types.add(cellType(type));
            return new PredictionColumns<>(columns, types);
        }
        JavaType javaType = JSON.constructType(type);
        BeanDescription bean = JSON.getSerializationConfig().introspect(javaType);
        for (BeanPropertyDefinition property : bean.findProperties()) {
            AnnotatedMember accessor = property.getAccessor();
            if (accessor == null) {
                continue;
            }
            accessor.fixAccess(true);
            String name = columnName(property.getName());
            if (columns.put(name, o -> cell(accessor.getValue(o))) != null) {
                throw new IllegalArgumentException("two properties of " + type.getName() + " make the column " + name + "; map them explicitly");
            }
            types.add(cellType(accessor.getRawType()));
        }
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("cannot derive columns from " + type.getName() + ": it has no readable properties; map them explicitly");
        }
        return new PredictionColumns<>(columns, types);
    }

    /** Exactly these columns, in order. */
    public static <O> PredictionColumns<O> of(Map<String, Function<? super O, ?>> mappings) {
        LinkedHashMap<String, Function<? super O, ?>> columns = new LinkedHashMap<>();
        mappings.forEach((name, f) -> columns.put(checkName(name), o -> cell(f.apply(o))));
        return new PredictionColumns<>(columns, java.util.Collections.nCopies(columns.size(), Object.class));
    }

    /** Column names, in order. */
    public List<String> names() {
        return List.copyOf(columns.keySet());
    }

    /**
     * The Java type of each column's values, in column order, for sinks that declare column types: the
     * declared type of a number, boolean, string or temporal; {@code String} for enums and for values
     * written as JSON text; {@code Object} for explicit mappings, whose values may be any of those.
     */
    public List<Class<?>> valueTypes() {
        return types;
    }

    /** The cell values of one prediction, in column order: numbers, booleans, strings, temporals or JSON text. */
    public Object[] values(O prediction) {
        Object[] out = new Object[columns.size()];
        int i = 0;
        for (Function<? super O, ?> f : columns.values()) {
            out[i++] = f.apply(prediction);
        }
        return out;
    }

    private static boolean isScalar(Class<?> type) {
        return Number.class.isAssignableFrom(type) || type.isPrimitive() || CharSequence.class.isAssignableFrom(type)
                || Boolean.class == type || Temporal.class.isAssignableFrom(type) || type.isEnum();
    }

    private static Class<?> cellType(Class<?> type) {
        return isScalar(type) && !type.isEnum() ? type : String.class;
    }

    private static Object cell(Object value) {
        if (value == null || value instanceof Number || value instanceof Boolean || value instanceof CharSequence
                || value instanceof Temporal) {
            return value;
        }
        if (value instanceof Enum<?> e) {
            return e.name();
        }
        if (value.getClass().isArray() || value instanceof Collection<?> || value instanceof Map<?, ?> || !isScalar(value.getClass())) {
            try {
                return JSON.writeValueAsString(value);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalArgumentException("cannot write " + value.getClass().getName() + " as JSON", e);
            }
        }
        return value.toString();
    }

    /** camelCase property names become snake_case columns: what SQL users type. */
    static String columnName(String property) {
        StringBuilder out = new StringBuilder(property.length() + 4);
        for (int i = 0; i < property.length(); i++) {
            char c = property.charAt(i);
            if (Character.isUpperCase(c)) {
                if (i > 0) {
                    out.append('_');
                }
                out.append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return checkName(out.toString());
    }

    static String checkName(String name) {
        Objects.requireNonNull(name, "column name");
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("invalid column name '" + name + "': use letters, digits and '_', starting with a letter or '_'");
        }
        return name;
    }

    @Override
    public String toString() {
        return "PredictionColumns" + names();
    }

}

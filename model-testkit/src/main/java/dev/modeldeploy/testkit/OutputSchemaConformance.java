package dev.modeldeploy.testkit;

import dev.modeldeploy.api.schema.Field;
import dev.modeldeploy.api.schema.FieldType;
import dev.modeldeploy.api.schema.Schema;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether one prediction has the field names and types a model's output schema declares.
 *
 * <p>A structured prediction (a {@code Map}, a record or a bean, its fields as Jackson sees them)
 * must have every required field of the schema, no field the schema lacks, and a value of the
 * field's type in each. A single value (a number, boolean, string, enum, date, instant, array or
 * collection) matches a schema of exactly one field, whatever its name, when it has that field's
 * type. Types accept only lossless Java values: {@code INT} takes {@code Integer}, {@code Short},
 * {@code Byte}; {@code LONG} also {@code Long}; {@code FLOAT} only {@code Float}; {@code DOUBLE}
 * {@code Double} or {@code Float}; {@code STRING} a {@code CharSequence}, {@code Character} or enum;
 * {@code TIMESTAMP} an {@code Instant}, {@code OffsetDateTime}, {@code ZonedDateTime} or
 * {@code java.util.Date}; {@code DATE} a {@code LocalDate}; {@code FLOAT_ARRAY} a {@code float[]},
 * {@code double[]} or a list of {@code Float}/{@code Double}. Null fits only a nullable field.
 */
final class OutputSchemaConformance {
    private OutputSchemaConformance() {
    }

    /** What is wrong with {@code output} against a non-empty {@code schema}; empty when it conforms. */
    static List<String> problems(Schema schema, Object output) {
        Map<String, Object> fields = fields(output);
        List<String> problems = new ArrayList<>();
        if (fields == null) {
            if (schema.size() != 1) {
                problems.add("the output is a single " + Describe.type(output) + " (" + Describe.value(output)
                        + ") but the output schema declares " + schema.size() + " fields " + names(schema)
                        + "; a single value matches a schema of exactly one field");
            } else {
                check(schema.fields().get(0), output, "the output", problems);
            }
            return problems;
        }
        for (Field field : schema.fields()) {
            if (!fields.containsKey(field.name())) {
                if (!field.nullable()) {
                    problems.add("field '" + field.name() + "' (" + field.type() + ", required) is missing from the output "
                            + Describe.value(output));
                }
                continue;
            }
            check(field, fields.get(field.name()), "field '" + field.name() + "'", problems);
        }
        for (String name : fields.keySet()) {
            if (schema.field(name).isEmpty()) {
                problems.add("field '" + name + "' of the output is not in the output schema " + names(schema));
            }
        }
        return problems;
    }

    private static void check(Field field, Object value, String what, List<String> problems) {
        if (value == null) {
            if (!field.nullable()) {
                problems.add(what + " is null but schema field '" + field.name() + "' (" + field.type() + ") is not nullable");
            }
        } else if (!accepts(field.type(), value)) {
            problems.add(what + " is " + Describe.aType(value) + " (" + Describe.value(value) + ") but schema field '"
                    + field.name() + "' is " + field.type() + ", which takes " + javaTypes(field.type()));
        }
    }

    /** The named fields of a structured output, or null for a single value. */
    private static Map<String, Object> fields(Object output) {
        if (output instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), v));
            return out;
        }
        if (isSingleValue(output)) {
            return null;
        }
        Map<String, Object> properties = KitJson.properties(output);
        return properties.isEmpty() ? null : properties;
    }

    private static boolean isSingleValue(Object output) {
        return output == null || output instanceof Number || output instanceof Boolean || output instanceof CharSequence
                || output instanceof Character || output instanceof Enum<?> || output instanceof TemporalAccessor
                || output instanceof Date || output instanceof Collection<?> || output.getClass().isArray()
                || output.getClass().getName().startsWith("java.");
    }

    static boolean accepts(FieldType type, Object value) {
        return switch (type) {
            case BOOLEAN -> value instanceof Boolean;
            case INT -> value instanceof Integer || value instanceof Short || value instanceof Byte;
            case LONG -> value instanceof Long || accepts(FieldType.INT, value);
            case FLOAT -> value instanceof Float;
            case DOUBLE -> value instanceof Double || value instanceof Float;
            case STRING -> value instanceof CharSequence || value instanceof Character || value instanceof Enum<?>;
            case TIMESTAMP -> value instanceof Instant || value instanceof OffsetDateTime || value instanceof ZonedDateTime
                    || value instanceof Date;
            case DATE -> value instanceof LocalDate;
            case FLOAT_ARRAY -> value instanceof float[] || value instanceof double[]
                    || (value instanceof List<?> list && list.stream().allMatch(e -> e instanceof Float || e instanceof Double));
        };
    }

    private static String javaTypes(FieldType type) {
        return switch (type) {
            case BOOLEAN -> "Boolean";
            case INT -> "Integer, Short or Byte";
            case LONG -> "Long, Integer, Short or Byte";
            case FLOAT -> "Float";
            case DOUBLE -> "Double or Float";
            case STRING -> "a CharSequence, Character or enum";
            case TIMESTAMP -> "Instant, OffsetDateTime, ZonedDateTime or java.util.Date";
            case DATE -> "LocalDate";
            case FLOAT_ARRAY -> "float[], double[] or a List of Float/Double";
        };
    }

    private static List<String> names(Schema schema) {
        return schema.fields().stream().map(Field::name).toList();
    }
}

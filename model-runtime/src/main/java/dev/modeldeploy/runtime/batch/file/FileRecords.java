package dev.modeldeploy.runtime.batch.file;

import dev.modeldeploy.api.schema.Field;
import dev.modeldeploy.api.schema.Schema;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Typing text values (CSV cells) by a schema. */
final class FileRecords {
    private FileRecords() {
    }

    /** A row of text values typed by the schema's fields; other columns stay text; empty text is null. */
    static Map<String, Object> typed(Map<String, String> row, Schema schema) {
        Map<String, Object> out = new LinkedHashMap<>(row.size() * 2);
        for (Map.Entry<String, String> e : row.entrySet()) {
            String text = e.getValue();
            if (text == null || text.isEmpty()) {
                out.put(e.getKey(), null);
                continue;
            }
            Field field = schema.field(e.getKey()).orElse(null);
            out.put(e.getKey(), field == null ? text : parse(text, field));
        }
        return out;
    }

    // A value that does not parse stays text: the model then rejects that record, naming the field.
    static Object parse(String text, Field field) {
        try {
            return switch (field.type()) {
                case BOOLEAN -> parseBoolean(text);
                case INT -> Integer.valueOf(text);
                case LONG -> Long.valueOf(text);
                case FLOAT -> Float.valueOf(text);
                case DOUBLE -> Double.valueOf(text);
                case TIMESTAMP -> Instant.parse(text);
                case DATE -> LocalDate.parse(text);
                case STRING, FLOAT_ARRAY -> text;
            };
        } catch (NumberFormatException | DateTimeParseException e) {
            return text;
        }
    }

    private static Object parseBoolean(String text) {
        if (text.equalsIgnoreCase("true")) {
            return Boolean.TRUE;
        }
        if (text.equalsIgnoreCase("false")) {
            return Boolean.FALSE;
        }
        return text;
    }
}

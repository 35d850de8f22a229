package dev.modeldeploy.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;

import java.util.Arrays;

/** Short, readable renderings of samples, values and exceptions for failure messages. */
final class Describe {
    private static final int MAX_CHARS = 240;

    private Describe() {
    }

    /** {@code sample 3 {visits=12, emails=3}}. */
    static String sample(int index, Object record) {
        return "sample " + index + " " + record(record);
    }

    /** A record as its {@code toString()}, or as JSON when its class keeps {@code Object}'s. */
    static String record(Object record) {
        if (record == null) {
            return "null";
        }
        String text = String.valueOf(record);
        if (!overridesToString(record.getClass())) {
            try {
                text = KitJson.MAPPER.writeValueAsString(record);
            } catch (JsonProcessingException | RuntimeException e) {
                // Keep Object's toString: a sample that Jackson cannot render is still named by its index.
            }
        }
        return truncate(text);
    }

    /** A value for "expected … but was …": arrays by content, strings quoted, numbers in full. */
    static String value(Object value) {
        if (value == null) {
            return "null";
        }
        String text;
        if (value.getClass().isArray()) {
            String wrapped = Arrays.deepToString(new Object[]{value});
            text = wrapped.substring(1, wrapped.length() - 1);
        } else if (value instanceof CharSequence) {
            text = "\"" + value + "\"";
        } else {
            text = record(value);
        }
        return truncate(text);
    }

    /** The type of a value, for messages: {@code Double}, {@code float[]}. */
    static String type(Object value) {
        return value == null ? "null" : value.getClass().getSimpleName();
    }

    /** The type with its article, for messages: {@code a Double}, {@code an Instant}. */
    static String aType(Object value) {
        String type = type(value);
        return ("AEIOUaeiou".indexOf(type.charAt(0)) >= 0 ? "an " : "a ") + type;
    }

    /** {@code java.lang.IllegalStateException: message}. */
    static String exception(Throwable t) {
        return t.getClass().getName() + (t.getMessage() == null ? "" : ": " + truncate(t.getMessage()));
    }

    private static boolean overridesToString(Class<?> type) {
        try {
            return type.getMethod("toString").getDeclaringClass() != Object.class;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    private static String truncate(String text) {
        return text.length() <= MAX_CHARS ? text : text.substring(0, MAX_CHARS - 3) + "...";
    }
}

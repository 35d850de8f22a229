package dev.modeldeploy.testkit;

import com.fasterxml.jackson.databind.JsonNode;

import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.AbstractList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Compares two predictions structurally and names the first place they differ: numbers within a
 * {@link Tolerance} (whole numbers exactly), arrays and lists element by element, maps key by key,
 * records and beans field by field through Jackson's tree model, {@code Optional}s by content, and
 * everything else (strings, enums, {@code java.*} values) with {@code equals}. Immutable and
 * thread-safe.
 */
final class OutputComparison {
    private final Tolerance tolerance;

    OutputComparison(Tolerance tolerance) {
        this.tolerance = Objects.requireNonNull(tolerance, "tolerance");
    }

    /**
     * Where and how {@code actual} differs from {@code expected}, e.g.
     * {@code at output.score: expected 0.75 but was 0.5 (difference 0.25)}; empty when they match.
     */
    Optional<String> difference(Object expected, Object actual) {
        return compare("output", expected, actual);
    }

    private Optional<String> compare(String path, Object expected, Object actual) {
        if (expected == null || actual == null) {
            return expected == actual ? Optional.empty() : differ(path, expected, actual);
        }
        if (expected instanceof Number e && actual instanceof Number a) {
            return numbers(path, e, a);
        }
        if (expected.getClass().isArray() && actual.getClass().isArray()) {
            return lists(path, elements(expected), elements(actual));
        }
        if (expected instanceof List<?> e && actual instanceof List<?> a) {
            return lists(path, e, a);
        }
        if (expected instanceof Map<?, ?> e && actual instanceof Map<?, ?> a) {
            return maps(path, e, a);
        }
        if (expected instanceof Optional<?> e && actual instanceof Optional<?> a) {
            return compare(path, e.orElse(null), a.orElse(null));
        }
        if (expected.getClass() != actual.getClass()) {
            return Optional.of("at " + path + ": expected " + Describe.aType(expected) + " " + Describe.value(expected)
                    + " but was " + Describe.aType(actual) + " " + Describe.value(actual));
        }
        if (isPlainValue(expected)) {
            return expected.equals(actual) ? Optional.empty() : differ(path, expected, actual);
        }
        return objects(path, expected, actual);
    }

    /** Values whose {@code equals} is the right comparison: no numbers inside to compare loosely. */
    private static boolean isPlainValue(Object value) {
        if (value instanceof CharSequence || value instanceof Boolean || value instanceof Character
                || value instanceof Enum<?> || value instanceof Class<?>) {
            return true;
        }
        String name = value.getClass().getName();
        return name.startsWith("java.") || name.startsWith("javax.");
    }

    private Optional<String> numbers(String path, Number expected, Number actual) {
        if (isWhole(expected) && isWhole(actual)) {
            return whole(expected).equals(whole(actual)) ? Optional.empty() : differ(path, expected, actual);
        }
        if (expected instanceof BigDecimal e && actual instanceof BigDecimal a && e.compareTo(a) == 0) {
            return Optional.empty();
        }
        double e = expected.doubleValue();
        double a = actual.doubleValue();
        if (tolerance.accepts(e, a)) {
            return Optional.empty();
        }
        return Optional.of("at " + path + ": expected " + Describe.value(expected) + " but was " + Describe.value(actual)
                + " (difference " + Math.abs(a - e) + ")");
    }

    private static boolean isWhole(Number n) {
        return n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte
                || n instanceof BigInteger || n instanceof AtomicInteger || n instanceof AtomicLong;
    }

    private static BigInteger whole(Number n) {
        return n instanceof BigInteger b ? b : BigInteger.valueOf(n.longValue());
    }

    /** A read-only list view of any array, primitive or not, so arrays compare like lists. */
    private static List<Object> elements(Object array) {
        return new AbstractList<>() {
            @Override
            public Object get(int index) {
                return Array.get(array, index);
            }

            @Override
            public int size() {
                return Array.getLength(array);
            }
        };
    }

    private Optional<String> lists(String path, List<?> expected, List<?> actual) {
        if (expected.size() != actual.size()) {
            return Optional.of("at " + path + ": expected " + expected.size() + " elements but was " + actual.size()
                    + " (expected " + Describe.value(expected) + " but was " + Describe.value(actual) + ")");
        }
        Iterator<?> a = actual.iterator();
        int i = 0;
        for (Object e : expected) {
            Optional<String> d = compare(path + "[" + i++ + "]", e, a.next());
            if (d.isPresent()) {
                return d;
            }
        }
        return Optional.empty();
    }

    private Optional<String> maps(String path, Map<?, ?> expected, Map<?, ?> actual) {
        Optional<String> keys = sameNames(path, "key", expected.keySet(), actual.keySet());
        if (keys.isPresent()) {
            return keys;
        }
        for (Map.Entry<?, ?> entry : expected.entrySet()) {
            Optional<String> d = compare(path + "." + entry.getKey(), entry.getValue(), actual.get(entry.getKey()));
            if (d.isPresent()) {
                return d;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> sameNames(String path, String what, Set<?> expected, Set<?> actual) {
        Set<Object> missing = new LinkedHashSet<>(expected);
        missing.removeAll(actual);
        Set<Object> extra = new LinkedHashSet<>(actual);
        extra.removeAll(expected);
        if (missing.isEmpty() && extra.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("at " + path + ": " + what + "s differ: missing " + missing + ", unexpected " + extra);
    }

    /** Records and beans: field by field, as Jackson sees them. */
    private Optional<String> objects(String path, Object expected, Object actual) {
        JsonNode e;
        JsonNode a;
        try {
            e = KitJson.MAPPER.valueToTree(expected);
            a = KitJson.MAPPER.valueToTree(actual);
        } catch (IllegalArgumentException unreadable) {
            return expected.equals(actual) ? Optional.empty() : differ(path, expected, actual);
        }
        if (e.isObject() && e.isEmpty() && a.isObject() && a.isEmpty()) {
            // No properties Jackson can see: the class's own equals is all there is.
            return expected.equals(actual) ? Optional.empty() : differ(path, expected, actual);
        }
        return nodes(path, e, a);
    }

    private Optional<String> nodes(String path, JsonNode expected, JsonNode actual) {
        if (expected.isNumber() && actual.isNumber()) {
            return numbers(path, expected.numberValue(), actual.numberValue());
        }
        if (expected.isObject() && actual.isObject()) {
            Set<String> expectedNames = new LinkedHashSet<>();
            expected.fieldNames().forEachRemaining(expectedNames::add);
            Set<String> actualNames = new LinkedHashSet<>();
            actual.fieldNames().forEachRemaining(actualNames::add);
            Optional<String> names = sameNames(path, "field", expectedNames, actualNames);
            if (names.isPresent()) {
                return names;
            }
            for (String name : expectedNames) {
                Optional<String> d = nodes(path + "." + name, expected.get(name), actual.get(name));
                if (d.isPresent()) {
                    return d;
                }
            }
            return Optional.empty();
        }
        if (expected.isArray() && actual.isArray()) {
            if (expected.size() != actual.size()) {
                return Optional.of("at " + path + ": expected " + expected.size() + " elements but was " + actual.size()
                        + " (expected " + expected + " but was " + actual + ")");
            }
            for (int i = 0; i < expected.size(); i++) {
                Optional<String> d = nodes(path + "[" + i + "]", expected.get(i), actual.get(i));
                if (d.isPresent()) {
                    return d;
                }
            }
            return Optional.empty();
        }
        return expected.equals(actual) ? Optional.empty()
                : Optional.of("at " + path + ": expected " + expected + " but was " + actual);
    }

    private static Optional<String> differ(String path, Object expected, Object actual) {
        return Optional.of("at " + path + ": expected " + Describe.value(expected) + " but was " + Describe.value(actual));
    }
}

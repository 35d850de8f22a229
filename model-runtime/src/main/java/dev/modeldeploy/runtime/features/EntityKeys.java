package dev.modeldeploy.runtime.features;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * The canonical string form of an entity key, so that the same restaurant found as {@code 42} in a
 * JSON request, {@code 42L} in a database row and {@code "42"} in a Redis key is one entity.
 */
public final class EntityKeys {
    private EntityKeys() {
    }

    /**
     * The key for a raw value: strings as they are; integers (and floating point numbers with an
     * integral value, as JSON parsers sometimes produce) in plain decimal; enums by name; anything
     * else by {@code toString()}. {@code null} for a {@code null} value (no key).
     */
    public static String of(Object value) {
        if (value == null || value instanceof String) {
            return (String) value;
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte
                || value instanceof BigInteger) {
            return value.toString();
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (d == Math.rint(d) && Math.abs(d) < 0x1p53) {
                return Long.toString((long) d);
            }
            return value.toString();
        }
        if (value instanceof BigDecimal b) {
            BigDecimal s = b.stripTrailingZeros();
            return s.scale() <= 0 ? s.toBigInteger().toString() : s.toPlainString();
        }
        if (value instanceof Enum<?> e) {
            return e.name();
        }
        return value.toString();
    }
}

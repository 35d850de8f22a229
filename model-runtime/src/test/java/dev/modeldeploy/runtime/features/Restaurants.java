package dev.modeldeploy.runtime.features;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The food-delivery test data: restaurant {@code i} (1..count) has a 7-day and a 1-hour average
 * preparation time derived from {@code i}; every seventh restaurant has no 1-hour value yet (no orders
 * in the last hour), so the data has present entities with missing fields.
 */
public final class Restaurants {
    private Restaurants() {
    }

    public static double prep7d(int i) {
        return 8.0 + (i % 23) * 0.5;
    }

    public static double prep1h(int i) {
        return 6.0 + (i % 31) * 0.75;
    }

    public static boolean hasLastHour(int i) {
        return i % 7 != 0;
    }

    /** Restaurant {@code i}'s fields as numbers. */
    public static Map<String, Object> fields(int i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("prep_minutes_7d", prep7d(i));
        if (hasLastHour(i)) {
            m.put("prep_minutes_1h", prep1h(i));
        }
        return m;
    }

    /** Restaurants 1..count by canonical key. */
    public static Map<String, Map<String, Object>> all(int count) {
        Map<String, Map<String, Object>> m = new HashMap<>();
        for (int i = 1; i <= count; i++) {
            m.put(Integer.toString(i), fields(i));
        }
        return m;
    }
}

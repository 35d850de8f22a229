package dev.modeldeploy.api.pipeline;

import java.util.HashMap;
import java.util.Map;

/** Raw records for tests: maps that may hold nulls. */
final class Records {
    private Records() {
    }

    /** A map of alternating keys and values (values may be null). */
    static Map<String, Object> rec(Object... keysAndValues) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }
}

package dev.modeldeploy.testkit.models;

import java.util.LinkedHashMap;
import java.util.Map;

/** Raw map records in a fixed field order, so that failure messages can be asserted exactly. */
public final class Records {
    private Records() {
    }

    /** {@code record("visits", 12, "emails", 3)}. */
    public static Map<String, Object> record(Object... namesAndValues) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            out.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return out;
    }
}

package dev.modeldeploy.runtime.features;

import java.util.Map;

/** Helpers for {@link SnapshotLoader} implementations: one place for the rules about keys every loader follows. */
public final class Snapshots {
    private Snapshots() {
    }

    /**
     * Adds one entity's fields under its key.
     *
     * @param where names the row in errors, such as {@code features.csv: row 7}
     * @throws IllegalArgumentException if the key is missing or already loaded
     */
    public static void put(Map<String, Map<String, Object>> snapshot, String key, Map<String, Object> fields, String where) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException(where + " has no entity key");
        }
        if (snapshot.putIfAbsent(key, fields) != null) {
            throw new IllegalArgumentException(where + ": entity key '" + key + "' appears twice");
        }
    }
}

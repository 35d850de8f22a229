package dev.modeldeploy.api.store;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * String options for store backends, such as {@code s3.endpoint} or {@code s3.partSizeBytes}; each
 * backend documents its keys and reads only its own prefix. Immutable and thread-safe.
 *
 * @param values the options
 */
public record StoreSettings(Map<String, String> values) {
    private static final StoreSettings EMPTY = new StoreSettings(Map.of());

    public StoreSettings {
        values = java.util.Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(values, "values")));
    }

    /** No options: every backend uses its defaults and the environment. */
    public static StoreSettings empty() {
        return EMPTY;
    }

    /** The option's value, if set. */
    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /** These settings with one more option. */
    public StoreSettings with(String key, String value) {
        Map<String, String> copy = new TreeMap<>(values);
        copy.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
        return new StoreSettings(copy);
    }
}

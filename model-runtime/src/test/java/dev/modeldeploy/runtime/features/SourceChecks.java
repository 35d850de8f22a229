package dev.modeldeploy.runtime.features;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Checks every feature source must pass, whatever its store. */
public final class SourceChecks {
    private SourceChecks() {
    }

    /** Asserts that one batched lookup of {@code keys} equals their single lookups, and returns it. */
    public static Map<String, Map<String, Object>> batchEqualsSingles(FeatureSource source, List<String> keys) {
        Map<String, Map<String, Object>> batch = source.lookupAll(keys);
        Map<String, Map<String, Object>> single = new HashMap<>();
        keys.forEach(k -> source.lookup(k).ifPresent(f -> single.put(k, f)));
        assertThat(batch).isEqualTo(single);
        return batch;
    }
}

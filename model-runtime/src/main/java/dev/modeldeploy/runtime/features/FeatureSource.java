package dev.modeldeploy.runtime.features;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Precomputed features by entity key: a restaurant's average preparation time over the last 7 days
 * and the last hour, kept by a nightly or streaming job in Redis, a database table or a file.
 *
 * <p>An entity the source does not know is <em>absent</em> ({@link Optional#empty()}, or no entry in
 * {@link #lookupAll}'s result), which is distinct from a present entity that lacks some fields (a map
 * without them). Field maps are unmodifiable and never hold {@code null} values. Keys are canonical
 * strings ({@link EntityKeys#of}).
 *
 * <p>Implementations: {@link SnapshotFeatureSource} (in memory, refreshed atomically),
 * {@link dev.modeldeploy.runtime.features.jdbc.JdbcFeatureSource},
 * {@link dev.modeldeploy.runtime.features.redis.RedisFeatureSource}; decorators
 * {@link CachedFeatureSource} and {@link DeadlineFeatureSource}. Implementations are thread-safe and
 * signal failures with {@link FeatureLookupException}.
 */
public interface FeatureSource extends AutoCloseable {
    /** The entity's fields, or empty if the source does not know it. */
    default Optional<Map<String, Object>> lookup(String key) {
        return Optional.ofNullable(lookupAll(List.of(key)).get(key));
    }

    /**
     * The fields of every entity of {@code keys} the source knows, in one round trip where the store
     * allows it. Absent entities have no entry; duplicate keys are looked up once.
     */
    Map<String, Map<String, Object>> lookupAll(Collection<String> keys);

    /** Releases what the source owns (not what it was given, such as a connection pool). */
    @Override
    default void close() {
    }
}

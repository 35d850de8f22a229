package dev.modeldeploy.runtime.features;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import com.github.benmanes.caffeine.cache.stats.CacheStats;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * A Caffeine cache in front of any {@link FeatureSource}: entities expire a fixed time after they were
 * loaded ({@code ttl}), absent entities are remembered too, for their own, usually shorter,
 * {@code negativeTtl} (so a flood of requests for an unknown restaurant does not reach the store), and
 * the cache holds at most {@code maxSize} entities. {@link #lookupAll} asks the source only for the
 * keys it does not hold, in one call. Failures are not cached.
 *
 * <p>Put it in front of a {@link DeadlineFeatureSource}, so that cache hits never wait for an
 * executor. Thread-safe.
 */
public final class CachedFeatureSource implements FeatureSource {
    // What the cache holds: the entity's fields, or null when the source does not know the entity.
    private record Cached(Map<String, Object> fields) {
    }

    private static final Cached ABSENT = new Cached(null);

    private final FeatureSource source;
    private final Cache<String, Cached> cache;
    private final Function<String, Cached> loadOne;

    private CachedFeatureSource(Builder b) {
        this.source = b.source;
        this.loadOne = key -> source.lookup(key).map(Cached::new).orElse(ABSENT);
        Duration ttl = b.ttl;
        Duration negativeTtl = b.negativeTtl;
        Caffeine<Object, Object> c = Caffeine.newBuilder()
                .maximumSize(b.maxSize)
                .ticker(b.ticker)
                .recordStats();
        this.cache = c.expireAfter(Expiry.<String, Cached>creating((key, v) -> v.fields == null ? negativeTtl : ttl)).build();
    }

    /** A cache in front of {@code source}, by default 1 minute TTL, 10 s negative TTL and 100 000 entities. */
    public static Builder builder(FeatureSource source) {
        return new Builder(source);
    }

    @Override
    public Optional<Map<String, Object>> lookup(String key) {
        Cached c = cache.getIfPresent(key);
        if (c == null) {
            c = cache.get(key, loadOne); // a field, not a lambda per call: a hit allocates nothing but the Optional
        }
        return Optional.ofNullable(c.fields);
    }

    // Hits are read one by one (cheaper than Caffeine's getAll for the usual all-hit micro-batch); the
    // misses go to the source in one call. Concurrent batches may both load a key: harmless, last one wins.
    @Override
    public Map<String, Map<String, Object>> lookupAll(Collection<String> keys) {
        Map<String, Map<String, Object>> out = new HashMap<>(keys.size() * 2);
        Set<String> missing = null;
        for (String key : keys) {
            Cached c = cache.getIfPresent(key);
            if (c == null) {
                if (missing == null) {
                    missing = new LinkedHashSet<>();
                }
                missing.add(key);
            } else if (c.fields != null) {
                out.put(key, c.fields);
            }
        }
        if (missing != null) {
            Map<String, Map<String, Object>> found = source.lookupAll(missing);
            for (String key : missing) {
                Map<String, Object> fields = found.get(key);
                cache.put(key, fields == null ? ABSENT : new Cached(fields));
                if (fields != null) {
                    out.put(key, fields);
                }
            }
        }
        return out;
    }

    /** Drops one entity, so the next lookup reads the source. */
    public void invalidate(String key) {
        cache.invalidate(key);
    }

    /** Drops every entity. */
    public void invalidateAll() {
        cache.invalidateAll();
    }

    /** Runs pending maintenance (size evictions, expired entries) now instead of on a later access. */
    public void cleanUp() {
        cache.cleanUp();
    }

    /** Hits, misses, loads and evictions since creation. */
    public CacheStats stats() {
        return cache.stats();
    }

    /** Entities (present or absent) held now, approximately. */
    public long estimatedSize() {
        return cache.estimatedSize();
    }

    /** Closes the source behind the cache. */
    @Override
    public void close() {
        source.close();
    }

    @Override
    public String toString() {
        return "cached " + source;
    }

    /** Options of a {@link CachedFeatureSource}. Not thread-safe. */
    public static final class Builder {
        private final FeatureSource source;
        private Duration ttl = Duration.ofMinutes(1);
        private Duration negativeTtl = Duration.ofSeconds(10);
        private long maxSize = 100_000;
        private Ticker ticker = Ticker.systemTicker();

        private Builder(FeatureSource source) {
            this.source = Objects.requireNonNull(source, "source");
        }

        /** How long a found entity is served from the cache after it was loaded. */
        public Builder ttl(Duration value) {
            this.ttl = nonNegative(value, "ttl");
            return this;
        }

        /** How long "this entity does not exist" is remembered; zero to never remember it. */
        public Builder negativeTtl(Duration value) {
            this.negativeTtl = nonNegative(value, "negativeTtl");
            return this;
        }

        /** At most this many entities (present or absent); the least useful go first. */
        public Builder maxSize(long value) {
            if (value < 0) {
                throw new IllegalArgumentException("maxSize must not be negative: " + value);
            }
            this.maxSize = value;
            return this;
        }

        /** The time source for expiry; tests pass one they control. */
        public Builder ticker(Ticker value) {
            this.ticker = Objects.requireNonNull(value, "ticker");
            return this;
        }

        public CachedFeatureSource build() {
            return new CachedFeatureSource(this);
        }

        private static Duration nonNegative(Duration d, String name) {
            if (Objects.requireNonNull(d, name).isNegative()) {
                throw new IllegalArgumentException(name + " must not be negative: " + d);
            }
            return d;
        }
    }
}

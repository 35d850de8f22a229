package dev.modeldeploy.runtime.features.redis;

import dev.modeldeploy.runtime.features.FeatureLookupException;
import dev.modeldeploy.runtime.features.FeatureSource;
import dev.modeldeploy.runtime.features.FeatureTypes;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.util.Pool;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Features in Redis, one hash per entity at {@code <prefix><key>} (such as {@code restaurant:42} with
 * fields {@code prep_minutes_7d}, {@code prep_minutes_1h}), as a streaming job keeps them with
 * {@code HSET}. A single lookup is one {@code HGETALL}; a batch is one pipeline of {@code HGETALL}s,
 * one round trip. A missing hash is an absent entity. Redis keeps text: give the field types
 * ({@link FeatureTypes#of}, often the model's input schema) so numbers reach the model as numbers.
 *
 * <p>Connections come from a Jedis {@link Pool} ({@code JedisPool}, {@code JedisSentinelPool}); its
 * socket timeout bounds how long a worker can hang on a stuck server, so keep it near the lookup
 * deadline. Jedis is an optional dependency of model-runtime: add {@code redis.clients:jedis} (5.2.0
 * tested) to use this class. Errors name the key pattern, never the server's password. Thread-safe.
 */
public final class RedisFeatureSource implements FeatureSource {
    private final Pool<Jedis> pool;
    private final String keyPrefix;
    private final FeatureTypes types;
    private final Set<String> fields;

    private RedisFeatureSource(Builder b) {
        this.pool = b.pool;
        this.keyPrefix = b.keyPrefix;
        this.types = b.types;
        this.fields = b.fields.isEmpty() ? null : Set.copyOf(b.fields);
    }

    /** Hashes read through {@code pool}; the pool stays the caller's to close. */
    public static Builder builder(Pool<Jedis> pool) {
        return new Builder(pool);
    }

    @Override
    public Optional<Map<String, Object>> lookup(String key) {
        try (Jedis jedis = pool.getResource()) {
            return Optional.ofNullable(entity(jedis.hgetAll(keyPrefix + key)));
        } catch (JedisException e) {
            throw failed(1, e);
        }
    }

    @Override
    public Map<String, Map<String, Object>> lookupAll(Collection<String> keys) {
        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(keys));
        Map<String, Map<String, Object>> out = new HashMap<>(distinct.size() * 2);
        if (distinct.isEmpty()) {
            return out;
        }
        try (Jedis jedis = pool.getResource()) {
            List<Response<Map<String, String>>> responses = new ArrayList<>(distinct.size());
            Pipeline pipeline = jedis.pipelined();
            for (String key : distinct) {
                responses.add(pipeline.hgetAll(keyPrefix + key));
            }
            pipeline.sync();
            for (int i = 0; i < distinct.size(); i++) {
                Map<String, Object> entity = entity(responses.get(i).get());
                if (entity != null) {
                    out.put(distinct.get(i), entity);
                }
            }
        } catch (JedisException e) {
            throw failed(distinct.size(), e);
        }
        return out;
    }

    // Redis deletes a hash with its last field, so an empty reply means no such entity.
    private Map<String, Object> entity(Map<String, String> hash) {
        if (hash.isEmpty()) {
            return null;
        }
        if (fields == null) {
            return types.typed(hash);
        }
        Map<String, String> kept = new HashMap<>(fields.size() * 2);
        for (String f : fields) {
            String v = hash.get(f);
            if (v != null) {
                kept.put(f, v);
            }
        }
        return types.typed(kept);
    }

    private FeatureLookupException failed(int keys, JedisException e) {
        return new FeatureLookupException("feature lookup of " + keys + " key(s) in " + this + " failed: " + e.getMessage(), e);
    }

    @Override
    public String toString() {
        return "Redis hashes " + keyPrefix + "*";
    }

    /** Options of a {@link RedisFeatureSource}. Not thread-safe. */
    public static final class Builder {
        private final Pool<Jedis> pool;
        private String keyPrefix;
        private FeatureTypes types = FeatureTypes.untyped();
        private final List<String> fields = new ArrayList<>();

        private Builder(Pool<Jedis> pool) {
            this.pool = Objects.requireNonNull(pool, "pool");
        }

        /** Put before each entity key to make the hash's Redis key, separator included, such as {@code "restaurant:"} (required). */
        public Builder keyPrefix(String value) {
            this.keyPrefix = Objects.requireNonNull(value, "keyPrefix");
            return this;
        }

        /** Types of the hash fields (default: all strings). */
        public Builder types(FeatureTypes value) {
            this.types = Objects.requireNonNull(value, "types");
            return this;
        }

        /** Keep only these hash fields (default: all). */
        public Builder fields(String... names) {
            fields.addAll(List.of(names));
            return this;
        }

        public RedisFeatureSource build() {
            if (keyPrefix == null) {
                throw new IllegalStateException("a Redis feature source needs a keyPrefix, such as \"restaurant:\"");
            }
            return new RedisFeatureSource(this);
        }
    }
}

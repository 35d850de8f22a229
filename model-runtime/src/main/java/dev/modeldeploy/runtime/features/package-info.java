/**
 * Feature lookup for online serving: precomputed features (a restaurant's average preparation time
 * over the last 7 days and the last hour) fetched by entity key and merged into the raw request before
 * {@code preprocess}.
 *
 * <ul>
 *   <li>{@link dev.modeldeploy.runtime.features.FeatureSource}: the service interface, single and
 *       batched (one round trip) lookups. Backends: {@link dev.modeldeploy.runtime.features.SnapshotFeatureSource}
 *       (in memory, from a file or a query, refreshed atomically),
 *       {@link dev.modeldeploy.runtime.features.jdbc.JdbcFeatureSource} (a precomputed table) and
 *       {@link dev.modeldeploy.runtime.features.redis.RedisFeatureSource} (a hash per entity; needs Jedis).</li>
 *   <li>Decorators: {@link dev.modeldeploy.runtime.features.CachedFeatureSource} (Caffeine, TTL, size
 *       bound, negative caching) and {@link dev.modeldeploy.runtime.features.DeadlineFeatureSource}
 *       (per-lookup deadline on a bounded executor). Stack them as
 *       {@code cache → deadline → store}, so cache hits never wait for a thread.</li>
 *   <li>{@link dev.modeldeploy.runtime.features.FeatureEnricher}: the online predictor's
 *       {@link dev.modeldeploy.runtime.online.RequestEnricher} for map records, configured with one
 *       {@link dev.modeldeploy.runtime.features.FeatureLookup} per entity; defaults, precedence and
 *       missing-value counters.</li>
 * </ul>
 */
package dev.modeldeploy.runtime.features;

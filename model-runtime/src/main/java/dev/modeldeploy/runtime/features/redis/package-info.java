/**
 * Feature lookup in Redis: {@link dev.modeldeploy.runtime.features.redis.RedisFeatureSource}, a hash per
 * entity, pipelined for batches. Needs the optional dependency {@code redis.clients:jedis} (5.2.0
 * tested); nothing else in model-runtime loads Jedis classes.
 */
package dev.modeldeploy.runtime.features.redis;

package dev.modeldeploy.runtime.features.redis;

import dev.modeldeploy.api.schema.Field;
import dev.modeldeploy.api.schema.FieldType;
import dev.modeldeploy.api.schema.Schema;
import dev.modeldeploy.api.testing.WeightedSumModel;
import dev.modeldeploy.runtime.features.CachedFeatureSource;
import dev.modeldeploy.runtime.features.DeadlineFeatureSource;
import dev.modeldeploy.runtime.features.FailurePolicy;
import dev.modeldeploy.runtime.features.FeatureEnricher;
import dev.modeldeploy.runtime.features.FeatureLookup;
import dev.modeldeploy.runtime.features.FeatureLookupException;
import dev.modeldeploy.runtime.features.FeatureSource;
import dev.modeldeploy.runtime.features.FeatureTimeoutException;
import dev.modeldeploy.runtime.features.FeatureTypes;
import dev.modeldeploy.runtime.features.Restaurants;
import dev.modeldeploy.runtime.features.SourceChecks;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** The Redis source against a real redis-server: a hash per restaurant, as a streaming job writes them. */
class RedisFeatureSourceTest {
    static final int RESTAURANTS = 300;
    static final FeatureTypes TYPES = FeatureTypes.of(Schema.of(Field.optional("prep_minutes_7d", FieldType.DOUBLE),
            Field.optional("prep_minutes_1h", FieldType.DOUBLE), Field.optional("orders_7d", FieldType.LONG)));
    /** The hang guard of tests about slow or dead stores: far above every deadline, it only stops a broken build. */
    static final Duration HANG_GUARD = Duration.ofSeconds(30);

    static RedisFixture redis;
    JedisPool pool;

    @BeforeAll
    static void startRedis() throws Exception {
        redis = RedisFixture.start();
        try (Jedis admin = redis.admin()) {
            seed(admin);
        }
    }

    @AfterAll
    static void stopRedis() throws Exception {
        if (redis != null) {
            redis.close();
        }
    }

    @AfterEach
    void closePool() {
        if (pool != null) {
            pool.close();
        }
    }

    static void seed(Jedis admin) {
        for (int i = 1; i <= RESTAURANTS; i++) {
            Map<String, String> hash = new HashMap<>();
            hash.put("prep_minutes_7d", Double.toString(Restaurants.prep7d(i)));
            if (Restaurants.hasLastHour(i)) {
                hash.put("prep_minutes_1h", Double.toString(Restaurants.prep1h(i)));
            }
            hash.put("orders_7d", Integer.toString(i * 10));
            hash.put("name", "Restaurant " + i);
            admin.hset("restaurant:" + i, hash);
        }
    }

    RedisFeatureSource source(JedisPool p) {
        return RedisFeatureSource.builder(p).keyPrefix("restaurant:").types(TYPES).build();
    }

    static FeatureLookup.Builder restaurant(FeatureSource source) {
        return FeatureLookup.builder("restaurant", source).keyField("restaurant_id")
                .fields("prep_minutes_7d", "prep_minutes_1h").prefix("restaurant_")
                .defaultValue("prep_minutes_7d", 15.0).defaultValue("prep_minutes_1h", 15.0);
    }

    static Map<String, Object> order(Object restaurantId, double distanceKm) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("restaurant_id", restaurantId);
        r.put("distance_km", distanceKm);
        return r;
    }

    @Test
    void hashesAreTypedAndSingleAndBatchedLookupsAgree() {
        pool = redis.pool();
        RedisFeatureSource source = source(pool);
        assertThat(source.lookup("7")).contains(Map.of("prep_minutes_7d", Restaurants.prep7d(7), "orders_7d", 70L, "name", "Restaurant 7"));
        assertThat(source.lookup("8")).contains(Map.of("prep_minutes_7d", Restaurants.prep7d(8), "prep_minutes_1h", Restaurants.prep1h(8),
                "orders_7d", 80L, "name", "Restaurant 8"));
        assertThat(source.lookup("9999")).isEmpty();

        List<String> keys = IntStream.rangeClosed(RESTAURANTS - 40, RESTAURANTS + 10).mapToObj(Integer::toString).toList();
        assertThat(SourceChecks.batchEqualsSingles(source, keys)).hasSize(41);

        RedisFeatureSource onlyPrep = RedisFeatureSource.builder(pool).keyPrefix("restaurant:").types(TYPES)
                .fields("prep_minutes_7d", "prep_minutes_1h").build();
        assertThat(onlyPrep.lookup("7")).contains(Map.of("prep_minutes_7d", Restaurants.prep7d(7)));
        assertThat(onlyPrep.toString()).isEqualTo("Redis hashes restaurant:*");
    }

    @Test
    void aBatchIsOneRoundTripAndOneHgetallPerDistinctKey() {
        pool = redis.countingPool();
        RedisFeatureSource source = source(pool);
        source.lookup("1"); // opens the pooled connection, whose handshake is not a lookup
        try (Jedis admin = redis.admin()) {
            long hgetallBefore = hgetallCalls(admin);
            long before = redis.roundTrips.get();
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                keys.add(Integer.toString(i % 64 + 1));
            }
            assertThat(source.lookupAll(keys)).hasSize(64);
            assertThat(redis.roundTrips.get() - before).isEqualTo(1);
            assertThat(hgetallCalls(admin) - hgetallBefore).isEqualTo(64);
            // The counter does count exchanges: five single lookups are five.
            long beforeSingles = redis.roundTrips.get();
            keys.subList(0, 5).forEach(source::lookup);
            assertThat(redis.roundTrips.get() - beforeSingles).isEqualTo(5);

            // Through the enricher and a cache: one round trip for a cold micro-batch, none once it is cached.
            CachedFeatureSource cached = CachedFeatureSource.builder(source).build();
            FeatureEnricher enricher = FeatureEnricher.builder().lookup(restaurant(cached).build()).build();
            List<Map<String, Object>> batch = IntStream.range(0, 32).mapToObj(i -> order(100 + i % 20, 1.0 + i)).toList();
            long beforeBatch = redis.roundTrips.get();
            List<Map<String, Object>> enriched = enricher.enrichAll(batch);
            assertThat(redis.roundTrips.get() - beforeBatch).isEqualTo(1);
            assertThat(enricher.enrichAll(batch)).isEqualTo(enriched);
            assertThat(redis.roundTrips.get() - beforeBatch).isEqualTo(1);
            assertThat(enriched.get(5)).containsEntry("restaurant_prep_minutes_7d", Restaurants.prep7d(105));
        }
    }

    private static long hgetallCalls(Jedis admin) {
        for (String line : admin.info("commandstats").split("\r?\n")) {
            if (line.startsWith("cmdstat_hgetall:")) {
                return Long.parseLong(line.replaceAll("^cmdstat_hgetall:calls=(\\d+),.*", "$1")); // not failed_calls=
            }
        }
        return 0;
    }

    @Test
    void aPausedRedisGivesDefaultsOrATypedTimeoutWithinTheDeadline() throws Exception {
        // Generous, for the healthy lookups before and after the pause (the first one connects the fresh pool);
        // the paused ones cannot make it: the server answers nothing until the test resumes it.
        Duration deadline = Duration.ofSeconds(2);
        // Reads outlast the pause, far above the deadline (a client timeout would fail a lookup, not time it out).
        pool = redis.pool((int) HANG_GUARD.toMillis());
        FeatureSource guarded = DeadlineFeatureSource.builder(source(pool), deadline).threads(4).build();
        FeatureEnricher lenient = FeatureEnricher.builder().lookup(restaurant(guarded).build()).build();
        FeatureEnricher strict = FeatureEnricher.builder().lookup(restaurant(guarded).onFailure(FailurePolicy.THROW).build()).build();
        assertThat(lenient.enrich(order(12, 2.0))).containsEntry("restaurant_prep_minutes_7d", Restaurants.prep7d(12));

        // Every client's commands wait until the server runs again, as with a server stuck in a slow command.
        redis.suspend();
        ExecutorService background = Executors.newSingleThreadExecutor();
        try {
            // The strict caller waits on another thread meanwhile, so that the two deadlines pass together.
            Future<FeatureTimeoutException> strictTimeout = background.submit(
                    () -> assertThrows(FeatureTimeoutException.class, () -> strict.enrichAll(List.of(order(12, 2.0), order(13, 1.0)))));
            Map<String, Object> record = assertTimeoutPreemptively(HANG_GUARD, () -> lenient.enrich(order(12, 2.0)));
            // The defaults, not restaurant 12's values: the answer did not come from the paused store.
            assertThat(record).containsEntry("restaurant_prep_minutes_7d", 15.0).containsEntry("restaurant_prep_minutes_1h", 15.0);
            assertThat(lenient.metrics().timeouts("restaurant")).isEqualTo(1);
            FeatureTimeoutException e = strictTimeout.get(HANG_GUARD.toSeconds(), TimeUnit.SECONDS);
            assertThat(e.timeout()).isEqualTo(deadline);
            assertThat(e).hasMessageContaining("Redis hashes restaurant:*");
        } finally {
            redis.resume(); // the pause ends only now: the answers above never came from the store
            background.shutdownNow();
        }
        assertThat(lenient.enrich(order(12, 2.0))).containsEntry("restaurant_prep_minutes_7d", Restaurants.prep7d(12));
    }

    @Test
    void aStoppedRedisGivesDefaultsOrAFailureAsConfiguredAndRecovers() throws Exception {
        try (RedisFixture own = RedisFixture.start()) {
            try (Jedis admin = own.admin()) {
                seed(admin);
            }
            pool = own.pool();
            FeatureSource guarded = DeadlineFeatureSource.builder(source(pool), Duration.ofSeconds(5)).build();
            FeatureEnricher lenient = FeatureEnricher.builder().lookup(restaurant(guarded).build()).build();
            FeatureEnricher strict = FeatureEnricher.builder().lookup(restaurant(guarded).onFailure(FailurePolicy.THROW).build()).build();
            assertThat(lenient.enrich(order(3, 1.0))).containsEntry("restaurant_prep_minutes_7d", Restaurants.prep7d(3));

            own.stop();
            Map<String, Object> record = assertTimeoutPreemptively(HANG_GUARD, () -> lenient.enrich(order(3, 1.0)));
            assertThat(record).containsEntry("restaurant_prep_minutes_7d", 15.0);
            List<Map<String, Object>> batch = assertTimeoutPreemptively(HANG_GUARD, () -> lenient.enrichAll(List.of(order(3, 1.0), order(4, 2.0))));
            assertThat(batch).allSatisfy(r -> assertThat(r).containsEntry("restaurant_prep_minutes_1h", 15.0));
            assertThat(lenient.metrics().failures("restaurant")).isEqualTo(2);
            assertThat(lenient.metrics().timeouts("restaurant")).isZero();
            assertThat(lenient.metrics().missing("restaurant_prep_minutes_7d")).isEqualTo(3);
            FeatureLookupException e = assertThrows(FeatureLookupException.class, () -> strict.enrich(order(3, 1.0)));
            assertThat(e).isNotInstanceOf(FeatureTimeoutException.class).hasMessageContaining("Redis hashes restaurant:*");

            try (RedisFixture restarted = RedisFixture.start(own.port); Jedis admin = restarted.admin()) {
                seed(admin);
                assertThat(strict.enrich(order(3, 1.0))).containsEntry("restaurant_prep_minutes_7d", Restaurants.prep7d(3));
            }
        }
    }

    @Test
    void manyThreadsThroughCacheAndDeadlineGetWhatOneThreadGets() throws Exception {
        pool = redis.pool();
        RedisFeatureSource plain = source(pool);
        FeatureEnricher sequentialEnricher = FeatureEnricher.builder().lookup(restaurant(plain).build()).build();
        DeadlineFeatureSource guarded = DeadlineFeatureSource.builder(plain, Duration.ofSeconds(10)).threads(4).build();
        FeatureEnricher enricher = FeatureEnricher.builder().lookup(restaurant(CachedFeatureSource.builder(guarded)
                .ttl(Duration.ofMinutes(5)).maxSize(100).build()).onFailure(FailurePolicy.THROW).build()).build();
        Random random = new Random(11);
        List<List<Map<String, Object>>> batches = new ArrayList<>();
        for (int b = 0; b < 600; b++) {
            List<Map<String, Object>> batch = new ArrayList<>();
            for (int i = random.nextInt(6) + 1; i > 0; i--) {
                int id = random.nextInt(RESTAURANTS + 30) + 1; // some unknown restaurants
                batch.add(order(random.nextBoolean() ? id : Integer.toString(id), random.nextDouble() * 10));
            }
            batches.add(batch);
        }
        List<List<Map<String, Object>>> expected = batches.stream().map(sequentialEnricher::enrichAll).toList();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<List<Map<String, Object>>>> results = new ArrayList<>();
            for (int b = 0; b < batches.size(); b++) {
                List<Map<String, Object>> batch = batches.get(b);
                results.add(threads.submit(() -> batch.size() % 2 == 0 ? enricher.enrichAll(batch) : batch.stream().map(enricher::enrich).toList()));
            }
            for (int b = 0; b < batches.size(); b++) {
                assertThat(results.get(b).get(60, TimeUnit.SECONDS)).isEqualTo(expected.get(b));
            }
        } finally {
            threads.shutdownNow();
            guarded.close();
        }
        assertThat(enricher.metrics().missing("restaurant_prep_minutes_1h")).isEqualTo(sequentialEnricher.metrics().missing("restaurant_prep_minutes_1h"));
    }

    @Test
    void theDeliveryEtaExampleEnrichesOrdersForTheModel() {
        pool = redis.pool(10_000); // above the deadline below, as the deadline source advises
        // The README example: restaurant prep times from Redis, merged under restaurant_*, then the model.
        RedisFeatureSource redisSource = RedisFeatureSource.builder(pool).keyPrefix("restaurant:")
                .types(FeatureTypes.of(Schema.of(Field.optional("prep_minutes_7d", FieldType.DOUBLE), Field.optional("prep_minutes_1h", FieldType.DOUBLE))))
                .build();
        // The README example has 200 ms; generous here, as the lenient policy would turn a lookup slowed by a
        // loaded machine into defaults (this test is about the values, the paused-Redis test about timeouts).
        FeatureSource restaurants = CachedFeatureSource.builder(DeadlineFeatureSource.builder(redisSource, Duration.ofSeconds(5)).build())
                .ttl(Duration.ofSeconds(30)).negativeTtl(Duration.ofSeconds(5)).maxSize(50_000).build();
        FeatureEnricher enricher = FeatureEnricher.builder()
                .lookup(FeatureLookup.builder("restaurant", restaurants).keyField("restaurant_id")
                        .fields("prep_minutes_7d", "prep_minutes_1h").prefix("restaurant_")
                        .defaultValue("prep_minutes_7d", 15.0).defaultValue("prep_minutes_1h", 15.0)
                        .build())
                .build();
        WeightedSumModel eta = WeightedSumModel.of("delivery-eta",
                Map.of("distance_km", 2.5f, "restaurant_prep_minutes_7d", 0.4f, "restaurant_prep_minutes_1h", 0.6f), 5f);

        double minutes = eta.predictRecord(enricher.enrich(order(43, 3.0)));
        assertThat(minutes).isCloseTo(5 + 2.5 * 3.0 + 0.4 * Restaurants.prep7d(43) + 0.6 * Restaurants.prep1h(43), within(1e-4));
        // Restaurant 49 had no orders in the last hour: its 7-day average stays, the hour takes the default.
        List<Double> batch = eta.predictRecords(enricher.enrichAll(List.of(order(49, 1.0), order(99_999, 1.0))));
        assertThat(batch.get(0)).isCloseTo(5 + 2.5 + 0.4 * Restaurants.prep7d(49) + 0.6 * 15.0, within(1e-4));
        assertThat(batch.get(1)).isCloseTo(5 + 2.5 + 15.0, within(1e-4));
        assertThat(enricher.metrics().missing("restaurant_prep_minutes_1h")).isEqualTo(2);
        restaurants.close();
    }
}

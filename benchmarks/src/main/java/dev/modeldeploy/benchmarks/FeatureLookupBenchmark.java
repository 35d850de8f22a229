package dev.modeldeploy.benchmarks;

import dev.modeldeploy.runtime.features.CachedFeatureSource;
import dev.modeldeploy.runtime.features.FeatureEnricher;
import dev.modeldeploy.runtime.features.FeatureLookup;
import dev.modeldeploy.runtime.features.SnapshotFeatureSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * What feature lookup adds to an online request, for the food-delivery ETA example (a restaurant's
 * average preparation time over 7 days and over the last hour), with every entity already cached so
 * that no store is involved: the floor of the online path.
 *
 * <ul>
 *   <li>{@code hashMapGet}: the floor, a {@code HashMap<String, Map>} read by a ready-made key;</li>
 *   <li>{@code snapshotLookup}: {@link SnapshotFeatureSource#lookup}, a hash-map read plus the {@code Optional};</li>
 *   <li>{@code cachedLookupHit}: {@link CachedFeatureSource#lookup} on a hit (Caffeine, TTL bookkeeping);</li>
 *   <li>{@code copyRequest}: copying the request map, which {@code enrich} must do anyway (it never changes the caller's map);</li>
 *   <li>{@code enrich}: {@link FeatureEnricher#enrich} of one request through the cache: key from the
 *       request, lookup, copy, merge of two features with defaults, counters;</li>
 *   <li>{@code enrichAll32}: a micro-batch of 32 requests, one {@code lookupAll}; divide by 32 for per request.</li>
 * </ul>
 *
 * <p>Keys cycle through 1 024 of 10 000 restaurants, so the caches are warm but not a single line.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FeatureLookupBenchmark {
    static final int RESTAURANTS = 10_000;
    static final int POOL = 1024;

    /** The sources, the enricher, and a pool of requests and keys. */
    @State(Scope.Benchmark)
    public static class Fixture {
        Map<String, Map<String, Object>> hashMap;
        SnapshotFeatureSource snapshot;
        CachedFeatureSource cached;
        FeatureEnricher enricher;
        String[] keys;
        List<Map<String, Object>> requests;
        List<List<Map<String, Object>>> batches;

        @Setup(Level.Trial)
        public void setUp() {
            Random r = new Random(5);
            hashMap = new HashMap<>();
            for (int i = 1; i <= RESTAURANTS; i++) {
                hashMap.put(Integer.toString(i), Map.of("prep_minutes_7d", 8.0 + r.nextDouble() * 20, "prep_minutes_1h", 6.0 + r.nextDouble() * 25));
            }
            snapshot = SnapshotFeatureSource.of(hashMap);
            cached = CachedFeatureSource.builder(snapshot).ttl(Duration.ofHours(1)).maxSize(100_000).build();
            enricher = FeatureEnricher.builder()
                    .lookup(FeatureLookup.builder("restaurant", cached).keyField("restaurant_id")
                            .fields("prep_minutes_7d", "prep_minutes_1h").prefix("restaurant_")
                            .defaultValue("prep_minutes_7d", 15.0).defaultValue("prep_minutes_1h", 15.0).build())
                    .build();
            keys = new String[POOL];
            requests = new ArrayList<>(POOL);
            for (int i = 0; i < POOL; i++) {
                int id = r.nextInt(RESTAURANTS) + 1;
                keys[i] = Integer.toString(id);
                Map<String, Object> request = new LinkedHashMap<>();
                request.put("restaurant_id", id);
                request.put("distance_km", r.nextDouble() * 8);
                request.put("hour_of_day", r.nextInt(24));
                request.put("items", r.nextInt(6) + 1);
                requests.add(request);
                cached.lookup(keys[i]);
            }
            batches = new ArrayList<>();
            for (int i = 0; i < POOL; i += 32) {
                batches.add(requests.subList(i, i + 32));
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            cached.close();
        }
    }

    /** The position in the pool, per thread. */
    @State(Scope.Thread)
    public static class Cursor {
        int i;

        int next() {
            i = (i + 1) & (POOL - 1);
            return i;
        }
    }

    @Benchmark
    public Map<String, Object> hashMapGet(Fixture f, Cursor c) {
        return f.hashMap.get(f.keys[c.next()]);
    }

    @Benchmark
    public Optional<Map<String, Object>> snapshotLookup(Fixture f, Cursor c) {
        return f.snapshot.lookup(f.keys[c.next()]);
    }

    @Benchmark
    public Optional<Map<String, Object>> cachedLookupHit(Fixture f, Cursor c) {
        return f.cached.lookup(f.keys[c.next()]);
    }

    @Benchmark
    public Map<String, Object> copyRequest(Fixture f, Cursor c) {
        return new LinkedHashMap<>(f.requests.get(c.next()));
    }

    @Benchmark
    public Map<String, Object> enrich(Fixture f, Cursor c) {
        return f.enricher.enrich(f.requests.get(c.next()));
    }

    @Benchmark
    public List<Map<String, Object>> enrichAll32(Fixture f, Cursor c) {
        return f.enricher.enrichAll(f.batches.get(c.next() & (POOL / 32 - 1)));
    }
}

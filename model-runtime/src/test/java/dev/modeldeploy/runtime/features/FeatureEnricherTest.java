package dev.modeldeploy.runtime.features;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

class FeatureEnricherTest {
    final CountingSource restaurants = new CountingSource(SnapshotFeatureSource.of(Restaurants.all(100)));
    final CountingSource couriers = new CountingSource(SnapshotFeatureSource.of(Map.of(
            "c1", Map.of("speed_kmh", 18.0, "rating", 4.9),
            "c2", Map.of("speed_kmh", 24.0))));

    FeatureLookup.Builder restaurantLookup() {
        return FeatureLookup.builder("restaurant", restaurants).keyField("restaurant_id")
                .fields("prep_minutes_7d", "prep_minutes_1h").prefix("restaurant_")
                .defaultValue("prep_minutes_7d", 15.0).defaultValue("prep_minutes_1h", 14.0);
    }

    static Map<String, Object> request(Object restaurantId, Object... more) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("restaurant_id", restaurantId);
        for (int i = 0; i < more.length; i += 2) {
            r.put((String) more[i], more[i + 1]);
        }
        return r;
    }

    @Test
    void mergesLookedUpFieldsIntoACopyOfTheRequest() {
        FeatureEnricher enricher = FeatureEnricher.builder().lookup(restaurantLookup().build()).build();
        Map<String, Object> request = request(12, "distance_km", 3.5);
        Map<String, Object> before = new HashMap<>(request);
        Map<String, Object> record = enricher.enrich(request);
        assertThat(record).containsExactly(entry("restaurant_id", 12), entry("distance_km", 3.5),
                entry("restaurant_prep_minutes_7d", Restaurants.prep7d(12)), entry("restaurant_prep_minutes_1h", Restaurants.prep1h(12)));
        assertThat(request).isEqualTo(before);
        assertThat(enricher.metrics().missingByFeature()).containsOnly(entry("restaurant_prep_minutes_7d", 0L), entry("restaurant_prep_minutes_1h", 0L));
    }

    @Test
    void missingFieldsAbsentEntitiesAndMissingKeysTakeDefaultsAndAreCounted() {
        FeatureEnricher enricher = FeatureEnricher.builder().lookup(restaurantLookup().build()).build();
        // Restaurant 14 is known but had no orders in the last hour.
        assertThat(enricher.enrich(request(14))).containsEntry("restaurant_prep_minutes_7d", Restaurants.prep7d(14))
                .containsEntry("restaurant_prep_minutes_1h", 14.0);
        assertThat(enricher.enrich(request(404))).containsEntry("restaurant_prep_minutes_7d", 15.0).containsEntry("restaurant_prep_minutes_1h", 14.0);
        assertThat(enricher.enrich(request(null))).containsEntry("restaurant_prep_minutes_7d", 15.0);
        assertThat(enricher.enrich(Map.of("distance_km", 1.0))).containsEntry("restaurant_prep_minutes_1h", 14.0);

        FeatureMetrics m = enricher.metrics();
        assertThat(m.missing("restaurant_prep_minutes_1h")).isEqualTo(4);
        assertThat(m.missing("restaurant_prep_minutes_7d")).isEqualTo(3);
        assertThat(m.absentEntities("restaurant")).isEqualTo(1);
        assertThat(m.missingKeys("restaurant")).isEqualTo(2);
        assertThat(m.failures("restaurant")).isZero();
        assertThat(restaurants.calls()).isEqualTo(2); // requests without a key never reach the store
    }

    @Test
    void aFeatureWithoutDefaultIsLeftOutForTheModelsMissingValuePolicy() {
        FeatureEnricher enricher = FeatureEnricher.builder()
                .lookup(FeatureLookup.builder("restaurant", restaurants).keyField("restaurant_id").fields("prep_minutes_1h").build()).build();
        assertThat(enricher.enrich(request(14))).containsOnlyKeys("restaurant_id");
        assertThat(enricher.metrics().missing("prep_minutes_1h")).isEqualTo(1);
    }

    @Test
    void withoutNamedFieldsEveryFieldIsMergedAndExplicitNamesAvoidClashes() {
        FeatureEnricher enricher = FeatureEnricher.builder()
                .lookup(FeatureLookup.builder("restaurant", restaurants).keyField("restaurant_id").prefix("r_").build())
                .lookup(FeatureLookup.builder("courier", couriers).keyField("courier_id")
                        .field("speed_kmh", "courier_speed").field("rating", "courier_rating").defaultValue("rating", 4.5).build())
                .build();
        Map<String, Object> record = enricher.enrich(request(3, "courier_id", "c2"));
        assertThat(record).containsOnly(entry("restaurant_id", 3), entry("courier_id", "c2"),
                entry("r_prep_minutes_7d", Restaurants.prep7d(3)), entry("r_prep_minutes_1h", Restaurants.prep1h(3)),
                entry("courier_speed", 24.0), entry("courier_rating", 4.5));
        assertThat(enricher.metrics().missing("courier_rating")).isEqualTo(1);
        assertThat(enricher.metrics().missing("courier_speed")).isZero();
    }

    @Test
    void precedenceDecidesBetweenTheRequestAndTheLookup() {
        Map<String, Object> request = request(12, "restaurant_prep_minutes_1h", 99.0, "restaurant_prep_minutes_7d", null);
        FeatureEnricher requestWins = FeatureEnricher.builder().lookup(restaurantLookup().build()).precedence(Precedence.REQUEST_WINS).build();
        assertThat(requestWins.enrich(request)).containsEntry("restaurant_prep_minutes_1h", 99.0)
                .containsEntry("restaurant_prep_minutes_7d", Restaurants.prep7d(12)); // a null in the request is no value
        FeatureEnricher lookupWins = FeatureEnricher.builder().lookup(restaurantLookup().build()).precedence(Precedence.LOOKUP_WINS).build();
        assertThat(lookupWins.enrich(request)).containsEntry("restaurant_prep_minutes_1h", Restaurants.prep1h(12))
                .containsEntry("restaurant_prep_minutes_7d", Restaurants.prep7d(12));
        // With lookup-wins, a default also replaces the request's value: the store is the authority.
        assertThat(lookupWins.enrich(request(404, "restaurant_prep_minutes_1h", 99.0))).containsEntry("restaurant_prep_minutes_1h", 14.0);
    }

    @Test
    void aBatchLooksUpEachLookupsDistinctKeysInOneCallAndEqualsPerRequestEnrichment() {
        FeatureEnricher enricher = FeatureEnricher.builder().lookup(restaurantLookup().build())
                .lookup(FeatureLookup.builder("courier", couriers).keyField("courier_id").prefix("courier_").build()).build();
        Random random = new Random(42);
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            Object id = random.nextInt(10) == 0 ? null : random.nextBoolean() ? (Object) (random.nextInt(120) + 1) : Integer.toString(random.nextInt(120) + 1);
            batch.add(request(id, "courier_id", "c" + random.nextInt(4), "n", i));
        }
        List<Map<String, Object>> enriched = enricher.enrichAll(batch);
        assertThat(restaurants.batchCalls.get()).isEqualTo(1);
        assertThat(couriers.batchCalls.get()).isEqualTo(1);
        assertThat(restaurants.batches.get(0)).doesNotHaveDuplicates();
        assertThat(restaurants.singleCalls.get() + couriers.singleCalls.get()).isZero();

        List<Map<String, Object>> one = batch.stream().map(enricher::enrich).toList();
        assertThat(enriched).isEqualTo(one);
        // Both paths counted the same misses.
        FeatureMetrics m = enricher.metrics();
        assertThat(m.missing("restaurant_prep_minutes_7d") % 2).isZero();
        assertThat(m.absentEntities("restaurant") % 2).isZero();
    }

    @Test
    void integerStringAndLongKeysFindTheSameEntity() {
        FeatureEnricher enricher = FeatureEnricher.builder().lookup(restaurantLookup().build()).build();
        Map<String, Object> a = enricher.enrich(request(12));
        assertThat(enricher.enrich(request(12L))).containsAllEntriesOf(withoutKey(a));
        assertThat(enricher.enrich(request("12"))).containsAllEntriesOf(withoutKey(a));
        assertThat(enricher.enrich(request(12.0))).containsAllEntriesOf(withoutKey(a));
        assertThat(enricher.metrics().absentEntities("restaurant")).isZero();
    }

    private static Map<String, Object> withoutKey(Map<String, Object> record) {
        Map<String, Object> m = new HashMap<>(record);
        m.remove("restaurant_id");
        return m;
    }

    @Test
    void aFailedLookupGivesDefaultsOrTheTypedErrorAsConfigured() {
        FeatureSource down = new FeatureSource() {
            @Override
            public Map<String, Map<String, Object>> lookupAll(Collection<String> keys) {
                throw new FeatureLookupException("store down");
            }
        };
        FeatureEnricher lenient = FeatureEnricher.builder().lookup(FeatureLookup.builder("restaurant", down).keyField("restaurant_id")
                .fields("prep_minutes_7d").defaultValue("prep_minutes_7d", 15.0).onFailure(FailurePolicy.USE_DEFAULTS).build()).build();
        assertThat(lenient.enrich(request(1))).containsEntry("prep_minutes_7d", 15.0);
        assertThat(lenient.enrichAll(List.of(request(1), request(2)))).allSatisfy(r -> assertThat(r).containsEntry("prep_minutes_7d", 15.0));
        assertThat(lenient.metrics().failures("restaurant")).isEqualTo(2); // one per source call
        assertThat(lenient.metrics().missing("prep_minutes_7d")).isEqualTo(3); // one per request
        assertThat(lenient.metrics().absentEntities("restaurant")).isZero();

        FeatureEnricher strict = FeatureEnricher.builder().lookup(FeatureLookup.builder("restaurant", down).keyField("restaurant_id")
                .onFailure(FailurePolicy.THROW).build()).build();
        assertThatThrownBy(() -> strict.enrich(request(1))).isInstanceOf(FeatureLookupException.class).hasMessage("store down");
        assertThatThrownBy(() -> strict.enrichAll(List.of(request(1)))).isInstanceOf(FeatureLookupException.class);
        assertThat(strict.metrics().failures("restaurant")).isEqualTo(2);
    }

    @Test
    void misconfigurationsFailWhenBuilt() {
        assertThatThrownBy(() -> FeatureEnricher.builder().build()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> FeatureLookup.builder("r", restaurants).build()).hasMessageContaining("keyField");
        assertThatThrownBy(() -> FeatureLookup.builder("r", restaurants).keyField("restaurant_id").fields("a").defaultValue("b", 1).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'b'");
        assertThatThrownBy(() -> FeatureEnricher.builder()
                .lookup(FeatureLookup.builder("r", restaurants).keyField("restaurant_id").fields("rating").build())
                .lookup(FeatureLookup.builder("c", couriers).keyField("courier_id").fields("rating").build()).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("'rating'");
        assertThatThrownBy(() -> FeatureEnricher.builder().lookup(restaurantLookup().build()).lookup(restaurantLookup().build()).build())
                .hasMessageContaining("two lookups");
        assertThatThrownBy(() -> FeatureEnricher.builder().lookup(restaurantLookup().build()).build().metrics().failures("nope"))
                .hasMessageContaining("restaurant");
    }

    @Test
    void countersArePublishedToMicrometer() {
        FeatureEnricher enricher = FeatureEnricher.builder().lookup(restaurantLookup().build()).build();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        enricher.metrics().bindTo(registry);
        enricher.enrich(request(14));
        enricher.enrich(request(404));
        assertThat(registry.get("modeldeploy.features.missing").tag("feature", "restaurant_prep_minutes_1h").functionCounter().count()).isEqualTo(2.0);
        assertThat(registry.get("modeldeploy.features.missing").tag("feature", "restaurant_prep_minutes_7d").functionCounter().count()).isEqualTo(1.0);
        assertThat(registry.get("modeldeploy.features.absent").tag("lookup", "restaurant").functionCounter().count()).isEqualTo(1.0);
        assertThat(registry.get("modeldeploy.features.errors").tag("kind", "timeout").functionCounter().count()).isZero();
    }

    @Test
    void manyThreadsGetWhatOneThreadGets() throws Exception {
        FeatureEnricher enricher = FeatureEnricher.builder().lookup(restaurantLookup().build())
                .lookup(FeatureLookup.builder("courier", couriers).keyField("courier_id").prefix("courier_").build()).build();
        List<List<Map<String, Object>>> batches = new ArrayList<>();
        Random random = new Random(7);
        for (int b = 0; b < 400; b++) {
            List<Map<String, Object>> batch = new ArrayList<>();
            for (int i = random.nextInt(8) + 1; i > 0; i--) {
                batch.add(request(random.nextInt(130), "courier_id", "c" + random.nextInt(3)));
            }
            batches.add(batch);
        }
        List<List<Map<String, Object>>> sequential = batches.stream().map(enricher::enrichAll).toList();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<List<Map<String, Object>>>> futures = new ArrayList<>();
            for (int b = 0; b < batches.size(); b++) {
                List<Map<String, Object>> batch = batches.get(b);
                futures.add(b % 2 == 0 ? pool.submit(() -> enricher.enrichAll(batch)) : pool.submit(() -> batch.stream().map(enricher::enrich).toList()));
            }
            for (int b = 0; b < batches.size(); b++) {
                assertThat(futures.get(b).get(60, TimeUnit.SECONDS)).isEqualTo(sequential.get(b));
            }
        } finally {
            pool.shutdownNow();
        }
    }
}

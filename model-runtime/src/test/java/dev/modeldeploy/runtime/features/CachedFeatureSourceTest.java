package dev.modeldeploy.runtime.features;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CachedFeatureSourceTest {
    final FakeTicker ticker = new FakeTicker();
    final CountingSource store = new CountingSource(SnapshotFeatureSource.of(Restaurants.all(100)));

    CachedFeatureSource cache(Duration ttl, Duration negativeTtl) {
        return CachedFeatureSource.builder(store).ttl(ttl).negativeTtl(negativeTtl).ticker(ticker).build();
    }

    @Test
    void aHitDoesNotReachTheSourceUntilTheTtlPasses() {
        CachedFeatureSource cache = cache(Duration.ofSeconds(30), Duration.ofSeconds(5));
        assertThat(cache.lookup("12")).contains(Restaurants.fields(12));
        assertThat(cache.lookup("12")).contains(Restaurants.fields(12));
        ticker.advance(Duration.ofSeconds(29));
        assertThat(cache.lookup("12")).contains(Restaurants.fields(12));
        assertThat(store.calls()).isEqualTo(1);
        assertThat(cache.stats().hitCount()).isEqualTo(2);

        ticker.advance(Duration.ofSeconds(2));
        assertThat(cache.lookup("12")).contains(Restaurants.fields(12));
        assertThat(store.calls()).isEqualTo(2);
    }

    @Test
    void absentEntitiesAreRememberedForTheirOwnShorterTtl() {
        CachedFeatureSource cache = cache(Duration.ofSeconds(30), Duration.ofSeconds(5));
        assertThat(cache.lookup("404")).isEmpty();
        assertThat(cache.lookup("404")).isEmpty();
        assertThat(cache.lookupAll(List.of("404"))).isEmpty();
        assertThat(store.calls()).isEqualTo(1);
        ticker.advance(Duration.ofSeconds(6)); // past the negative TTL, well within the TTL
        assertThat(cache.lookup("404")).isEmpty();
        assertThat(store.calls()).isEqualTo(2);
    }

    @Test
    void aZeroNegativeTtlAsksTheSourceEveryTime() {
        CachedFeatureSource cache = cache(Duration.ofSeconds(30), Duration.ZERO);
        cache.lookup("404");
        cache.lookup("404");
        assertThat(store.calls()).isEqualTo(2);
    }

    @Test
    void aBatchAsksTheSourceOnceForTheKeysItLacks() {
        CachedFeatureSource cache = cache(Duration.ofSeconds(30), Duration.ofSeconds(30));
        cache.lookup("1");
        cache.lookup("500");
        Map<String, Map<String, Object>> found = cache.lookupAll(List.of("1", "2", "3", "500", "501", "2"));
        assertThat(found).containsOnlyKeys("1", "2", "3");
        assertThat(found.get("3")).isEqualTo(Restaurants.fields(3));
        assertThat(store.batchCalls.get()).isEqualTo(1);
        assertThat(store.batches.get(0)).containsExactlyInAnyOrder("2", "3", "501");
        // Everything is cached now, the absent 501 included.
        assertThat(cache.lookupAll(List.of("1", "2", "3", "500", "501"))).isEqualTo(found);
        assertThat(store.batchCalls.get()).isEqualTo(1);
    }

    @Test
    void theSizeBoundEvicts() {
        CachedFeatureSource cache = CachedFeatureSource.builder(store).maxSize(10).ticker(ticker).build();
        for (int i = 1; i <= 100; i++) {
            cache.lookup(Integer.toString(i));
        }
        cache.cleanUp();
        assertThat(cache.estimatedSize()).isLessThanOrEqualTo(10);
        assertThat(cache.stats().evictionCount()).isGreaterThanOrEqualTo(90);
    }

    @Test
    void failuresAreNotCached() {
        AtomicBoolean down = new AtomicBoolean(true);
        FeatureSource flaky = new FeatureSource() {
            @Override
            public Map<String, Map<String, Object>> lookupAll(Collection<String> keys) {
                if (down.get()) {
                    throw new FeatureLookupException("store down");
                }
                return store.lookupAll(keys);
            }
        };
        CachedFeatureSource cache = CachedFeatureSource.builder(flaky).ticker(ticker).build();
        assertThatThrownBy(() -> cache.lookup("5")).isInstanceOf(FeatureLookupException.class);
        assertThatThrownBy(() -> cache.lookupAll(List.of("5", "6"))).isInstanceOf(FeatureLookupException.class);
        down.set(false);
        assertThat(cache.lookup("5")).contains(Restaurants.fields(5));
        assertThat(cache.lookupAll(List.of("5", "6"))).containsOnlyKeys("5", "6");
    }

    @Test
    void invalidateForgetsAnEntity() {
        CachedFeatureSource cache = cache(Duration.ofSeconds(30), Duration.ofSeconds(30));
        cache.lookup("7");
        cache.invalidate("7");
        cache.lookup("7");
        assertThat(store.calls()).isEqualTo(2);
    }
}

package dev.modeldeploy.runtime.features;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** The deadline decorator around a store that hangs until the test lets it go (real stores: the Redis and PostgreSQL tests). */
class DeadlineFeatureSourceTest {
    final CountDownLatch release = new CountDownLatch(1);
    final AtomicInteger started = new AtomicInteger();
    final FeatureSource data = SnapshotFeatureSource.of(Restaurants.all(10));
    final FeatureSource hanging = new FeatureSource() {
        @Override
        public Map<String, Map<String, Object>> lookupAll(Collection<String> keys) {
            started.incrementAndGet();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new FeatureLookupException("interrupted");
            }
            return data.lookupAll(keys);
        }

        @Override
        public String toString() {
            return "hanging store";
        }
    };

    @AfterEach
    void letGo() {
        release.countDown();
    }

    @Test
    void aHangingStoreGivesATypedTimeoutNotAHungCaller() {
        try (DeadlineFeatureSource source = DeadlineFeatureSource.builder(hanging, Duration.ofMillis(50)).threads(2).build()) {
            // The hang guard is far above the deadline: it only stops a broken build from hanging.
            FeatureTimeoutException e = assertTimeoutPreemptively(Duration.ofSeconds(30),
                    () -> assertThrows(FeatureTimeoutException.class, () -> source.lookup("3")));
            assertThat(e.timeout()).isEqualTo(Duration.ofMillis(50));
            assertThat(e).hasMessageContaining("hanging store").hasMessageContaining("50 ms");
            assertThat(release.getCount()).isEqualTo(1); // the store never answered
        }
    }

    @Test
    void aSaturatedExecutorRejectsAtOnceInsteadOfQueueingWithoutLimit() throws Exception {
        ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1));
        try (DeadlineFeatureSource source = DeadlineFeatureSource.builder(hanging, Duration.ofSeconds(30)).executor(executor).build()) {
            List<Thread> waiting = List.of(new Thread(() -> lookupQuietly(source, "1")), new Thread(() -> lookupQuietly(source, "2")));
            waiting.forEach(Thread::start);
            while (started.get() == 0 || executor.getQueue().size() < 1) {
                Thread.onSpinWait(); // one lookup stuck in the store, one queued: the executor is full
            }
            FeatureLookupException rejected = assertTimeoutPreemptively(Duration.ofSeconds(30),
                    () -> assertThrows(FeatureLookupException.class, () -> source.lookupAll(List.of("3"))));
            assertThat(rejected).isNotInstanceOf(FeatureTimeoutException.class).hasMessageContaining("rejected").hasMessageContaining("busy");
            release.countDown();
            for (Thread t : waiting) {
                t.join(TimeUnit.SECONDS.toMillis(30));
            }
        } finally {
            executor.shutdownNow();
        }
    }

    private static void lookupQuietly(FeatureSource source, String key) {
        try {
            source.lookup(key);
        } catch (FeatureLookupException ignored) {
            // only the rejected third caller matters here
        }
    }

    @Test
    void answersAndErrorsOfAStoreWithinTheDeadlinePassThrough() {
        release.countDown();
        try (DeadlineFeatureSource source = DeadlineFeatureSource.builder(hanging, Duration.ofSeconds(30)).build()) {
            assertThat(source.lookup("4")).contains(Restaurants.fields(4));
            assertThat(source.lookupAll(List.of("4", "5", "99"))).containsOnlyKeys("4", "5");
        }
        FeatureSource broken = keys -> {
            throw new IllegalStateException("driver bug");
        };
        try (DeadlineFeatureSource source = DeadlineFeatureSource.builder(broken, Duration.ofSeconds(30)).build()) {
            assertThatThrownBy(() -> source.lookup("4")).isInstanceOf(FeatureLookupException.class).hasMessageContaining("driver bug")
                    .hasCauseInstanceOf(IllegalStateException.class);
        }
    }
}

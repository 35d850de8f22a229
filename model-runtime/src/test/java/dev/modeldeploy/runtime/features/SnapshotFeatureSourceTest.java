package dev.modeldeploy.runtime.features;

import dev.modeldeploy.api.schema.Field;
import dev.modeldeploy.api.schema.FieldType;
import dev.modeldeploy.api.schema.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SnapshotFeatureSourceTest {
    @TempDir
    Path tmp;

    @Test
    void csvCellsAreTypedByTheSchemaAndEmptyCellsAreMissingFields() throws Exception {
        Path csv = tmp.resolve("restaurants.csv");
        Files.writeString(csv, """
                restaurant_id,prep_minutes_7d,prep_minutes_1h,cuisine,open
                1,12.5,9.25,thai,true
                2,20,,pizza,false
                3,not-a-number,7,sushi,true
                """);
        Schema schema = Schema.of(Field.optional("prep_minutes_7d", FieldType.DOUBLE), Field.optional("prep_minutes_1h", FieldType.DOUBLE),
                Field.optional("open", FieldType.BOOLEAN));
        try (SnapshotFeatureSource source = SnapshotFeatureSource.builder(SnapshotLoader.csv(csv, "restaurant_id", FeatureTypes.of(schema)))
                .build()) {
            assertThat(source.lookup("1")).contains(Map.of("prep_minutes_7d", 12.5, "prep_minutes_1h", 9.25, "cuisine", "thai", "open", true));
            // Present with a missing field: distinct from an absent entity.
            assertThat(source.lookup("2")).contains(Map.of("prep_minutes_7d", 20.0, "cuisine", "pizza", "open", false));
            // A value that does not parse as its type is missing, not text the model would choke on.
            assertThat(source.lookup("3")).contains(Map.of("prep_minutes_1h", 7.0, "cuisine", "sushi", "open", true));
            assertThat(source.lookup("4")).isEmpty();
            assertThat(source.size()).isEqualTo(3);
            assertThat(source.toString()).contains("restaurants.csv");
        }
    }

    @Test
    void jsonLinesKeepJsonTypesAndNumericKeysBecomeCanonical() throws Exception {
        Path jsonl = tmp.resolve("restaurants.jsonl");
        Files.writeString(jsonl, """
                {"restaurant_id": 7, "prep_minutes_7d": 11.5, "orders_7d": 420, "tags": "late-night"}
                {"restaurant_id": "8", "prep_minutes_7d": 9, "orders_7d": null}
                """);
        try (SnapshotFeatureSource source = SnapshotFeatureSource.builder(SnapshotLoader.jsonLines(jsonl, "restaurant_id")).build()) {
            assertThat(source.lookup("7")).contains(Map.of("prep_minutes_7d", 11.5, "orders_7d", 420, "tags", "late-night"));
            assertThat(source.lookup("8")).contains(Map.of("prep_minutes_7d", 9));
            assertThat(source.lookupAll(List.of("7", "8", "9", "7"))).containsOnlyKeys("7", "8");
        }
    }

    @Test
    void aKeyTwiceOrNoKeyFailsTheLoadNamingTheRow() throws Exception {
        Path csv = tmp.resolve("dup.csv");
        Files.writeString(csv, "id,x\n1,a\n2,b\n1,c\n");
        assertThatThrownBy(() -> SnapshotFeatureSource.builder(SnapshotLoader.csv(csv, "id", FeatureTypes.untyped())).build())
                .isInstanceOf(FeatureLookupException.class).hasMessageContaining("row 4").hasMessageContaining("'1' appears twice");
        Path jsonl = tmp.resolve("nokey.jsonl");
        Files.writeString(jsonl, "{\"id\": 1, \"x\": 1}\n{\"x\": 2}\n");
        assertThatThrownBy(() -> SnapshotFeatureSource.builder(SnapshotLoader.jsonLines(jsonl, "id")).build())
                .isInstanceOf(FeatureLookupException.class).hasMessageContaining("line 2").hasMessageContaining("no entity key");
    }

    @Test
    void singleAndBatchedLookupsAgree() {
        try (SnapshotFeatureSource source = SnapshotFeatureSource.of(Restaurants.all(50))) {
            List<String> keys = IntStream.rangeClosed(-5, 60).mapToObj(Integer::toString).toList();
            Map<String, Map<String, Object>> batch = SourceChecks.batchEqualsSingles(source, keys);
            assertThat(batch).hasSize(50);
            assertThat(batch.get("14")).isEqualTo(Map.of("prep_minutes_7d", Restaurants.prep7d(14)));
        }
    }

    @Test
    void readersNeverSeeAHalfLoadedSnapshotWhileItIsRefreshed() throws Exception {
        int entities = 2_000;
        AtomicInteger version = new AtomicInteger();
        // Each load is a whole new version: every entity carries the version it was loaded in.
        SnapshotLoader loader = () -> {
            int v = version.incrementAndGet();
            Map<String, Map<String, Object>> m = new HashMap<>();
            for (int i = 0; i < entities; i++) {
                m.put(Integer.toString(i), Map.of("version", v, "value", (long) i * v));
            }
            return m;
        };
        List<String> keys = IntStream.range(0, entities).mapToObj(Integer::toString).toList();
        try (SnapshotFeatureSource source = SnapshotFeatureSource.builder(loader).build()) {
            AtomicBoolean refreshing = new AtomicBoolean(true);
            ExecutorService readers = Executors.newFixedThreadPool(4);
            List<Future<Integer>> checks = new ArrayList<>();
            CountDownLatch started = new CountDownLatch(4);
            for (int t = 0; t < 4; t++) {
                checks.add(readers.submit(() -> {
                    started.countDown();
                    int batches = 0;
                    int lastVersion = 0;
                    while (refreshing.get() || batches < 3) {
                        Map<String, Map<String, Object>> all = source.lookupAll(keys);
                        assertThat(all).hasSize(entities);
                        int v = (int) all.get("0").get("version");
                        for (Map.Entry<String, Map<String, Object>> e : all.entrySet()) {
                            assertThat(e.getValue()).isEqualTo(Map.of("version", v, "value", Long.parseLong(e.getKey()) * v));
                        }
                        assertThat(v).isGreaterThanOrEqualTo(lastVersion); // never back to an older snapshot
                        lastVersion = v;
                        assertThat(source.lookup(Integer.toString(batches % entities))).isPresent();
                        batches++;
                    }
                    return batches;
                }));
            }
            started.await();
            for (int r = 0; r < 40; r++) {
                assertThat(source.refresh()).isEqualTo(entities);
            }
            refreshing.set(false);
            for (Future<Integer> check : checks) {
                assertThat(check.get(60, TimeUnit.SECONDS)).isPositive();
            }
            readers.shutdown();
            assertThat(source.lookup("3")).contains(Map.of("version", 41, "value", 3L * 41));
        }
    }

    @Test
    void aFailedRefreshKeepsThePreviousSnapshot() throws Exception {
        Path jsonl = tmp.resolve("f.jsonl");
        Files.writeString(jsonl, "{\"id\": 1, \"x\": 1}\n");
        try (SnapshotFeatureSource source = SnapshotFeatureSource.builder(SnapshotLoader.jsonLines(jsonl, "id")).build()) {
            Files.writeString(jsonl, "{\"id\": 1, \"x\": 2}\n{\"id\": 2, \"x\": ");
            assertThatThrownBy(source::refresh).isInstanceOf(FeatureLookupException.class).hasMessageContaining("f.jsonl");
            assertThat(source.lookup("1")).contains(Map.of("x", 1));
            assertThat(source.failedRefreshes()).isEqualTo(1);
            Files.writeString(jsonl, "{\"id\": 1, \"x\": 3}\n");
            assertThat(source.refresh()).isEqualTo(1);
            assertThat(source.lookup("1")).contains(Map.of("x", 3));
        }
    }

    @Test
    @Timeout(60)
    void aScheduledRefreshPicksUpANewFile() throws Exception {
        Path jsonl = tmp.resolve("s.jsonl");
        Files.writeString(jsonl, "{\"id\": 1, \"x\": 1}\n");
        CountDownLatch reloaded = new CountDownLatch(2);
        SnapshotLoader file = SnapshotLoader.jsonLines(jsonl, "id");
        try (SnapshotFeatureSource source = SnapshotFeatureSource.builder(() -> {
            Map<String, Map<String, Object>> m = file.load();
            reloaded.countDown();
            return m;
        }).refreshEvery(java.time.Duration.ofMillis(20)).build()) {
            // As a nightly job should publish it: written aside, then renamed over the old file in one step, so
            // that a refresh (every 20 ms) reads either file whole, never one being written.
            Path next = tmp.resolve("s.jsonl.tmp");
            Files.writeString(next, "{\"id\": 1, \"x\": 2}\n");
            Files.move(next, jsonl, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            assertThat(reloaded.await(30, TimeUnit.SECONDS)).isTrue();
            // The countdown happens inside the load (perhaps of the old file); wait for the swap of the new one.
            while (!source.lookup("1").equals(Optional.of(Map.of("x", 2)))) {
                Thread.sleep(1);
            }
            assertThat(source.lookup("1")).contains(Map.of("x", 2));
        }
    }
}

package dev.modeldeploy.runtime.features.jdbc;

import dev.modeldeploy.runtime.features.CachedFeatureSource;
import dev.modeldeploy.runtime.features.DeadlineFeatureSource;
import dev.modeldeploy.runtime.features.FailurePolicy;
import dev.modeldeploy.runtime.features.FeatureEnricher;
import dev.modeldeploy.runtime.features.FeatureLookup;
import dev.modeldeploy.runtime.features.FeatureLookupException;
import dev.modeldeploy.runtime.features.FeatureSource;
import dev.modeldeploy.runtime.features.Restaurants;
import dev.modeldeploy.runtime.features.SnapshotFeatureSource;
import dev.modeldeploy.runtime.features.SourceChecks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The JDBC feature source against a real database: a precomputed {@code restaurant_features} table with
 * a numeric key, a {@code courier_features} table with a text key. One database per test class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JdbcFeatureSourceContract {
    static final int RESTAURANTS = 300;

    /** The database, set up once per class. */
    abstract DataSource dataSource() throws Exception;

    DataSource db;

    @BeforeAll
    void createTables() throws Exception {
        db = dataSource();
        execute("CREATE TABLE restaurant_features (restaurant_id BIGINT PRIMARY KEY, prep_minutes_7d DOUBLE PRECISION NOT NULL,"
                + " prep_minutes_1h DOUBLE PRECISION, orders_7d INTEGER, name TEXT)");
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO restaurant_features VALUES (?, ?, ?, ?, ?)")) {
            for (int i = 1; i <= RESTAURANTS; i++) {
                ps.setLong(1, i);
                ps.setDouble(2, Restaurants.prep7d(i));
                if (Restaurants.hasLastHour(i)) {
                    ps.setDouble(3, Restaurants.prep1h(i));
                } else {
                    ps.setNull(3, java.sql.Types.DOUBLE);
                }
                ps.setInt(4, i * 10);
                ps.setString(5, "Restaurant " + i);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        execute("CREATE TABLE courier_features (courier_id TEXT PRIMARY KEY, speed_kmh DOUBLE PRECISION)");
        execute("INSERT INTO courier_features VALUES ('c-1', 18.5), ('c-2', 24.0), ('42', 30.0)");
        execute("CREATE TABLE messy_features (id INTEGER, x INTEGER)"); // no unique key
        execute("INSERT INTO messy_features VALUES (1, 10), (2, 20), (2, 21)");
    }

    void execute(String sql) throws Exception {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    JdbcFeatureSource.Builder restaurants(DataSource ds) {
        return JdbcFeatureSource.builder(ds).table("restaurant_features").keyColumn("restaurant_id");
    }

    static Map<String, Object> row(int i) {
        Map<String, Object> m = new HashMap<>(Restaurants.fields(i));
        m.put("orders_7d", i * 10);
        m.put("name", "Restaurant " + i);
        return m;
    }

    @Test
    void singleAndBatchedLookupsAgreeAndNullColumnsAreMissingFields() {
        JdbcFeatureSource source = restaurants(db).build();
        assertThat(source.lookup("8")).contains(row(8));
        assertThat(source.lookup("14")).contains(row(14)).get().asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .doesNotContainKey("prep_minutes_1h");
        assertThat(source.lookup("9999")).isEmpty();

        List<String> keys = IntStream.rangeClosed(RESTAURANTS - 70, RESTAURANTS + 5).mapToObj(Integer::toString).toList();
        Map<String, Map<String, Object>> batch = SourceChecks.batchEqualsSingles(source, keys);
        assertThat(batch).hasSize(71);
        assertThat(batch.get("250")).isEqualTo(row(250));
    }

    @Test
    void namedColumnsOnlyAndTextKeys() {
        JdbcFeatureSource source = restaurants(db).columns("prep_minutes_7d", "prep_minutes_1h").build();
        assertThat(source.lookup("8")).contains(Restaurants.fields(8));
        JdbcFeatureSource couriers = JdbcFeatureSource.builder(db).table("courier_features").keyColumn("courier_id").build();
        assertThat(couriers.lookupAll(List.of("c-1", "c-3", "42"))).isEqualTo(Map.of("c-1", Map.of("speed_kmh", 18.5), "42", Map.of("speed_kmh", 30.0)));
    }

    @Test
    void aBatchIsOneStatementUpToTheChunkSizeWithFewStatementShapes() {
        CountingDataSource counting = new CountingDataSource(db);
        JdbcFeatureSource source = restaurants(counting.dataSource).maxKeysPerQuery(64).build();
        source.lookup("1"); // the first use also reads the key column's type
        counting.executions.set(0);
        counting.sql.clear();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            keys.add(Integer.toString(i % 50 + 1)); // 50 distinct keys
        }
        assertThat(source.lookupAll(keys)).hasSize(50);
        assertThat(counting.executions.get()).isEqualTo(1);
        assertThat(counting.sql.get(0)).contains("IN (").contains("restaurant_features").doesNotContain("'");
        assertThat(counting.sql.get(0).chars().filter(c -> c == '?').count()).isEqualTo(64); // 50 padded to a power of two

        // 150 keys with at most 64 per statement: 64 + 64 + 22 (padded to 32).
        List<String> many = IntStream.rangeClosed(1, 150).mapToObj(Integer::toString).toList();
        Map<String, Map<String, Object>> found = source.lookupAll(many);
        assertThat(found).hasSize(150);
        assertThat(counting.executions.get()).isEqualTo(4);
        assertThat(counting.sql.subList(1, 4)).extracting(s -> s.chars().filter(c -> c == '?').count()).containsExactly(64L, 64L, 32L);
        assertThat(found).isEqualTo(restaurants(db).maxKeysPerQuery(1000).build().lookupAll(many));

        source.lookup("3");
        assertThat(counting.executions.get()).isEqualTo(5);
    }

    @Test
    void tableAndColumnNamesMustBePlainIdentifiers() {
        assertThatThrownBy(() -> JdbcFeatureSource.builder(db).table("restaurant_features; DROP TABLE x").keyColumn("restaurant_id").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("table name");
        assertThatThrownBy(() -> restaurants(db).columns("prep_minutes_7d", "1=1 OR x").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("column name");
        assertThatThrownBy(() -> JdbcFeatureSource.builder(db).table("a.b.c").keyColumn("id").build()).isInstanceOf(IllegalArgumentException.class);
        // Keys are parameters: a quote in a key is just a key nobody has.
        assertThat(restaurants(db).build().lookup("1' OR '1'='1")).isEmpty();
        assertThat(JdbcFeatureSource.builder(db).table("courier_features").keyColumn("courier_id").build().lookup("c' OR '1'='1")).isEmpty();
    }

    @Test
    void keysAreBoundAsTheKeyColumnsTypeAndKeysItCannotHoldAreAbsent() {
        JdbcFeatureSource source = restaurants(db).columns("prep_minutes_7d").build();
        // "abc" cannot be a BIGINT: absent, and the rest of the batch is still answered.
        Map<String, Map<String, Object>> found = source.lookupAll(List.of("5", "abc", "005", "", "6.5"));
        assertThat(found).isEqualTo(Map.of("5", Map.of("prep_minutes_7d", Restaurants.prep7d(5)), "005", Map.of("prep_minutes_7d", Restaurants.prep7d(5))));
        JdbcFeatureSource couriers = JdbcFeatureSource.builder(db).table("courier_features").keyColumn("courier_id").build();
        assertThat(couriers.lookupAll(List.of("42", "042"))).containsOnlyKeys("42");
    }

    @Test
    void aKeyWithTwoRowsAndAMissingTableAreTypedErrors() {
        JdbcFeatureSource messy = JdbcFeatureSource.builder(db).table("messy_features").keyColumn("id").build();
        assertThat(messy.lookup("1")).contains(Map.of("x", 10));
        assertThatThrownBy(() -> messy.lookupAll(List.of("1", "2"))).isInstanceOf(FeatureLookupException.class)
                .hasMessageContaining("several rows for key '2'");
        JdbcFeatureSource missing = JdbcFeatureSource.builder(db).table("no_such_table").keyColumn("id").build();
        assertThatThrownBy(() -> missing.lookup("1")).isInstanceOf(FeatureLookupException.class).hasMessageContaining("table no_such_table");
    }

    @Test
    void aSnapshotLoadedByAQueryAnswersLikeTheTable() {
        JdbcSnapshotLoader loader = JdbcSnapshotLoader.of(db, "SELECT restaurant_id AS id, prep_minutes_7d, prep_minutes_1h FROM restaurant_features", "id");
        try (SnapshotFeatureSource snapshot = SnapshotFeatureSource.builder(loader).build()) {
            assertThat(snapshot.size()).isEqualTo(RESTAURANTS);
            List<String> keys = IntStream.rangeClosed(1, RESTAURANTS + 3).mapToObj(Integer::toString).toList();
            assertThat(snapshot.lookupAll(keys)).isEqualTo(restaurants(db).columns("prep_minutes_7d", "prep_minutes_1h").build().lookupAll(keys));
            assertThat(snapshot.toString()).contains("keyed by id");
        }
        JdbcSnapshotLoader duplicated = JdbcSnapshotLoader.of(db, "SELECT id, x FROM messy_features", "id");
        assertThatThrownBy(() -> SnapshotFeatureSource.builder(duplicated).build()).isInstanceOf(FeatureLookupException.class)
                .hasMessageContaining("'2' appears twice");
    }

    @Test
    void manyThreadsThroughTheEnricherGetWhatOneThreadGets() throws Exception {
        JdbcFeatureSource table = restaurants(db).columns("prep_minutes_7d", "prep_minutes_1h").build();
        FeatureLookup.Builder lookup = FeatureLookup.builder("restaurant", table).keyField("restaurant_id").prefix("restaurant_")
                .defaultValue("prep_minutes_1h", 15.0);
        FeatureEnricher sequential = FeatureEnricher.builder().lookup(lookup.build()).build();
        try (DeadlineFeatureSource guarded = DeadlineFeatureSource.builder(table, Duration.ofSeconds(20)).threads(4).build()) {
            FeatureSource cached = CachedFeatureSource.builder(guarded).maxSize(64).build();
            FeatureEnricher concurrent = FeatureEnricher.builder().lookup(FeatureLookup.builder("restaurant", cached).keyField("restaurant_id")
                    .prefix("restaurant_").defaultValue("prep_minutes_1h", 15.0).onFailure(FailurePolicy.THROW).build()).build();
            Random random = new Random(3);
            List<List<Map<String, Object>>> batches = new ArrayList<>();
            for (int b = 0; b < 100; b++) {
                List<Map<String, Object>> batch = new ArrayList<>();
                for (int i = random.nextInt(8) + 1; i > 0; i--) {
                    Map<String, Object> r = new LinkedHashMap<>();
                    r.put("restaurant_id", random.nextInt(RESTAURANTS + 20) + 1);
                    batch.add(r);
                }
                batches.add(batch);
            }
            List<List<Map<String, Object>>> expected = batches.stream().map(sequential::enrichAll).toList();
            ExecutorService threads = Executors.newFixedThreadPool(6);
            try {
                List<Future<List<Map<String, Object>>>> results = new ArrayList<>();
                for (List<Map<String, Object>> batch : batches) {
                    results.add(threads.submit(() -> concurrent.enrichAll(batch)));
                }
                for (int b = 0; b < batches.size(); b++) {
                    assertThat(results.get(b).get(60, TimeUnit.SECONDS)).isEqualTo(expected.get(b));
                }
            } finally {
                threads.shutdownNow();
            }
        }
    }
}

package dev.modeldeploy.runtime.features.jdbc;

import dev.modeldeploy.runtime.features.DeadlineFeatureSource;
import dev.modeldeploy.runtime.features.FailurePolicy;
import dev.modeldeploy.runtime.features.FeatureEnricher;
import dev.modeldeploy.runtime.features.FeatureLookup;
import dev.modeldeploy.runtime.features.FeatureTimeoutException;
import dev.modeldeploy.runtime.features.Restaurants;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** The JDBC feature source on a real PostgreSQL server (keys bound by the key column's type: BIGINT and TEXT). */
class PostgresFeatureSourceTest extends JdbcFeatureSourceContract {
    EmbeddedPostgres pg;

    @Override
    DataSource dataSource() throws Exception {
        pg = EmbeddedPostgres.start();
        return pg.getPostgresDatabase();
    }

    @AfterAll
    void stopPostgres() throws Exception {
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    void aLockedTableGivesDefaultsOrATypedTimeoutWithinTheDeadline() throws Exception {
        JdbcFeatureSource table = restaurants(db).columns("prep_minutes_7d", "prep_minutes_1h").queryTimeout(Duration.ofSeconds(30)).build();
        // Each lookup opens a connection of its own (no pool): the healthy lookups before the lock and after
        // it must fit the deadline on a loaded machine too. The locked ones cannot: the lock holds until rollback.
        Duration deadline = Duration.ofSeconds(2);
        ExecutorService background = Executors.newSingleThreadExecutor();
        try (DeadlineFeatureSource guarded = DeadlineFeatureSource.builder(table, deadline).threads(2).build()) {
            FeatureLookup.Builder lookup = FeatureLookup.builder("restaurant", guarded).keyField("restaurant_id").prefix("restaurant_")
                    .fields("prep_minutes_7d").defaultValue("prep_minutes_7d", 15.0);
            FeatureEnricher lenient = FeatureEnricher.builder().lookup(lookup.build()).build();
            FeatureEnricher strict = FeatureEnricher.builder().lookup(lookup.onFailure(FailurePolicy.THROW).build()).build();
            assertThat(lenient.enrich(Map.of("restaurant_id", 9))).containsEntry("restaurant_prep_minutes_7d", Restaurants.prep7d(9));

            // A migration holds an exclusive lock: every read of the table waits for it.
            try (Connection locker = db.getConnection(); Statement s = locker.createStatement()) {
                locker.setAutoCommit(false);
                s.execute("LOCK TABLE restaurant_features IN ACCESS EXCLUSIVE MODE");
                Duration hangGuard = Duration.ofSeconds(30);
                // The strict caller waits on another thread meanwhile, so that the two deadlines pass together.
                Future<FeatureTimeoutException> strictTimeout = background.submit(() -> assertThrows(FeatureTimeoutException.class,
                        () -> strict.enrichAll(List.of(Map.of("restaurant_id", 9), Map.of("restaurant_id", 10)))));
                Map<String, Object> record = assertTimeoutPreemptively(hangGuard, () -> lenient.enrich(Map.of("restaurant_id", 9)));
                assertThat(record).containsEntry("restaurant_prep_minutes_7d", 15.0);
                assertThat(lenient.metrics().timeouts("restaurant")).isEqualTo(1);
                FeatureTimeoutException e = strictTimeout.get(hangGuard.toSeconds(), TimeUnit.SECONDS);
                assertThat(e).hasMessageContaining("table restaurant_features");
                assertThat(e.timeout()).isEqualTo(deadline);
                locker.rollback(); // the lock is released only now: the answers above never came from the table
            }
            assertThat(strict.enrich(Map.of("restaurant_id", 9))).containsEntry("restaurant_prep_minutes_7d", Restaurants.prep7d(9));
        } finally {
            background.shutdownNow();
        }
    }
}

package dev.modeldeploy.runtime.rollout.log;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modeldeploy.runtime.online.Prediction;
import dev.modeldeploy.runtime.rollout.RoutedPrediction;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The assignment log: sampled, off the request thread, bounded, to JSON Lines and to PostgreSQL. */
class AssignmentLogTest {
    private static final Instant NOW = Instant.parse("2026-11-22T02:00:00Z");

    private static RoutedPrediction<Map<String, Double>> answer(int i) {
        return new RoutedPrediction<>(new Prediction<>(Map.of("eta", i + 0.5), "eta", 1 + i % 2, false),
                "v" + (1 + i % 2), "eta/canary/v2", "user-" + i);
    }

    private static AssignmentLog.Builder log(AssignmentSink sink) {
        return AssignmentLog.builder(sink).clock(Clock.fixed(NOW, ZoneOffset.UTC));
    }

    record Eta(double minutes, Instant arrival) {
    }

    @Test
    void datesAndTimesInAPredictionAreIsoText() throws Exception {
        Instant arrival = Instant.parse("2026-11-22T02:30:00Z");
        Assignment a = new Assignment(NOW, "user-1", "eta/canary", "v2", "eta", 2, new Eta(30.0, arrival));
        JsonNode line = new ObjectMapper().readTree(JsonLinesAssignmentSink.line(a));
        assertThat(line.path("prediction").path("arrival").asText()).isEqualTo("2026-11-22T02:30:00Z");
        assertThat(line.path("time").asText()).isEqualTo("2026-11-22T02:00:00Z");
        assertThat(JsonLinesAssignmentSink.predictionJson(new Eta(30.0, arrival)))
                .isEqualTo("{\"minutes\":30.0,\"arrival\":\"2026-11-22T02:30:00Z\"}");
    }

    @Test
    void writesEveryAssignmentAsAJsonLine(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("logs/assignments.jsonl");
        try (AssignmentLog log = log(new JsonLinesAssignmentSink(file)).batchSize(7).build()) {
            for (int i = 0; i < 100; i++) {
                assertThat(log.record(answer(i))).isTrue();
            }
        }
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(100);
        ObjectMapper json = new ObjectMapper();
        for (int i = 0; i < 100; i++) {
            JsonNode n = json.readTree(lines.get(i));
            assertThat(n.get("time").asText()).isEqualTo("2026-11-22T02:00:00Z");
            assertThat(n.get("unit").asText()).isEqualTo("user-" + i);
            assertThat(n.get("experiment").asText()).isEqualTo("eta/canary/v2");
            assertThat(n.get("variant").asText()).isEqualTo("v" + (1 + i % 2));
            assertThat(n.get("model").asText()).isEqualTo("eta");
            assertThat(n.get("version").asInt()).isEqualTo(1 + i % 2);
            assertThat(n.get("prediction").get("eta").asDouble()).isEqualTo(i + 0.5);
        }
    }

    @Test
    void recordsTheSampledShare(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("a.jsonl");
        int n = 20_000;
        int queued = 0;
        try (AssignmentLog log = log(new JsonLinesAssignmentSink(file)).sampleRate(0.25).queueCapacity(n).build()) {
            for (int i = 0; i < n; i++) {
                queued += log.record(answer(i)) ? 1 : 0;
            }
        }
        assertThat(Files.readAllLines(file)).hasSize(queued);
        double sd = Math.sqrt(n * 0.25 * 0.75);
        assertThat(Math.abs(queued - n * 0.25)).isLessThan(4.5 * sd);
    }

    @Test
    void aStuckSinkNeverBlocksTheCallerAndDropsAreCounted() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AssignmentSink stuck = batch -> {
            entered.countDown();
            release.await();
        };
        AssignmentLog log = log(stuck).queueCapacity(10).batchSize(1).build();
        try {
            assertThat(log.record(answer(0))).isTrue();
            assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue(); // the writer holds it inside the sink
            int queued = 0;
            for (int i = 1; i <= 100; i++) {
                queued += log.record(answer(i)) ? 1 : 0;
            }
            assertThat(queued).isEqualTo(10);
            assertThat(log.dropped()).isEqualTo(90);
        } finally {
            release.countDown();
            log.close();
        }
        assertThat(log.written()).isEqualTo(11);
        assertThat(log.record(answer(1))).as("closed").isFalse();
    }

    @Test
    void aFailingSinkLosesItsBatchesAndWritingGoesOn(@TempDir Path tmp) throws Exception {
        JsonLinesAssignmentSink file = new JsonLinesAssignmentSink(tmp.resolve("a.jsonl"));
        AssignmentSink flaky = new AssignmentSink() {
            int calls;

            @Override
            public void write(List<Assignment> batch) throws Exception {
                if (calls++ % 2 == 0) {
                    throw new java.io.IOException("disk full");
                }
                file.write(batch);
            }

            @Override
            public void close() throws Exception {
                file.close();
            }
        };
        AssignmentLog log = log(flaky).batchSize(1).build();
        for (int i = 0; i < 10; i++) {
            log.record(answer(i));
        }
        log.close();
        assertThat(log.failed() + log.written()).isEqualTo(10);
        assertThat(log.failed()).isPositive();
        assertThat(Files.readAllLines(tmp.resolve("a.jsonl"))).hasSize((int) log.written());
    }

    @Test
    void insertsIntoARealPostgresTable() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.start()) {
            var ds = pg.getPostgresDatabase();
            try (AssignmentLog log = log(JdbcAssignmentSink.create(ds, "public.assignments")).batchSize(64).build()) {
                for (int i = 0; i < 500; i++) {
                    log.record(answer(i));
                }
            }
            try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*), count(DISTINCT unit_key), sum(model_version), "
                         + "min(assigned_at), max(prediction) FROM assignments WHERE experiment = 'eta/canary/v2'")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(500);
                assertThat(rs.getInt(2)).isEqualTo(500);
                assertThat(rs.getInt(3)).isEqualTo(250 + 250 * 2);
                assertThat(rs.getTimestamp(4).toInstant()).isEqualTo(NOW);
                assertThat(rs.getString(5)).isEqualTo("{\"eta\":99.5}");
            }
            // creating the sink again finds the table there
            JdbcAssignmentSink.create(ds, "assignments").close();
        }
    }

    @Test
    void refusesATableNameThatIsNotAPlainIdentifier() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> JdbcAssignmentSink.create(
                        new org.postgresql.ds.PGSimpleDataSource(), "x; DROP TABLE y"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

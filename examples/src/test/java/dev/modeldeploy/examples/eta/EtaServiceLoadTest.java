package dev.modeldeploy.examples.eta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ETA service under load from a real HTTP client on loopback: a fixed number of orders from
 * several threads while the canary share changes and a rollback happens. Zero errors, every answer
 * says its variant, and after the rollback only the primary answers.
 */
class EtaServiceLoadTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CLIENTS = 4;
    private static final int ORDERS_PER_CLIENT = 400;

    private record Tally(int ok, int errors, int notPrimaryAfterRollback, List<String> variants) {
    }

    private static HttpResponse<String> post(HttpClient http, int port, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(HttpClient http, int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void zeroErrorsWhileTheCanaryShareChangesAndARollbackHappens(@TempDir Path dir) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try (EtaService service = EtaService.start(dir, 0)) {
            int port = service.port();
            AtomicInteger sent = new AtomicInteger();
            CountDownLatch third = new CountDownLatch(1);
            CountDownLatch rolledBack = new CountDownLatch(1);
            List<Future<Tally>> futures = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                futures.add(clients.submit(() -> {
                    int ok = 0;
                    int errors = 0;
                    int late = 0;
                    List<String> variants = new ArrayList<>();
                    for (int i = 0; i < ORDERS_PER_CLIENT; i++) {
                        boolean after = rolledBack.getCount() == 0;
                        String order = String.format(java.util.Locale.ROOT,
                                "{\"customer_id\":\"c-%d-%d\",\"restaurant_id\":%d,\"distance_km\":%.1f,\"items\":%d}",
                                client, i, 1 + i % 600, 0.5 + i % 12, 1 + i % 5);
                        HttpResponse<String> r = post(http, port, "/predict", order);
                        if (r.statusCode() != 200) {
                            errors++;
                        } else {
                            JsonNode a = JSON.readTree(r.body());
                            ok += a.get("eta_minutes").asDouble() > 0 ? 1 : 0;
                            variants.add(a.get("variant").asText());
                            if (after && !a.get("variant").asText().equals("v1")) {
                                late++;
                            }
                        }
                        if (sent.incrementAndGet() == CLIENTS * ORDERS_PER_CLIENT / 3) {
                            third.countDown();
                        }
                    }
                    return new Tally(ok, errors, late, variants);
                }));
            }
            third.await();
            for (double share : new double[] {0.5, 0.9, 0.3}) {
                HttpResponse<String> r = post(http, port, "/admin/canary", "{\"share\":" + share + "}");
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            }
            HttpResponse<String> rollback = post(http, port, "/admin/rollback", "{\"reason\":\"load test\"}");
            assertThat(rollback.statusCode()).as(rollback.body()).isEqualTo(200);
            rolledBack.countDown();

            int ok = 0;
            List<String> variants = new ArrayList<>();
            for (Future<Tally> f : futures) {
                Tally t = f.get();
                assertThat(t.errors()).isZero();
                assertThat(t.notPrimaryAfterRollback()).isZero();
                ok += t.ok();
                variants.addAll(t.variants());
            }
            assertThat(ok).isEqualTo(CLIENTS * ORDERS_PER_CLIENT);
            assertThat(variants).contains("v1", "v2").doesNotContain("v3"); // v3 only shadows

            JsonNode routing = JSON.readTree(get(http, port, "/admin/routing").body());
            assertThat(routing.get("policy").asText()).contains("Single").contains("v1");

            String metrics = get(http, port, "/metrics").body();
            assertThat(metrics)
                    .contains("modeldeploy_rollout_requests_total{deployment=\"eta\",model=\"eta\",variant=\"v1\",version=\"1\"}")
                    .contains("modeldeploy_rollout_requests_total{deployment=\"eta\",model=\"eta\",variant=\"v2\",version=\"2\"}")
                    .contains("modeldeploy_online_requests_total{model=\"eta\",predictor=\"eta-v3\",version=\"3\"}")
                    .contains("modeldeploy_rollout_events_total{deployment=\"eta\",type=\"rolled_back\"} 1.0")
                    .contains("modeldeploy_rollout_shadow_total");

            assertThat(post(http, port, "/admin/promote", "{\"variant\":\"v9\"}").statusCode()).isEqualTo(400);
            assertThat(post(http, port, "/predict", "{\"restaurant_id\":1}").statusCode()).isEqualTo(400);
            assertThat(post(http, port, "/predict", "not json").statusCode()).isEqualTo(400);
            assertThat(post(http, port, "/admin/promote", "{\"variant\":\"v2\"}").statusCode()).isEqualTo(200);
            JsonNode promoted = JSON.readTree(post(http, port, "/predict",
                    "{\"customer_id\":\"c-1\",\"restaurant_id\":\"7\",\"distance_km\":3.1,\"items\":2}").body());
            assertThat(promoted.get("variant").asText()).isEqualTo("v2");
            assertThat(promoted.get("version").asInt()).isEqualTo(2);
        } finally {
            clients.shutdownNow();
        }
        // the assignment log was written on close: every answer, the one after the promotion too
        assertThat(Files.readAllLines(dir.resolve("assignments.jsonl"))).hasSize(CLIENTS * ORDERS_PER_CLIENT + 1)
                .allSatisfy(line -> assertThat(line).contains("\"model\":\"eta\""));
    }
}

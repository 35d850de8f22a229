package dev.modeldeploy.runtime.batch.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.modeldeploy.runtime.batch.RunInfo;
import dev.modeldeploy.runtime.batch.RunKey;
import dev.modeldeploy.runtime.batch.RunStatus;
import dev.modeldeploy.runtime.batch.RunSummary;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookNotifierTest {
    HttpServer server;
    final List<JsonNode> received = new CopyOnWriteArrayList<>();
    final AtomicInteger failuresToAnswer = new AtomicInteger();
    URI url;

    @BeforeEach
    void startServer() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hooks/T0/secret", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            int status = failuresToAnswer.getAndDecrement() > 0 ? 503 : 200;
            if (status == 200) {
                received.add(new ObjectMapper().readTree(body));
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
        url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/T0/secret");
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static RunSummary summary(RunStatus status, String failure) {
        RunInfo run = new RunInfo(RunKey.of("lead-scoring", Map.of("date", "2026-11-20")), URI.create("s3://m/lead-scoring@production"),
                "lead-scoring", 7, Instant.parse("2026-11-21T03:00:00Z"), 2);
        return new RunSummary(run, status, Instant.parse("2026-11-21T03:05:00Z"), 1000, 990, 10, 1, 10, 2,
                new RunSummary.StageTimes(Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO), failure);
    }

    @Test
    void postsFailuresWithASlackTextAndTheSummary() {
        WebhookNotifier notifier = WebhookNotifier.onFailure(url).withDelivery(Duration.ofSeconds(5), 3);
        notifier.onFinish(summary(RunStatus.SUCCEEDED, null));
        assertThat(received).isEmpty();
        notifier.onFinish(summary(RunStatus.FAILED, "SQLException: connection refused"));
        assertThat(received).hasSize(1);
        JsonNode body = received.get(0);
        assertThat(body.get("text").asText()).contains("lead-scoring[date=2026-11-20]").contains("failed").contains("connection refused");
        JsonNode run = body.get("run");
        assertThat(run.get("status").asText()).isEqualTo("FAILED");
        assertThat(run.get("version").asInt()).isEqualTo(7);
        assertThat(run.get("params").get("date").asText()).isEqualTo("2026-11-20");
        assertThat(run.get("rejected").asLong()).isEqualTo(10);
        assertThat(run.get("durationMs").asLong()).isEqualTo(300_000);
    }

    @Test
    void retriesAnAnswerOtherThan2xxAndCanReportSuccess() {
        failuresToAnswer.set(2);
        WebhookNotifier.onFailure(url).alsoOnSuccess().withDelivery(Duration.ofSeconds(5), 3).onFinish(summary(RunStatus.SUCCEEDED, null));
        assertThat(received).hasSize(1);
        assertThat(received.get(0).get("run").get("status").asText()).isEqualTo("SUCCEEDED");
    }

    @Test
    void anUnreachableWebhookNeverThrows() {
        server.stop(0);
        WebhookNotifier.onFailure(url).withDelivery(Duration.ofMillis(500), 2).onFinish(summary(RunStatus.FAILED, "boom"));
        assertThat(received).isEmpty();
    }
}

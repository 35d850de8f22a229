package dev.modeldeploy.runtime.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modeldeploy.api.ModelInfo;
import dev.modeldeploy.api.repository.ModelRepository;
import dev.modeldeploy.api.repository.PublishOptions;
import dev.modeldeploy.api.testing.TestRepositories;
import dev.modeldeploy.runtime.notify.WebhookReceiver;
import dev.modeldeploy.runtime.online.OnlinePredictor;
import dev.modeldeploy.runtime.online.OnlinePredictorConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Alerts reach a real HTTP server on loopback; predictions reach the monitor from a real online predictor. */
class DriftAlertDeliveryTest {
    @TempDir
    Path tmp;
    WebhookReceiver webhook;

    @BeforeEach
    void startServer() throws Exception {
        webhook = new WebhookReceiver();
    }

    @AfterEach
    void stop() {
        webhook.close();
    }

    @Test
    void alertsArePostedToTheWebhookAsTextAndFields() throws Exception {
        try (DriftMonitor monitor = DriftMonitor.of("scores", 4, Samples.baseline(3000, new Random(1)), DriftConfig.builder()
                .window(WindowSpec.tumblingRecords(1000)).inputs(false).thresholds(DriftThresholds.defaults().withKsPValue(1e-6))
                .listener(WebhookDriftListener.to(webhook.uri()).withDelivery(Duration.ofSeconds(5), 2)).build())) {
            Samples.feed(monitor, 1000, 1.5, new Random(2));
            // Evaluated and posted on the monitor's own thread: wait for both alerts (PSI and KS of the prediction).
            JsonNode first = webhook.next();
            JsonNode second = webhook.next();
            assertThat(first).isNotNull();
            assertThat(second).isNotNull();
            List<String> metrics = List.of(first.at("/alert/metric").asText(), second.at("/alert/metric").asText());
            assertThat(metrics).containsExactlyInAnyOrder("PSI", "KS");
            JsonNode alert = first.get("alert");
            assertThat(alert.get("model").asText()).isEqualTo("scores");
            assertThat(alert.get("version").asInt()).isEqualTo(4);
            assertThat(alert.get("feature").asText()).isEqualTo("prediction");
            assertThat(alert.get("source").asText()).isEqualTo("output");
            assertThat(alert.at("/window/records").asLong()).isEqualTo(1000);
            assertThat(alert.at("/window/sequence").asLong()).isEqualTo(1);
            assertThat(first.get("text").asText()).startsWith(":warning: drift in scores/4: output prediction");
            DriftReport report = monitor.lastReport().orElseThrow();
            DriftResult psi = report.results().stream().filter(r -> r.metric() == DriftMetric.PSI).findFirst().orElseThrow();
            JsonNode psiAlert = metrics.get(0).equals("PSI") ? first : second;
            assertThat(psiAlert.at("/alert/value").asDouble()).isEqualTo(psi.value());
            assertThat(psiAlert.at("/alert/threshold").asDouble()).isEqualTo(0.2);
        }
    }

    @ParameterizedTest(name = "micro-batching {0}")
    @ValueSource(booleans = {false, true})
    void theOnlinePredictorFeedsTheMonitorEveryRecordWithItsPrediction(boolean batching) throws Exception {
        ModelRepository repository = TestRepositories.repository(tmp);
        URI uri = repository.publish(Samples.model(), TestRepositories.modelUri(tmp, "scores"),
                PublishOptions.builder().trainingSample(Samples.normal(2000, 0, new Random(3))).build());
        List<DriftReport> reports = new ArrayList<>();
        try (var loaded = repository.load(uri, Map.class, Double.class)) {
            ModelInfo info = loaded.info();
            try (DriftMonitor monitor = DriftMonitor.of(info, DriftConfig.builder().window(WindowSpec.untilFlushed())
                    .executor(Runnable::run).listener(new DriftListener() {
                        @Override
                        public void onReport(DriftReport report) {
                            reports.add(report);
                        }
                    }).build())) {
                OnlinePredictorConfig.Builder config = OnlinePredictorConfig.builder().warmUpIterations(0)
                        .listener(monitor.predictorListener());
                if (batching) {
                    config.microBatching(16, Duration.ofMillis(1));
                }
                @SuppressWarnings({"unchecked", "rawtypes"})
                OnlinePredictor<Map<String, Object>, Double> predictor = OnlinePredictor.builder((dev.modeldeploy.api.Model) loaded)
                        .config(config.build()).build();
                try (predictor) {
                    List<Map<String, Object>> live = Samples.normal(600, 1, new Random(4));
                    for (Map<String, Object> r : live.subList(0, 200)) {
                        predictor.predict(r);
                    }
                    predictor.predictAll(live.subList(200, 400));
                    List<java.util.concurrent.CompletableFuture<?>> async = new ArrayList<>();
                    for (Map<String, Object> r : live.subList(400, 600)) {
                        async.add(predictor.predictAsync(r));
                    }
                    for (var f : async) {
                        f.get(30, TimeUnit.SECONDS);
                    }
                }
                DriftReport report = monitor.flush().orElseThrow();
                assertThat(report.window().records()).isEqualTo(600);
                assertThat(report.signals()).extracting(SignalCounts::name).containsExactly("x", "prediction");
                assertThat(report.signals()).allSatisfy(s -> assertThat(s.count()).isEqualTo(600));
                assertThat(report.alerts()).extracting(DriftAlert::feature).contains("x", "prediction");
            }
        }
        assertThat(reports).hasSize(1);
    }
}

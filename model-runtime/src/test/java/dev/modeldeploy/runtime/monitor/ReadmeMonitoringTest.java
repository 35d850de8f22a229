package dev.modeldeploy.runtime.monitor;

import dev.modeldeploy.api.Model;
import dev.modeldeploy.api.repository.ModelRepository;
import dev.modeldeploy.api.repository.PublishOptions;
import dev.modeldeploy.api.testing.ReadmeSnippets;
import dev.modeldeploy.api.testing.TestRepositories;
import dev.modeldeploy.runtime.batch.BatchRunner;
import dev.modeldeploy.runtime.notify.WebhookReceiver;
import dev.modeldeploy.runtime.online.OnlinePredictor;
import dev.modeldeploy.runtime.online.OnlinePredictorConfig;
import dev.modeldeploy.runtime.online.PredictorListener;
import dev.modeldeploy.runtime.online.PredictorMetrics;
import dev.modeldeploy.runtime.report.MonitoringReport;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs the README's monitoring snippet, on a {@code file:} store and a webhook on loopback. */
class ReadmeMonitoringTest {

    @Test
    @SuppressWarnings({"rawtypes", "unchecked"})
    void theReadmeSnippetPublishesABaselineAndAlertsOnDrift(@TempDir Path tmp) throws Exception {
        SimpleMeterRegistry meterRegistry = new SimpleMeterRegistry();
        try (ModelRepository repository = TestRepositories.repository(tmp); WebhookReceiver receiver = new WebhookReceiver()) {
            URI webhook = receiver.uri();
            Model<Map<String, Object>, float[], Double> model = Samples.model();
            URI modelUri = TestRepositories.modelUri(tmp, "scores");
            List<Map<String, Object>> trainingRows = Samples.normal(2000, 0, new Random(1));
            List<Map<String, Object>> requests = Samples.normal(1000, 1.5, new Random(2));
            Path reportFile = tmp.resolve("monitoring.html");

            // README:start
            DriftHistory history = DriftHistory.lastWindows(48);   // the last 48 windows, for the report
            URI uri = repository.publish(model, modelUri, PublishOptions.builder()
                    .trainingSample(trainingRows)   // a baseline of every input field and output goes into the bundle
                    .build());
            try (Model<Map, ?, Double> scores = repository.load(uri, Map.class, Double.class);
                 DriftMonitor drift = DriftMonitor.of(scores.info(), DriftConfig.builder()
                         .window(WindowSpec.slidingRecords(1_000, 250))   // the last 1 000 predictions, every 250
                         .thresholds(DriftThresholds.defaults().withPsi(0.25))
                         .listener(WebhookDriftListener.to(webhook))      // alerts, posted like batch notifications
                         .listener(DriftMeters.of(meterRegistry))         // figures as gauges
                         .listener(history)
                         .build());
                 OnlinePredictor<Map, Double> predictor = OnlinePredictor.builder(scores)
                         .config(OnlinePredictorConfig.builder()
                                 .listener(PredictorListener.all(PredictorMetrics.of(meterRegistry, "scores"),
                                         drift.predictorListener()))
                                 .build())
                         .build()) {
                for (Map request : requests) {
                    predictor.predict(request);
                }
                MonitoringReport.builder("Scores: training vs live")
                        .window(drift.peek())           // histograms of the window so far, against training
                        .history(history.reports())     // drift figures of every kept window, over time
                        .build()
                        .writeTo(reportFile);           // one HTML file, charts as inline SVG
                // README:end
                com.fasterxml.jackson.databind.JsonNode alert = receiver.next();
                assertThat(alert.at("/alert/model").asText()).isEqualTo("scores");
                assertThat(drift.lastReport()).get().satisfies(r -> assertThat(r.drifted()).isTrue());
                assertThat(history.reports()).isNotEmpty();
                assertThat(java.nio.file.Files.readString(reportFile)).contains("class=\"chart histogram drifted\"")
                        .contains("class=\"chart drift\"");
            }
            BatchRunner runner = BatchRunner.builder().repository(repository).monitorDrift(DriftConfig.defaults()).build();
            assertThat(runner).isNotNull();
        }
        assertThat(meterRegistry.get("modeldeploy.online.stage").tag("stage", "total").timer().count()).isEqualTo(1000);
        assertThat(meterRegistry.get("modeldeploy.drift.psi").tag("signal", "x").gauge().value()).isGreaterThan(0.25);
    }

    @Test
    void readmeShowsThisCode() throws Exception {
        ReadmeSnippets.assertReadmeShows("src/test/java/dev/modeldeploy/runtime/monitor/ReadmeMonitoringTest.java");
    }
}

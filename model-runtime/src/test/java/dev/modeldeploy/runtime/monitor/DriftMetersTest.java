package dev.modeldeploy.runtime.monitor;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class DriftMetersTest {

    @Test
    void drifFiguresBecomeGaugesAndAlertsACounter() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (DriftMonitor monitor = DriftMonitor.of("scores", 2, Samples.baseline(2000, new Random(1)), DriftConfig.builder()
                .executor(Runnable::run).window(WindowSpec.tumblingRecords(500)).listener(DriftMeters.of(registry)).build())) {
            Samples.feed(monitor, 500, 0, new Random(2));
            DriftReport quiet = monitor.lastReport().orElseThrow();
            double psi = quiet.results().stream().filter(r -> r.signal().equals("x") && r.metric() == DriftMetric.PSI)
                    .findFirst().orElseThrow().value();
            assertThat(registry.get("modeldeploy.drift.psi").tag("model", "scores").tag("version", "2").tag("source", "input")
                    .tag("signal", "x").gauge().value()).isEqualTo(psi);
            assertThat(registry.find("modeldeploy.drift.alerts").counters()).isEmpty();

            Samples.feed(monitor, 500, 2, new Random(3));
            DriftReport shifted = monitor.lastReport().orElseThrow();
            double p = shifted.results().stream().filter(r -> r.signal().equals("prediction") && r.metric() == DriftMetric.KS)
                    .findFirst().orElseThrow().value();
            assertThat(registry.get("modeldeploy.drift.pvalue").tag("signal", "prediction").tag("test", "ks").gauge().value())
                    .isEqualTo(p);
            assertThat(registry.get("modeldeploy.drift.window.records").tag("signal", "x").gauge().value()).isEqualTo(500);
            assertThat(registry.get("modeldeploy.drift.alerts").tag("signal", "x").tag("metric", "psi").counter().count())
                    .isEqualTo(1);
        }
    }
}

package dev.modeldeploy.runtime.monitor;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Publishes a {@link DriftMonitor}'s figures to Micrometer: a gauge per signal and metric holding the
 * last window's value, {@code modeldeploy.drift.psi} and {@code modeldeploy.drift.pvalue} (tag
 * {@code test}: {@code ks} or {@code chi_squared}), the live count {@code modeldeploy.drift.window.records},
 * and the counter {@code modeldeploy.drift.alerts}; all tagged {@code model}, {@code version},
 * {@code source} and {@code signal}. Micrometer is an optional dependency of model-runtime: only users
 * of this class need it. Thread-safe.
 *
 * <pre>{@code
 * DriftConfig.builder().listener(DriftMeters.of(registry)).build();
 * }</pre>
 */
public final class DriftMeters implements DriftListener {
    private final MeterRegistry registry;
    private final Map<String, Value> values = new ConcurrentHashMap<>();

    /** A gauge's current value: NaN until a window set it. */
    private static final class Value {
        volatile double value = Double.NaN;
    }

    private DriftMeters(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /** Gauges and counters in {@code registry}. */
    public static DriftMeters of(MeterRegistry registry) {
        return new DriftMeters(registry);
    }

    @Override
    public void onReport(DriftReport report) {
        for (SignalCounts c : report.signals()) {
            gauge("modeldeploy.drift.window.records", "live values of the signal in the last window",
                    tags(report.model(), report.version(), c.source(), c.name()), c.count());
        }
        for (DriftResult r : report.results()) {
            Tags tags = tags(report.model(), report.version(), r.source(), r.signal());
            if (r.metric() == DriftMetric.PSI) {
                gauge("modeldeploy.drift.psi", "population stability index of the last window", tags, r.value());
            } else {
                gauge("modeldeploy.drift.pvalue", "p-value of the last window's test against training",
                        tags.and("test", r.metric().name().toLowerCase(Locale.ROOT)), r.value());
            }
        }
    }

    @Override
    public void onAlert(DriftAlert alert) {
        Counter.builder("modeldeploy.drift.alerts").description("figures that passed their threshold")
                .tags(tags(alert.model(), alert.version(), alert.source(), alert.feature()))
                .tag("metric", alert.metric().name().toLowerCase(Locale.ROOT)).register(registry).increment();
    }

    private void gauge(String name, String description, Tags tags, double value) {
        String key = name + tags;
        Value v = values.computeIfAbsent(key, k -> {
            Value created = new Value();
            Gauge.builder(name, created, x -> x.value).description(description).tags(tags).strongReference(true).register(registry);
            return created;
        });
        v.value = value;
    }

    private static Tags tags(String model, int version, SignalSource source, String signal) {
        return Tags.of("model", model, "version", Integer.toString(version), "source", source.name().toLowerCase(Locale.ROOT),
                "signal", signal);
    }
}

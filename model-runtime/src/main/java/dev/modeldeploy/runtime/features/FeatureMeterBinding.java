package dev.modeldeploy.runtime.features;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Collection;
import java.util.concurrent.atomic.LongAdder;

/** Publishes {@link FeatureMetrics}' counters to Micrometer; kept apart so that only this class needs it. */
final class FeatureMeterBinding {
    private FeatureMeterBinding() {
    }

    static void bind(Collection<FeatureMetrics.LookupCounters> lookups, MeterRegistry registry) {
        for (FeatureMetrics.LookupCounters c : lookups) {
            c.missing.forEach((feature, a) -> FunctionCounter.builder("modeldeploy.features.missing", a, LongAdder::sum)
                    .tag("lookup", c.lookup).tag("feature", feature)
                    .description("requests that lacked this looked-up feature").register(registry));
            FunctionCounter.builder("modeldeploy.features.absent", c.absent, LongAdder::sum).tag("lookup", c.lookup)
                    .description("requests whose entity the feature source did not know").register(registry);
            FunctionCounter.builder("modeldeploy.features.missing.keys", c.missingKeys, LongAdder::sum).tag("lookup", c.lookup)
                    .description("requests without an entity key").register(registry);
            FunctionCounter.builder("modeldeploy.features.errors", c.failures, LongAdder::sum).tag("lookup", c.lookup)
                    .tag("kind", "failure").description("failed feature lookups").register(registry);
            FunctionCounter.builder("modeldeploy.features.errors", c.timeouts, LongAdder::sum).tag("lookup", c.lookup)
                    .tag("kind", "timeout").description("feature lookups past their deadline").register(registry);
        }
    }
}

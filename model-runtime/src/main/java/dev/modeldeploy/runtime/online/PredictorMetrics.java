package dev.modeldeploy.runtime.online;

import dev.modeldeploy.api.ModelInfo;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;

import java.util.Objects;

/**
 * A {@link PredictorListener} that counts with Micrometer, every meter tagged
 * {@code predictor=<name>}:
 *
 * <ul>
 *   <li>{@code modeldeploy.online.requests} and {@code modeldeploy.online.records}: accepted requests and the records they carried;</li>
 *   <li>{@code modeldeploy.online.batch.size}: records per micro-batch (a distribution summary);</li>
 *   <li>{@code modeldeploy.online.timeouts}, {@code .fallbacks}, {@code .overloads}, {@code .failures}, {@code .swaps}.</li>
 * </ul>
 *
 * <pre>{@code
 * OnlinePredictorConfig.builder().listener(PredictorMetrics.of(registry, "churn")).build();
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class PredictorMetrics implements PredictorListener {
    private final Counter requests;
    private final Counter records;
    private final DistributionSummary batchSize;
    private final Counter timeouts;
    private final Counter fallbacks;
    private final Counter overloads;
    private final Counter failures;
    private final Counter swaps;

    private PredictorMetrics(MeterRegistry registry, Tags tags) {
        this.requests = Counter.builder("modeldeploy.online.requests").description("requests accepted").tags(tags)
                .register(registry);
        this.records = Counter.builder("modeldeploy.online.records").description("records in accepted requests")
                .tags(tags).register(registry);
        this.batchSize = DistributionSummary.builder("modeldeploy.online.batch.size")
                .description("records per micro-batch").baseUnit("records").tags(tags).register(registry);
        this.timeouts = Counter.builder("modeldeploy.online.timeouts").description("requests past their deadline")
                .tags(tags).register(registry);
        this.fallbacks = Counter.builder("modeldeploy.online.fallbacks").description("requests given the fallback answer")
                .tags(tags).register(registry);
        this.overloads = Counter.builder("modeldeploy.online.overloads").description("requests refused: queue full")
                .tags(tags).register(registry);
        this.failures = Counter.builder("modeldeploy.online.failures").description("requests that failed")
                .tags(tags).register(registry);
        this.swaps = Counter.builder("modeldeploy.online.swaps").description("changes of the model in service")
                .tags(tags).register(registry);
    }

    /** Meters in {@code registry} tagged {@code predictor=name}. */
    public static PredictorMetrics of(MeterRegistry registry, String name) {
        Objects.requireNonNull(registry, "registry");
        return new PredictorMetrics(registry, Tags.of(Tag.of("predictor", Objects.requireNonNull(name, "name"))));
    }

    @Override
    public void onRequest(int records) {
        requests.increment();
        this.records.increment(records);
    }

    @Override
    public void onBatch(int requests, int records) {
        batchSize.record(records);
    }

    @Override
    public void onTimeout() {
        timeouts.increment();
    }

    @Override
    public void onFallback() {
        fallbacks.increment();
    }

    @Override
    public void onOverload() {
        overloads.increment();
    }

    @Override
    public void onFailure(Throwable error) {
        failures.increment();
    }

    @Override
    public void onSwap(ModelInfo from, ModelInfo to) {
        swaps.increment();
    }
}

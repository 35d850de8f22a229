package dev.modeldeploy.runtime.online;

import dev.modeldeploy.api.ModelInfo;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A {@link PredictorListener} that counts with Micrometer, every meter tagged
 * {@code predictor=<name>}:
 *
 * <ul>
 *   <li>{@code modeldeploy.online.requests} and {@code modeldeploy.online.records}: accepted requests and the records they carried;</li>
 *   <li>{@code modeldeploy.online.batch.size}: records per micro-batch (a distribution summary);</li>
 *   <li>{@code modeldeploy.online.timeouts}, {@code .fallbacks}, {@code .overloads} (requests rejected: queue full),
 *       {@code .failures} (errors), {@code .swaps};</li>
 *   <li>{@code modeldeploy.online.stage}: a timer per stage of a request, tagged {@code stage} ({@code feature_lookup},
 *       {@code preprocess}, {@code inference}, {@code total}), {@code model} and {@code version}, so that a canary's
 *       latency shows apart from the primary's.</li>
 * </ul>
 * With a variant ({@link #of(MeterRegistry, String, String)}: an A/B arm, a canary) every meter is also tagged
 * {@code variant}. Missing looked-up features are counted by the enricher's
 * {@link dev.modeldeploy.runtime.features.FeatureMetrics} ({@code bindTo(registry)}), drift figures by
 * {@link dev.modeldeploy.runtime.monitor.DriftMeters}.
 *
 * <p>Micrometer is an optional dependency of model-runtime: this class is the only part of the online
 * runtime that needs it, and is loaded only by those who create it. Without it, the predictor reads no
 * clock for stage timings.
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
    private final MeterRegistry registry;
    private final Tags tags;
    private final Map<String, Timer[]> timers = new ConcurrentHashMap<>();
    private volatile StageTimers last = new StageTimers(null, null);

    /** The timers of the model version seen last: nearly always the one of the next call. */
    private record StageTimers(ModelInfo model, Timer[] timers) {
    }

    private PredictorMetrics(MeterRegistry registry, Tags tags) {
        this.registry = registry;
        this.tags = tags;
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

    /** Meters in {@code registry} tagged {@code predictor=name} and {@code variant=variant} (an A/B arm, a canary). */
    public static PredictorMetrics of(MeterRegistry registry, String name, String variant) {
        Objects.requireNonNull(registry, "registry");
        return new PredictorMetrics(registry, Tags.of(Tag.of("predictor", Objects.requireNonNull(name, "name")),
                Tag.of("variant", Objects.requireNonNull(variant, "variant"))));
    }

    @Override
    public boolean timesStages() {
        return true;
    }

    /** Registers the timers of the first model now, not on its first request (which has a deadline). */
    @Override
    public void onStart(ModelInfo model) {
        stageTimersOf(model);
    }

    @Override
    public void onStage(Stage stage, ModelInfo model, long nanos, int records) {
        StageTimers t = last;
        if (t.model != model) {
            t = new StageTimers(model, stageTimersOf(model));
            last = t;
        }
        t.timers[stage.ordinal()].record(nanos, TimeUnit.NANOSECONDS);
    }

    private Timer[] stageTimersOf(ModelInfo model) {
        return timers.computeIfAbsent(model.name() + "/" + model.version(), k -> stageTimers(model));
    }

    private Timer[] stageTimers(ModelInfo model) {
        Stage[] stages = Stage.values();
        Timer[] out = new Timer[stages.length];
        for (Stage stage : stages) {
            out[stage.ordinal()] = Timer.builder("modeldeploy.online.stage").description("time per stage of a request")
                    .tags(tags).tag("stage", stage.name().toLowerCase(Locale.ROOT)).tag("model", model.name())
                    .tag("version", Integer.toString(model.version())).register(registry);
        }
        return out;
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
        stageTimersOf(to);
    }
}

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
 * A {@link PredictorListener} that counts with Micrometer, every meter tagged {@code predictor=<name>}
 * and, for the model version it concerns, {@code model} and {@code version}:
 *
 * <ul>
 *   <li>{@code modeldeploy.online.requests} and {@code modeldeploy.online.records}: accepted requests and the records they carried;</li>
 *   <li>{@code modeldeploy.online.batch.size}: records per micro-batch (a distribution summary);</li>
 *   <li>{@code modeldeploy.online.timeouts}, {@code .fallbacks}, {@code .overloads} (requests rejected: queue full),
 *       {@code .failures} (errors), {@code .swaps} (counted under the version swapped to);</li>
 *   <li>{@code modeldeploy.online.stage}: a timer per stage of a request, tagged {@code stage} ({@code feature_lookup},
 *       {@code preprocess}, {@code inference}, {@code total}).</li>
 * </ul>
 * Stage timers carry the version that ran the stage. The listener's other events do not name a model, so
 * counters and the batch-size summary carry the version <em>in service</em> when the event happened (told by
 * {@link #onStart} and {@link #onSwap}): a request accepted just before a swap and timing out just after it
 * counts its request under the old version and its timeout under the new one. A canary's or a new version's
 * traffic, errors and latency thus show apart from the primary's, and after a swap apart from its
 * predecessor's. With a variant ({@link #of(MeterRegistry, String, String)}: an A/B arm, a canary) every meter
 * is also tagged {@code variant}. Missing looked-up features are counted by the enricher's
 * {@link dev.modeldeploy.runtime.features.FeatureMetrics} ({@code bindTo(registry)}), drift figures by
 * {@link dev.modeldeploy.runtime.monitor.DriftMeters}.
 *
 * <p>The meters of a version are registered once, when it starts or is swapped in, and then found through a
 * volatile field: counting a request costs no lock, no map lookup and no allocation.
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
    /** The tags of events heard before any {@link #onStart} (a listener used outside a predictor). */
    private static final String UNKNOWN_MODEL = "unknown";

    private final MeterRegistry registry;
    private final Tags tags;
    private final Map<String, VersionMeters> meters = new ConcurrentHashMap<>();
    /** The version in service: where counters count. Null until {@link #onStart}. */
    private volatile VersionMeters serving;
    /** The version whose stage was timed last: nearly always the one of the next stage. */
    private volatile Seen lastTimed;

    /** A model version's meters, and the instance of its info last seen (for an identity check). */
    private record Seen(ModelInfo model, VersionMeters meters) {
    }

    /** Every meter of one model version. */
    private static final class VersionMeters {
        final Counter requests;
        final Counter records;
        final DistributionSummary batchSize;
        final Counter timeouts;
        final Counter fallbacks;
        final Counter overloads;
        final Counter failures;
        final Counter swaps;
        final Timer[] stages;

        VersionMeters(MeterRegistry registry, Tags base, String name, int version) {
            Tags tags = base.and(Tag.of("model", name), Tag.of("version", Integer.toString(version)));
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
            Stage[] all = Stage.values();
            this.stages = new Timer[all.length];
            for (Stage stage : all) {
                stages[stage.ordinal()] = Timer.builder("modeldeploy.online.stage").description("time per stage of a request")
                        .tags(tags).tag("stage", stage.name().toLowerCase(Locale.ROOT)).register(registry);
            }
        }
    }

    private PredictorMetrics(MeterRegistry registry, Tags tags) {
        this.registry = registry;
        this.tags = tags;
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

    /** Registers the meters of the first model now, not on its first request (which has a deadline). */
    @Override
    public void onStart(ModelInfo model) {
        serving = metersOf(model);
    }

    @Override
    public void onSwap(ModelInfo from, ModelInfo to) {
        VersionMeters now = metersOf(to);
        serving = now;
        now.swaps.increment();
    }

    @Override
    public void onStage(Stage stage, ModelInfo model, long nanos, int records) {
        Seen seen = lastTimed;
        if (seen == null || seen.model() != model) {
            seen = new Seen(model, metersOf(model));
            lastTimed = seen;
        }
        seen.meters().stages[stage.ordinal()].record(nanos, TimeUnit.NANOSECONDS);
    }

    /** The meters of {@code model}'s name and version, registered on first sight. */
    private VersionMeters metersOf(ModelInfo model) {
        return meters.computeIfAbsent(model.name() + "/" + model.version(),
                k -> new VersionMeters(registry, tags, model.name(), model.version()));
    }

    private VersionMeters serving() {
        VersionMeters m = serving;
        return m != null ? m : meters.computeIfAbsent(UNKNOWN_MODEL,
                k -> new VersionMeters(registry, tags, UNKNOWN_MODEL, 0));
    }

    @Override
    public void onRequest(int records) {
        VersionMeters m = serving();
        m.requests.increment();
        m.records.increment(records);
    }

    @Override
    public void onBatch(int requests, int records) {
        serving().batchSize.record(records);
    }

    @Override
    public void onTimeout() {
        serving().timeouts.increment();
    }

    @Override
    public void onFallback() {
        serving().fallbacks.increment();
    }

    @Override
    public void onOverload() {
        serving().overloads.increment();
    }

    @Override
    public void onFailure(Throwable error) {
        serving().failures.increment();
    }
}

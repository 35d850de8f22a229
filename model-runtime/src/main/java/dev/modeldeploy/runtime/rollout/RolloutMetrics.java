package dev.modeldeploy.runtime.rollout;

import dev.modeldeploy.runtime.online.Prediction;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.ToDoubleBiFunction;

/**
 * A {@link RolloutListener} that counts with Micrometer, every meter tagged {@code deployment=<name>}:
 *
 * <ul>
 *   <li>{@code modeldeploy.rollout.requests}, tagged {@code variant}, {@code model} and {@code version}: answers
 *       per variant and the model version that computed them (a canary's v2 apart from v3 after a swap);</li>
 *   <li>{@code modeldeploy.rollout.failures}, tagged {@code variant}: errors per variant;</li>
 *   <li>{@code modeldeploy.rollout.shadow}, tagged {@code variant} and {@code result} ({@code answered},
 *       {@code failed}, {@code dropped});</li>
 *   <li>{@code modeldeploy.rollout.shadow.difference}, tagged {@code variant}, {@code model} and {@code version}
 *       (the shadow's): how far each shadow answer lies from the answer served, if a difference function was
 *       given;</li>
 *   <li>{@code modeldeploy.rollout.events}, tagged {@code type}: routing changes and rollbacks.</li>
 * </ul>
 * Failures and shadow counts carry no model version: a failed or dropped request has no answer to name one
 * (the online predictor's {@link dev.modeldeploy.runtime.online.PredictorMetrics} counts failures by the
 * version in service).
 *
 * <pre>{@code
 * Deployment.builder(...).listener(RolloutMetrics.of(registry, "eta", (a, b) -> Math.abs(a.value() - b.value())))
 * }</pre>
 *
 * <p>Meters are registered when first needed and then found by variant in a concurrent map, and by model
 * version through a per-variant field: counting an answer takes no lock and allocates nothing. Thread-safe.
 *
 * @param <O> the prediction type
 */
public final class RolloutMetrics<O> implements RolloutListener<O> {
    private final MeterRegistry registry;
    private final Tags tags;
    private final ToDoubleBiFunction<O, O> difference;
    private final Map<String, VariantMeters> variants = new ConcurrentHashMap<>();
    private final Map<RolloutEvent.Type, Counter> events = new ConcurrentHashMap<>();

    /** A meter per model version, the last one used kept at hand: looking it up again allocates nothing. */
    private static final class PerVersion<M> {
        private final BiFunction<String, String, M> register;
        private volatile Versioned<M> last;

        /** A meter of one model version. */
        private record Versioned<M>(String model, int version, M meter) {
        }

        /** {@code register(model, version)} registers (or finds) the meter of a version. */
        PerVersion(BiFunction<String, String, M> register) {
            this.register = register;
        }

        M of(String model, int version) {
            Versioned<M> v = last;
            // equals is an identity check for the name of the model last seen
            if (v == null || v.version() != version || !v.model().equals(model)) {
                v = new Versioned<>(model, version, register.apply(model, Integer.toString(version)));
                last = v;
            }
            return v.meter();
        }
    }

    /** The meters of one variant, registered when first needed (racing registrations get the same meter). */
    private final class VariantMeters {
        final String variant;
        final PerVersion<Counter> requests;
        final PerVersion<DistributionSummary> difference;
        final Map<String, Counter> shadow = new ConcurrentHashMap<>(4); // by result
        volatile Counter failures;

        VariantMeters(String variant) {
            this.variant = variant;
            this.requests = new PerVersion<>((model, version) -> Counter.builder("modeldeploy.rollout.requests")
                    .description("requests answered, by variant and model version").tags(tags).tag("variant", variant)
                    .tag("model", model).tag("version", version).register(registry));
            this.difference = new PerVersion<>((model, version) -> DistributionSummary.builder("modeldeploy.rollout.shadow.difference")
                    .description("difference between the served and the shadow answer").tags(tags).tag("variant", variant)
                    .tag("model", model).tag("version", version).register(registry));
        }

        Counter failures() {
            Counter c = failures;
            if (c == null) {
                c = Counter.builder("modeldeploy.rollout.failures").description("requests failed, by variant").tags(tags)
                        .tag("variant", variant).register(registry);
                failures = c;
            }
            return c;
        }

        Counter shadow(String result) {
            Counter c = shadow.get(result);
            return c != null ? c : shadow.computeIfAbsent(result, r -> Counter.builder("modeldeploy.rollout.shadow")
                    .description("shadow requests, by variant and result").tags(tags).tag("variant", variant)
                    .tag("result", r).register(registry));
        }
    }

    private RolloutMetrics(MeterRegistry registry, String deployment, ToDoubleBiFunction<O, O> difference) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.tags = Tags.of("deployment", Objects.requireNonNull(deployment, "deployment"));
        this.difference = difference;
    }

    /** Meters in {@code registry} tagged {@code deployment=name}, without shadow differences. */
    public static <O> RolloutMetrics<O> of(MeterRegistry registry, String deployment) {
        return new RolloutMetrics<>(registry, deployment, null);
    }

    /** Meters as {@link #of(MeterRegistry, String)}, plus the distribution of {@code difference(served, shadow)}. */
    public static <O> RolloutMetrics<O> of(MeterRegistry registry, String deployment, ToDoubleBiFunction<O, O> difference) {
        return new RolloutMetrics<>(registry, deployment, Objects.requireNonNull(difference, "difference"));
    }

    private VariantMeters variant(String variant) {
        VariantMeters v = variants.get(variant);
        return v != null ? v : variants.computeIfAbsent(variant, VariantMeters::new);
    }

    @Override
    public void onRouted(RoutedPrediction<O> answer) {
        Prediction<O> p = answer.prediction();
        variant(answer.variant()).requests.of(p.model(), p.version()).increment();
    }

    @Override
    public void onFailure(String variant, Throwable error) {
        variant(variant).failures().increment();
    }

    @Override
    public void onShadow(ShadowResult<O> result) {
        VariantMeters v = variant(result.variant());
        v.shadow(result.failed() ? "failed" : "answered").increment();
        if (difference != null && !result.failed()) {
            Prediction<O> shadow = result.answer();
            v.difference.of(shadow.model(), shadow.version())
                    .record(difference.applyAsDouble(result.served().value(), shadow.value()));
        }
    }

    @Override
    public void onShadowDropped(String variant) {
        variant(variant).shadow("dropped").increment();
    }

    @Override
    public void onEvent(RolloutEvent event) {
        events.computeIfAbsent(event.type(), t -> Counter.builder("modeldeploy.rollout.events")
                .description("routing changes and rollbacks, by type").tags(tags)
                .tag("type", t.name().toLowerCase(java.util.Locale.ROOT)).register(registry)).increment();
    }
}

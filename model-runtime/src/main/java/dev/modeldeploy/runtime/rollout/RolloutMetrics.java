package dev.modeldeploy.runtime.rollout;

import dev.modeldeploy.runtime.online.Prediction;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
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

    /** A meter of one model version. */
    private record Versioned<M>(String model, int version, M meter) {
        boolean of(String name, int v) {
            return version == v && model.equals(name); // equals is an identity check for the same model's name
        }
    }

    /** The meters of one variant, registered when first needed (racing registrations get the same meter). */
    private final class VariantMeters {
        final String variant;
        volatile Versioned<Counter> requests;
        volatile Versioned<DistributionSummary> difference;
        volatile Counter failures;
        volatile Counter shadowAnswered;
        volatile Counter shadowFailed;
        volatile Counter shadowDropped;

        VariantMeters(String variant) {
            this.variant = variant;
        }

        Counter requests(String model, int version) {
            Versioned<Counter> r = requests;
            if (r == null || !r.of(model, version)) {
                r = new Versioned<>(model, version, Counter.builder("modeldeploy.rollout.requests")
                        .description("requests answered, by variant and model version").tags(tags).tag("variant", variant)
                        .tag("model", model).tag("version", Integer.toString(version)).register(registry));
                requests = r;
            }
            return r.meter();
        }

        DistributionSummary difference(String model, int version) {
            Versioned<DistributionSummary> d = difference;
            if (d == null || !d.of(model, version)) {
                d = new Versioned<>(model, version, DistributionSummary.builder("modeldeploy.rollout.shadow.difference")
                        .description("difference between the served and the shadow answer").tags(tags).tag("variant", variant)
                        .tag("model", model).tag("version", Integer.toString(version)).register(registry));
                difference = d;
            }
            return d.meter();
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
            Counter c = switch (result) {
                case "answered" -> shadowAnswered;
                case "failed" -> shadowFailed;
                default -> shadowDropped;
            };
            if (c == null) {
                c = Counter.builder("modeldeploy.rollout.shadow").description("shadow requests, by variant and result")
                        .tags(tags).tag("variant", variant).tag("result", result).register(registry);
                switch (result) {
                    case "answered" -> shadowAnswered = c;
                    case "failed" -> shadowFailed = c;
                    default -> shadowDropped = c;
                }
            }
            return c;
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
        variant(answer.variant()).requests(p.model(), p.version()).increment();
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
            v.difference(shadow.model(), shadow.version())
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

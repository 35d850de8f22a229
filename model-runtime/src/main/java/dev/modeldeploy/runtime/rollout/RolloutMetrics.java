package dev.modeldeploy.runtime.rollout;

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
 *   <li>{@code modeldeploy.rollout.requests} and {@code .failures}, tagged {@code variant}: answers and errors per variant;</li>
 *   <li>{@code modeldeploy.rollout.shadow}, tagged {@code variant} and {@code result} ({@code answered},
 *       {@code failed}, {@code dropped});</li>
 *   <li>{@code modeldeploy.rollout.shadow.difference}, tagged {@code variant}: how far each shadow answer
 *       lies from the answer served, if a difference function was given;</li>
 *   <li>{@code modeldeploy.rollout.events}, tagged {@code type}: routing changes and rollbacks.</li>
 * </ul>
 *
 * <pre>{@code
 * Deployment.builder(...).listener(RolloutMetrics.of(registry, "eta", (a, b) -> Math.abs(a.value() - b.value())))
 * }</pre>
 *
 * <p>Thread-safe.
 *
 * @param <O> the prediction type
 */
public final class RolloutMetrics<O> implements RolloutListener<O> {
    private final MeterRegistry registry;
    private final Tags tags;
    private final ToDoubleBiFunction<O, O> difference;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, DistributionSummary> differences = new ConcurrentHashMap<>();

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

    private Counter counter(String name, String description, String... tagPairs) {
        String key = name + '\u0000' + String.join("\u0000", tagPairs);
        return counters.computeIfAbsent(key, k -> Counter.builder(name).description(description).tags(tags).tags(tagPairs)
                .register(registry));
    }

    @Override
    public void onRouted(RoutedPrediction<O> answer) {
        counter("modeldeploy.rollout.requests", "requests answered, by variant", "variant", answer.variant()).increment();
    }

    @Override
    public void onFailure(String variant, Throwable error) {
        counter("modeldeploy.rollout.failures", "requests failed, by variant", "variant", variant).increment();
    }

    @Override
    public void onShadow(ShadowResult<O> result) {
        counter("modeldeploy.rollout.shadow", "shadow requests, by variant and result", "variant", result.variant(),
                "result", result.failed() ? "failed" : "answered").increment();
        if (difference != null && !result.failed()) {
            differences.computeIfAbsent(result.variant(), v -> DistributionSummary.builder("modeldeploy.rollout.shadow.difference")
                            .description("difference between the served and the shadow answer").tags(tags).tag("variant", v)
                            .register(registry))
                    .record(difference.applyAsDouble(result.served().value(), result.answer().value()));
        }
    }

    @Override
    public void onShadowDropped(String variant) {
        counter("modeldeploy.rollout.shadow", "shadow requests, by variant and result", "variant", variant,
                "result", "dropped").increment();
    }

    @Override
    public void onEvent(RolloutEvent event) {
        counter("modeldeploy.rollout.events", "routing changes and rollbacks, by type", "type",
                event.type().name().toLowerCase(java.util.Locale.ROOT)).increment();
    }
}

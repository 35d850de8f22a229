package dev.modeldeploy.runtime.monitor;

import dev.modeldeploy.runtime.online.Prediction;
import dev.modeldeploy.runtime.rollout.Outcome;
import dev.modeldeploy.runtime.rollout.RolloutGuard;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rolls a candidate back when its predictions drift: a {@link DriftListener} that remembers the
 * alerts of every model version, and a {@link RolloutGuard} that objects to a candidate as soon as it
 * answers with a version that has an alert. Register it on the candidate's {@link DriftMonitor}
 * ({@code DriftConfig.builder().listener(guard)}) and on the deployment
 * ({@code Deployment.builder(...).guard(guard)}); one guard can serve several monitors.
 *
 * <pre>{@code
 * DriftGuard guard = new DriftGuard();
 * DriftMonitor monitor = DriftMonitor.of(candidate.info(), DriftConfig.builder().listener(guard).build());
 * OnlinePredictor<Lead, Classification> v2 = OnlinePredictor.builder(candidate)
 *         .config(OnlinePredictorConfig.builder().listener(monitor.predictorListener()).build()).build();
 * Deployment<Lead, Classification> d = Deployment.builder("leads", "v1", v1).variant("v2", v2).guard(guard).build();
 * }</pre>
 *
 * <p>Drift is judged per window on the monitor's thread; the guard's part on the request path is two
 * map reads. When it rolls a variant back, the deployment {@linkplain #reset resets} it, which forgets
 * the alerts of the versions that variant served, so a new experiment with it starts clean.
 * Thread-safe.
 */
public final class DriftGuard implements RolloutGuard<Object, Object>, DriftListener {
    /** Model name → version → the latest alert. */
    private final Map<String, Map<Integer, DriftAlert>> alerts = new ConcurrentHashMap<>();
    /** Variant → model name → the versions it answered with since its last reset. */
    private final Map<String, Map<String, Set<Integer>>> served = new ConcurrentHashMap<>();

    @Override
    public void onAlert(DriftAlert alert) {
        alerts.computeIfAbsent(alert.model(), m -> new ConcurrentHashMap<>()).put(alert.version(), alert);
    }

    @Override
    public Optional<String> observe(Outcome<Object, Object> outcome) {
        Prediction<Object> answer = outcome.answer();
        if (answer == null || answer.fallback()) {
            return Optional.empty();
        }
        served.computeIfAbsent(outcome.variant(), v -> new ConcurrentHashMap<>())
                .computeIfAbsent(answer.model(), m -> ConcurrentHashMap.newKeySet()).add(answer.version());
        Map<Integer, DriftAlert> ofModel = alerts.get(answer.model());
        DriftAlert alert = ofModel == null ? null : ofModel.get(answer.version());
        return alert == null ? Optional.empty() : Optional.of(alert.describe());
    }

    /** Forgets the alerts of the versions {@code variant} served, and what it served. */
    @Override
    public void reset(String variant) {
        Map<String, Set<Integer>> byModel = served.remove(variant);
        if (byModel == null) {
            return;
        }
        byModel.forEach((model, versions) -> {
            Map<Integer, DriftAlert> ofModel = alerts.get(model);
            if (ofModel != null) {
                versions.forEach(ofModel::remove);
            }
        });
    }

    /** The latest alert of a model version, if it drifted. */
    public Optional<DriftAlert> alert(String model, int version) {
        Map<Integer, DriftAlert> ofModel = alerts.get(model);
        return Optional.ofNullable(ofModel == null ? null : ofModel.get(version));
    }
}

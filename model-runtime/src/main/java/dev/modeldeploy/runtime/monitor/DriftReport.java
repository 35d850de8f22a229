package dev.modeldeploy.runtime.monitor;

import java.util.List;
import java.util.Objects;

/**
 * Everything measured over one window: the live counts of every signal next to its baseline, and every
 * drift figure. What listeners receive and what reports draw. Immutable.
 *
 * @param model   the model's name
 * @param version its version
 * @param window  the window
 * @param signals live counts per signal (inputs first, then outputs)
 * @param results drift figures (signals with too few live values in the window have none)
 */
public record DriftReport(String model, int version, Window window, List<SignalCounts> signals, List<DriftResult> results) {
    public DriftReport {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(window, "window");
        signals = List.copyOf(signals);
        results = List.copyOf(results);
    }

    /** Whether any figure passed its threshold. */
    public boolean drifted() {
        return results.stream().anyMatch(DriftResult::drifted);
    }

    /** The figures that passed their thresholds, as alerts. */
    public List<DriftAlert> alerts() {
        return results.stream().filter(DriftResult::drifted)
                .map(r -> new DriftAlert(model, version, r.signal(), r.source(), r.metric(), r.value(), r.threshold(), window))
                .toList();
    }
}

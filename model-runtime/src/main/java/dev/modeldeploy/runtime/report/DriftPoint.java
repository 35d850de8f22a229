package dev.modeldeploy.runtime.report;

import dev.modeldeploy.runtime.monitor.DriftMetric;
import dev.modeldeploy.runtime.monitor.DriftReport;
import dev.modeldeploy.runtime.monitor.DriftResult;
import dev.modeldeploy.runtime.monitor.SignalSource;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One drift figure of one signal at one time (a monitor's window or a batch run), a point of a
 * drift-over-time chart. Immutable.
 *
 * @param signal    the input field or prediction part
 * @param source    input or output
 * @param metric    the metric
 * @param at        when the window ended or the run measured it
 * @param label     what the point stands for ("window 12", a run key)
 * @param value     the metric's value (PSI; the tests' p-value)
 * @param threshold the threshold in force, NaN when not known
 * @param drifted   whether the value passed its threshold
 */
public record DriftPoint(String signal, SignalSource source, DriftMetric metric, Instant at, String label, double value,
                         double threshold, boolean drifted) {
    public DriftPoint {
        Objects.requireNonNull(signal, "signal");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(label, "label");
    }

    /** Every figure of a monitor's window report, as points. */
    public static List<DriftPoint> of(DriftReport report) {
        // A monitor's peek() reports the window still open, numbered 0.
        long sequence = report.window().sequence();
        String label = sequence > 0 ? "window " + sequence : "open window";
        Instant at = report.window().end();
        return report.results().stream().map(r -> of(r, at, label)).toList();
    }

    private static DriftPoint of(DriftResult r, Instant at, String label) {
        return new DriftPoint(r.signal(), r.source(), r.metric(), at, label, r.value(), r.threshold(), r.drifted());
    }
}

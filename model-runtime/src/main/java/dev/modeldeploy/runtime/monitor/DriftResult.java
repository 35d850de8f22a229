package dev.modeldeploy.runtime.monitor;

import java.util.Objects;

/**
 * One drift figure: a metric of one signal over one window, against its threshold.
 *
 * @param signal    the input field or prediction part
 * @param source    input or output
 * @param metric    the metric
 * @param statistic the metric's statistic (PSI; the KS distance D; the χ² statistic)
 * @param value     what the threshold is compared with (PSI itself; the tests' p-value)
 * @param threshold the threshold in force
 * @param drifted   whether the value passed the threshold
 */
public record DriftResult(String signal, SignalSource source, DriftMetric metric, double statistic, double value,
                          double threshold, boolean drifted) {
    public DriftResult {
        Objects.requireNonNull(signal, "signal");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(metric, "metric");
    }
}

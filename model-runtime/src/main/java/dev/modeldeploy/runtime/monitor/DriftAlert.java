package dev.modeldeploy.runtime.monitor;

import java.util.Locale;
import java.util.Objects;

/**
 * A signal whose live distribution parted from training: the figure that passed its threshold, and
 * where. Delivered to every {@link DriftListener}.
 *
 * @param model     the model's name
 * @param version   its version
 * @param feature   the input field or prediction part that drifted
 * @param source    whether it is an input or an output
 * @param metric    the metric that passed its threshold
 * @param value     the metric's value (PSI, or the test's p-value)
 * @param threshold the threshold it passed
 * @param window    the window it was measured over
 */
public record DriftAlert(String model, int version, String feature, SignalSource source, DriftMetric metric, double value,
                         double threshold, Window window) {
    public DriftAlert {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(feature, "feature");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(window, "window");
    }

    /** One line for logs and chat: {@code drift in leads/7: output prediction PSI 0.31 >= 0.2 over window #4 (1000 predictions)}. */
    public String describe() {
        boolean psi = metric == DriftMetric.PSI;
        return String.format(Locale.ROOT, "drift in %s/%d: %s %s %s %s %.4g %s %.4g over window #%d (%d predictions, %s to %s)",
                model, version, source.name().toLowerCase(Locale.ROOT), feature, metric.name().replace('_', '-'),
                psi ? "" : "p-value", value, psi ? ">=" : "<", threshold, window.sequence(), window.records(), window.start(),
                window.end()).replace("  ", " ");
    }
}

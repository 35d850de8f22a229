package dev.modeldeploy.runtime.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A linear axis from {@code min} to {@code max} with "nice" ticks (1, 2, 2.5 or 5 times a power of ten),
 * mapped onto pixels from {@code from} to {@code to}. Immutable.
 */
final class Axis {
    final double min;
    final double max;
    final double step;
    private final double from;
    private final double to;

    private Axis(double min, double max, double step, double from, double to) {
        this.min = min;
        this.max = max;
        this.step = step;
        this.from = from;
        this.to = to;
    }

    /** An axis covering {@code lo..hi} (finite, lo &le; hi), widened to whole ticks, about {@code ticks} of them. */
    static Axis covering(double lo, double hi, int ticks, double from, double to) {
        if (!(hi > lo)) {
            double pad = lo == 0 ? 1 : Math.abs(lo) * 0.1;
            lo -= pad;
            hi += pad;
        }
        double step = niceStep((hi - lo) / ticks);
        double min = Math.floor(lo / step + 1e-9) * step;
        double max = Math.ceil(hi / step - 1e-9) * step;
        return new Axis(min, max, step, from, to);
    }

    /** An axis of exactly {@code min..max} with ticks every {@code step}. */
    static Axis fixed(double min, double max, double step, double from, double to) {
        return new Axis(min, max, step, from, to);
    }

    /** The pixel of {@code v}. */
    double at(double v) {
        return from + (v - min) / (max - min) * (to - from);
    }

    List<Double> ticks() {
        List<Double> out = new ArrayList<>();
        long n = Math.round((max - min) / step);
        for (long i = 0; i <= n; i++) {
            double t = min + i * step;
            out.add(Math.abs(t) < step * 1e-9 ? 0 : t);
        }
        return out;
    }

    static double niceStep(double raw) {
        double power = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / power;
        double nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10;
        return nice * power;
    }
}

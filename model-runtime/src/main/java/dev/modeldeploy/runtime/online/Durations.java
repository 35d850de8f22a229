package dev.modeldeploy.runtime.online;

import java.time.Duration;

/** Durations for messages: {@code 20 ms}, {@code 1.5 s}, {@code 250 µs}. */
final class Durations {
    private Durations() {
    }

    static String format(Duration d) {
        long nanos = d.toNanos();
        if (nanos < 1_000_000) {
            return trim(nanos / 1_000.0) + " µs";
        }
        if (nanos < 1_000_000_000) {
            return trim(nanos / 1_000_000.0) + " ms";
        }
        return trim(nanos / 1_000_000_000.0) + " s";
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(java.util.Locale.ROOT, "%.3g", value);
    }
}

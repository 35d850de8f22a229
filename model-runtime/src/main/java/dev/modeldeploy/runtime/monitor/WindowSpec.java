package dev.modeldeploy.runtime.monitor;

import java.time.Duration;
import java.util.Objects;

/**
 * Which live values a drift figure covers: the last {@code size} predictions or the last {@code size}
 * of time, evaluated every {@code step}. Tumbling windows ({@code step == size}) do not overlap;
 * sliding ones ({@code step < size}, {@code size} a multiple of {@code step}) share panes of {@code step}
 * with their neighbours. Immutable.
 *
 * @param basis whether size and step count predictions or milliseconds
 * @param size  predictions, or milliseconds, per window
 * @param step  predictions, or milliseconds, between two evaluations
 */
public record WindowSpec(Basis basis, long size, long step) {
    /** What windows are measured in. */
    public enum Basis {
        /** Numbers of predictions. */
        RECORDS,
        /** Milliseconds of wall-clock time. */
        TIME
    }

    public WindowSpec {
        Objects.requireNonNull(basis, "basis");
        if (size <= 0 || step <= 0 || step > size || size % step != 0) {
            throw new IllegalArgumentException("a window's size and step must be positive, and the size a multiple of the step: size "
                    + size + ", step " + step);
        }
        if (size / step > 1_000) {
            throw new IllegalArgumentException("at most 1000 steps per window, got " + size / step);
        }
    }

    /** Consecutive windows of {@code records} predictions each. */
    public static WindowSpec tumblingRecords(long records) {
        return new WindowSpec(Basis.RECORDS, records, records);
    }

    /** Windows of the last {@code size} predictions, evaluated every {@code step} predictions. */
    public static WindowSpec slidingRecords(long size, long step) {
        return new WindowSpec(Basis.RECORDS, size, step);
    }

    /** Consecutive windows of {@code length} each. */
    public static WindowSpec tumblingTime(Duration length) {
        return new WindowSpec(Basis.TIME, length.toMillis(), length.toMillis());
    }

    /** Windows of the last {@code size} of time, evaluated every {@code step}. */
    public static WindowSpec slidingTime(Duration size, Duration step) {
        return new WindowSpec(Basis.TIME, size.toMillis(), step.toMillis());
    }

    /** One window that never closes by itself: everything until {@link DriftMonitor#flush()} (a batch run). */
    public static WindowSpec untilFlushed() {
        return new WindowSpec(Basis.RECORDS, Long.MAX_VALUE, Long.MAX_VALUE);
    }

    /** Panes per window. */
    int panes() {
        return Math.toIntExact(size / step);
    }
}

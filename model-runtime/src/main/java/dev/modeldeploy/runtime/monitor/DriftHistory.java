package dev.modeldeploy.runtime.monitor;

import java.util.ArrayDeque;
import java.util.List;

/**
 * Keeps a monitor's last window reports, for reports and dashboards: add it as a {@link DriftListener}
 * and read {@link #reports()}. Thread-safe.
 */
public final class DriftHistory implements DriftListener {
    private final int capacity;
    private final ArrayDeque<DriftReport> reports; // guarded by this

    private DriftHistory(int capacity) {
        this.capacity = capacity;
        this.reports = new ArrayDeque<>(Math.min(capacity, 1024));
    }

    /** A history of the last {@code capacity} windows. */
    public static DriftHistory lastWindows(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a drift history keeps at least one window, got " + capacity);
        }
        return new DriftHistory(capacity);
    }

    @Override
    public synchronized void onReport(DriftReport report) {
        if (reports.size() == capacity) {
            reports.removeFirst();
        }
        reports.addLast(report);
    }

    /** The kept reports, oldest first. */
    public synchronized List<DriftReport> reports() {
        return List.copyOf(reports);
    }
}

package dev.modeldeploy.runtime.monitor;

/**
 * Hears what a {@link DriftMonitor} measures: every window's report, and an alert per figure that
 * passed its threshold. Called on the monitor's evaluation thread, never on a request's; a listener
 * that throws is logged and ignored. Implementations must be thread-safe.
 */
public interface DriftListener {
    /** A window was evaluated (called before its alerts). */
    default void onReport(DriftReport report) {
    }

    /** A figure passed its threshold. */
    default void onAlert(DriftAlert alert) {
    }
}

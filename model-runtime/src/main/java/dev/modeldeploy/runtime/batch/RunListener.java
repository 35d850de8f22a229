package dev.modeldeploy.runtime.batch;

/**
 * Hears about a batch run: progress bars, progress lines, notifications, metrics. Called from worker
 * threads (progress) and the runner's thread (start, finish); implementations must be thread-safe and
 * quick. A listener that throws is logged and ignored: it never fails a run.
 */
public interface RunListener {
    /** An attempt starts. */
    default void onStart(RunInfo run) {
    }

    /** A chunk was committed. */
    default void onProgress(RunProgress progress) {
    }

    /** An attempt ended (successfully or not). */
    default void onFinish(RunSummary summary) {
    }
}

package dev.modeldeploy.runtime.online.internal;

import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The one timer thread, shared by every predictor in the process, that answers async requests whose
 * deadline passes. Its tasks only claim a request and complete it with a timeout or a default answer;
 * anything heavier (a previous-version fallback) is handed to the predictor's workers.
 */
final class Deadlines {
    private static final ScheduledThreadPoolExecutor TIMER = newTimer();

    private Deadlines() {
    }

    private static ScheduledThreadPoolExecutor newTimer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "modeldeploy-online-deadlines");
            t.setDaemon(true);
            return t;
        });
        // Most requests answer in time: drop their cancelled tasks at once instead of at their deadline.
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    /** Runs {@code task} in {@code delayNanos} (at once if not positive). */
    static Future<?> schedule(Runnable task, long delayNanos) {
        return TIMER.schedule(task, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
    }
}

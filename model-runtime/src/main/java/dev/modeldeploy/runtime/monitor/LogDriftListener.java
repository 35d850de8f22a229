package dev.modeldeploy.runtime.monitor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs every alert as a warning and every report at debug level. Stateless and thread-safe. */
public final class LogDriftListener implements DriftListener {
    /** The shared instance. */
    public static final LogDriftListener INSTANCE = new LogDriftListener();
    private static final Logger LOG = LoggerFactory.getLogger(LogDriftListener.class);

    private LogDriftListener() {
    }

    @Override
    public void onReport(DriftReport report) {
        LOG.debug("drift window #{} of {}/{}: {} predictions, {} figures, {} alerts", report.window().sequence(), report.model(),
                report.version(), report.window().records(), report.results().size(), report.alerts().size());
    }

    @Override
    public void onAlert(DriftAlert alert) {
        LOG.warn("{}", alert.describe());
    }
}

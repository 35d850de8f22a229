package dev.modeldeploy.runtime.features;

import java.time.Duration;

/** A feature lookup did not finish within its deadline ({@link DeadlineFeatureSource}). */
public class FeatureTimeoutException extends FeatureLookupException {
    private final Duration timeout;

    public FeatureTimeoutException(String source, Duration timeout) {
        super("feature lookup in " + source + " did not finish within " + timeout.toMillis() + " ms");
        this.timeout = timeout;
    }

    /** The deadline that passed. */
    public Duration timeout() {
        return timeout;
    }
}

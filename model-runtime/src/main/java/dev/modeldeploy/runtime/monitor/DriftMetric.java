package dev.modeldeploy.runtime.monitor;

/**
 * How a window of live values is compared with the training baseline, bin for bin.
 */
public enum DriftMetric {
    /**
     * Population stability index, {@code Σ (live − train) · ln(live / train)} over bin shares (each bin
     * smoothed by half a count, so that empty bins stay finite). Drift when it reaches the threshold;
     * the usual reading: below 0.1 stable, 0.1–0.25 moderate shift, above 0.25 large shift.
     */
    PSI(true),
    /**
     * The two-sample Kolmogorov–Smirnov test on the binned numeric values, spread evenly within their
     * bins (Apache Commons Statistics, asymptotic p-value). The value is the p-value; drift when it falls
     * below the threshold (the significance level).
     */
    KS(false),
    /**
     * The χ² test that training and live category counts come from one distribution (Apache Commons
     * Statistics, two-sample form). The value is the p-value; drift when it falls below the threshold.
     */
    CHI_SQUARED(false);

    private final boolean higherIsWorse;

    DriftMetric(boolean higherIsWorse) {
        this.higherIsWorse = higherIsWorse;
    }

    /** Whether {@code value} passes {@code threshold}: at or above it for PSI, below it for the tests' p-values. */
    public boolean passes(double value, double threshold) {
        if (Double.isNaN(value)) {
            return false;
        }
        return higherIsWorse ? value >= threshold : value < threshold;
    }
}

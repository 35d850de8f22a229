package dev.modeldeploy.runtime.monitor;

/**
 * The threshold of each {@link DriftMetric}: the PSI at which a signal counts as drifted, and the
 * significance levels of the KS and χ² tests. Each test is run per signal and window, so with many
 * signals some false alarms are expected at a loose level: lower the levels, or watch PSI only.
 * Immutable.
 *
 * @param psi              PSI at or above which a signal has drifted (default 0.2)
 * @param ksPValue         KS p-value below which a numeric signal has drifted (default 0.01)
 * @param chiSquaredPValue χ² p-value below which a categorical signal has drifted (default 0.01)
 */
public record DriftThresholds(double psi, double ksPValue, double chiSquaredPValue) {
    private static final DriftThresholds DEFAULTS = new DriftThresholds(0.2, 0.01, 0.01);

    public DriftThresholds {
        if (!(psi > 0) || !(ksPValue > 0 && ksPValue < 1) || !(chiSquaredPValue > 0 && chiSquaredPValue < 1)) {
            throw new IllegalArgumentException("PSI threshold must be positive and significance levels in (0, 1): " + psi
                    + ", " + ksPValue + ", " + chiSquaredPValue);
        }
    }

    /** PSI 0.2, KS and χ² at the 1 % level. */
    public static DriftThresholds defaults() {
        return DEFAULTS;
    }

    /** The threshold of one metric. */
    public double of(DriftMetric metric) {
        return switch (metric) {
            case PSI -> psi;
            case KS -> ksPValue;
            case CHI_SQUARED -> chiSquaredPValue;
        };
    }

    public DriftThresholds withPsi(double value) {
        return new DriftThresholds(value, ksPValue, chiSquaredPValue);
    }

    public DriftThresholds withKsPValue(double value) {
        return new DriftThresholds(psi, value, chiSquaredPValue);
    }

    public DriftThresholds withChiSquaredPValue(double value) {
        return new DriftThresholds(psi, ksPValue, value);
    }
}

package dev.modeldeploy.runtime.monitor;

import java.util.Arrays;
import java.util.Objects;

/**
 * The live counts of one signal in one window, in the bins of its {@link SignalBaseline}, so that a
 * report can draw training and live histograms side by side. Immutable.
 */
public final class SignalCounts {
    private final SignalBaseline baseline;
    private final long[] bins;
    private final long missing;

    /**
     * @param baseline the signal's training distribution
     * @param bins     live counts in its bins
     * @param missing  live values that were missing
     */
    public SignalCounts(SignalBaseline baseline, long[] bins, long missing) {
        this.baseline = Objects.requireNonNull(baseline, "baseline");
        if (bins.length != baseline.binCount()) {
            throw new IllegalArgumentException("signal " + baseline.name() + " has " + baseline.binCount() + " bins, got "
                    + bins.length + " counts");
        }
        this.bins = bins.clone();
        this.missing = missing;
    }

    public SignalBaseline baseline() {
        return baseline;
    }

    public String name() {
        return baseline.name();
    }

    public SignalSource source() {
        return baseline.source();
    }

    /** Live counts per bin (a copy). */
    public long[] bins() {
        return bins.clone();
    }

    /** Live values in bins (not missing). */
    public long count() {
        return DriftStatistics.total(bins);
    }

    /** Live values that were missing. */
    public long missing() {
        return missing;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SignalCounts c && baseline.equals(c.baseline) && Arrays.equals(bins, c.bins) && missing == c.missing;
    }

    @Override
    public int hashCode() {
        return 31 * baseline.hashCode() + Arrays.hashCode(bins);
    }

    @Override
    public String toString() {
        return "SignalCounts[" + baseline.name() + ", " + Arrays.toString(bins) + ", missing " + missing + "]";
    }
}

package dev.modeldeploy.runtime.report;

import dev.modeldeploy.runtime.monitor.SignalCounts;
import dev.modeldeploy.runtime.monitor.SignalSource;

import java.util.List;
import java.util.Objects;

/**
 * One signal's training and live counts over the same bins, drawn side by side. Immutable.
 *
 * @param signal   the input field or prediction part
 * @param source   input or output
 * @param bins     the bins' labels, in order
 * @param baseline training counts per bin
 * @param live     live counts per bin
 */
public record Histogram(String signal, SignalSource source, List<String> bins, long[] baseline, long[] live) {
    public Histogram {
        Objects.requireNonNull(signal, "signal");
        Objects.requireNonNull(source, "source");
        bins = List.copyOf(bins);
        baseline = baseline.clone();
        live = live.clone();
        if (baseline.length != bins.size() || live.length != bins.size()) {
            throw new IllegalArgumentException("histogram of " + signal + ": " + bins.size() + " bins, "
                    + baseline.length + " training counts, " + live.length + " live counts");
        }
    }

    /** The histogram of a monitor's window counts. */
    public static Histogram of(SignalCounts counts) {
        return new Histogram(counts.name(), counts.source(), counts.baseline().binLabels(), counts.baseline().bins(),
                counts.bins());
    }

    @Override
    public long[] baseline() {
        return baseline.clone();
    }

    @Override
    public long[] live() {
        return live.clone();
    }
}

package dev.modeldeploy.runtime.monitor;

import org.apache.commons.statistics.inference.ChiSquareTest;
import org.apache.commons.statistics.inference.KolmogorovSmirnovTest;
import org.apache.commons.statistics.inference.PValueMethod;
import org.apache.commons.statistics.inference.SignificanceResult;

import java.util.ArrayList;
import java.util.List;

/** Computes the drift figures of one signal's live counts against its baseline. Stateless. */
final class DriftStatistics {
    // Asymptotic: windows hold thousands of values, where the exact distribution costs much and adds nothing.
    private static final KolmogorovSmirnovTest KS = KolmogorovSmirnovTest.withDefaults().with(PValueMethod.ASYMPTOTIC);
    private static final ChiSquareTest CHI_SQUARED = ChiSquareTest.withDefaults();

    private DriftStatistics() {
    }

    /** PSI over bin shares, each bin smoothed by half a count so that empty bins stay finite. */
    static double psi(long[] expected, long[] actual) {
        double e = total(expected) + 0.5 * expected.length;
        double a = total(actual) + 0.5 * actual.length;
        double psi = 0;
        for (int i = 0; i < expected.length; i++) {
            double pe = (expected[i] + 0.5) / e;
            double pa = (actual[i] + 0.5) / a;
            psi += (pa - pe) * Math.log(pa / pe);
        }
        return psi;
    }

    /**
     * The two-sample KS test on values binned alike: the values of bin {@code b} stand spread evenly
     * over {@code [b, b + 1)}, as if uniform within their bin. Without the spread every value of a bin
     * would tie, and the library's handling of ties costs ten times as much for the same p-value
     * (within the discreteness of the bins).
     */
    static SignificanceResult ks(long[] expected, long[] actual) {
        return KS.test(spread(expected), spread(actual));
    }

    /** The χ² test that both count vectors come from one distribution; bins empty in both are left out. */
    static SignificanceResult chiSquared(long[] expected, long[] actual) {
        int used = 0;
        for (int i = 0; i < expected.length; i++) {
            if (expected[i] + actual[i] > 0) {
                used++;
            }
        }
        if (used < 2) {
            return null;
        }
        long[] x = new long[used];
        long[] y = new long[used];
        for (int i = 0, j = 0; i < expected.length; i++) {
            if (expected[i] + actual[i] > 0) {
                x[j] = expected[i];
                y[j++] = actual[i];
            }
        }
        return CHI_SQUARED.test(x, y);
    }

    /** Every figure that applies to a signal: PSI, then KS (numeric) or χ² (categorical). */
    static List<DriftResult> evaluate(SignalCounts live, DriftThresholds thresholds) {
        SignalBaseline b = live.baseline();
        long[] expected = b.bins();
        long[] actual = live.bins();
        List<DriftResult> out = new ArrayList<>(2);
        double psi = psi(expected, actual);
        out.add(result(b, DriftMetric.PSI, psi, psi, thresholds));
        if (b.kind() == SignalKind.NUMERIC) {
            SignificanceResult ks = ks(expected, actual);
            out.add(result(b, DriftMetric.KS, ks.getStatistic(), ks.getPValue(), thresholds));
        } else {
            SignificanceResult chi = chiSquared(expected, actual);
            if (chi != null) {
                out.add(result(b, DriftMetric.CHI_SQUARED, chi.getStatistic(), chi.getPValue(), thresholds));
            }
        }
        return out;
    }

    private static DriftResult result(SignalBaseline b, DriftMetric metric, double statistic, double value, DriftThresholds t) {
        double threshold = t.of(metric);
        return new DriftResult(b.name(), b.source(), metric, statistic, value, threshold, metric.passes(value, threshold));
    }

    private static double[] spread(long[] counts) {
        double[] values = new double[Math.toIntExact(total(counts))];
        int at = 0;
        for (int bin = 0; bin < counts.length; bin++) {
            long n = counts[bin];
            for (long j = 0; j < n; j++) {
                values[at++] = bin + (j + 0.5) / n;
            }
        }
        return values;
    }

    /** The sum of a histogram's counts. */
    static long total(long[] counts) {
        long n = 0;
        for (long c : counts) {
            n += c;
        }
        return n;
    }
}

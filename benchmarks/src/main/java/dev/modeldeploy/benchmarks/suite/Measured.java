package dev.modeldeploy.benchmarks.suite;

import java.util.Map;

/**
 * One benchmark result as JMH's JSON reports it, or several runs of it merged by {@link Results}.
 *
 * @param benchmark  fully qualified benchmark name
 * @param mode       JMH mode ({@code avgt}, {@code thrpt}, {@code ss}, {@code sample})
 * @param params     parameter values
 * @param score      primary score (of merged runs: the mean of all their measured iterations)
 * @param error      the primary score's 99.9 % error (NaN when JMH could not compute one; of merged runs:
 *                   over all their measured iterations)
 * @param unit       the primary score's unit
 * @param allocBytes bytes allocated per operation ({@code gc.alloc.rate.norm}; of merged runs: the mean of
 *                   theirs), NaN without {@code -prof gc}
 * @param percentiles  the score at each percentile JMH reports, keyed by the percentile ({@code 99.0}):
 *                     in sample mode over every call's time, in other modes over the iterations' scores
 */
public record Measured(String benchmark, String mode, Map<String, String> params, double score, double error,
                       String unit, double allocBytes, Map<Double, Double> percentiles) {

    public Measured {
        params = Map.copyOf(params);
        percentiles = Map.copyOf(percentiles);
    }

    /** A result without percentiles. */
    public Measured(String benchmark, String mode, Map<String, String> params, double score, double error, String unit,
                    double allocBytes) {
        this(benchmark, mode, params, score, error, unit, allocBytes, Map.of());
    }

    /**
     * The score at a percentile, in {@link #unit()}.
     *
     * @throws IllegalStateException if the result has no such percentile
     */
    public double percentile(double percentile) {
        Double value = percentiles.get(percentile);
        if (value == null) {
            throw new IllegalStateException(benchmark + params + " has no " + percentile + "th percentile (it has "
                    + percentiles.keySet() + ")");
        }
        return value;
    }

    /** Whether a higher score is better (throughput) rather than lower (time). */
    public boolean higherIsBetter() {
        return mode.equals("thrpt");
    }
}

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
 */
public record Measured(String benchmark, String mode, Map<String, String> params, double score, double error,
                       String unit, double allocBytes) {

    public Measured {
        params = Map.copyOf(params);
    }

    /** Whether a higher score is better (throughput) rather than lower (time). */
    public boolean higherIsBetter() {
        return mode.equals("thrpt");
    }
}

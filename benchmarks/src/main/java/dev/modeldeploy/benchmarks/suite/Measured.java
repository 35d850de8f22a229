package dev.modeldeploy.benchmarks.suite;

import java.util.Map;

/**
 * One benchmark result as JMH's JSON reports it.
 *
 * @param benchmark  fully qualified benchmark name
 * @param mode       JMH mode ({@code avgt}, {@code thrpt}, {@code ss}, {@code sample})
 * @param params     parameter values
 * @param score      primary score
 * @param error      the primary score's 99.9 % error (NaN when JMH could not compute one)
 * @param unit       the primary score's unit
 * @param allocBytes bytes allocated per operation ({@code gc.alloc.rate.norm}), NaN without {@code -prof gc}
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

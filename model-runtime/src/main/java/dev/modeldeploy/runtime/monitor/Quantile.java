package dev.modeldeploy.runtime.monitor;

/**
 * One quantile of a numeric signal's training distribution.
 *
 * @param probability the cumulative probability, in [0, 1]
 * @param value       the value below which that share of the training rows fall
 */
public record Quantile(double probability, double value) {
    public Quantile {
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("a quantile's probability lies in [0, 1], got " + probability);
        }
    }
}

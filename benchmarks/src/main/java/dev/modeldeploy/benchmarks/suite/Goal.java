package dev.modeldeploy.benchmarks.suite;

import java.util.Locale;

/**
 * What an issue asked of a figure: at least or at most a threshold.
 *
 * @param atLeast   whether the figure must reach the threshold from above (else stay under it)
 * @param threshold the limit, in the figure's own terms
 * @param text      how the goal reads in the summary, such as {@code "≥ 2×"}
 */
public record Goal(boolean atLeast, double threshold, String text) {

    public static Goal atLeast(double threshold, String text) {
        return new Goal(true, threshold, text);
    }

    public static Goal atMost(double threshold, String text) {
        return new Goal(false, threshold, text);
    }

    /** Whether a value meets the goal. */
    public boolean metBy(double value) {
        return atLeast ? value >= threshold : value <= threshold;
    }

    @Override
    public String toString() {
        return text.isEmpty() ? String.format(Locale.ROOT, "%s %s", atLeast ? "≥" : "≤", threshold) : text;
    }
}

package dev.modeldeploy.testkit;

/**
 * How far two numbers may be apart and still count as equal: {@code expected} and {@code actual}
 * match when {@code |actual − expected| ≤ absolute} or {@code |actual − expected| ≤ relative × max(|expected|, |actual|)}.
 * Two NaNs match; an infinity matches only the same infinity. Whole numbers ({@code int},
 * {@code long}, {@code BigInteger}) are always compared exactly.
 *
 * <p>The absolute bound serves values near zero, the relative one large values: float32 arithmetic
 * carries about 7 significant digits, so a batch kernel that sums in another order may differ from
 * the single-record path in the last digits. Immutable and thread-safe.
 *
 * @param absolute the largest accepted absolute difference (≥ 0)
 * @param relative the largest accepted difference relative to the larger magnitude (≥ 0)
 */
public record Tolerance(double absolute, double relative) {
    private static final Tolerance EXACT = new Tolerance(0, 0);
    private static final Tolerance DEFAULT = new Tolerance(1e-6, 1e-6);

    public Tolerance {
        requireNonNegative(absolute, "absolute");
        requireNonNegative(relative, "relative");
    }

    private static void requireNonNegative(double value, String what) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(what + " tolerance must be a finite number >= 0, was " + value);
        }
    }

    /** Both bounds. */
    public static Tolerance of(double absolute, double relative) {
        return new Tolerance(absolute, relative);
    }

    /** Only an absolute bound. */
    public static Tolerance absolute(double absolute) {
        return new Tolerance(absolute, 0);
    }

    /** Only a relative bound. */
    public static Tolerance relative(double relative) {
        return new Tolerance(0, relative);
    }

    /** No difference at all (the same {@code double} value). */
    public static Tolerance exact() {
        return EXACT;
    }

    /** The kit's default: absolute 1e-6 and relative 1e-6. */
    public static Tolerance defaults() {
        return DEFAULT;
    }

    /** Whether {@code actual} is close enough to {@code expected}. */
    public boolean accepts(double expected, double actual) {
        if (Double.compare(expected, actual) == 0 || expected == actual) {
            return true; // Also two NaNs, and 0.0 against -0.0.
        }
        if (!Double.isFinite(expected) || !Double.isFinite(actual)) {
            return false;
        }
        double difference = Math.abs(actual - expected);
        return difference <= absolute || difference <= relative * Math.max(Math.abs(expected), Math.abs(actual));
    }

    @Override
    public String toString() {
        return this.equals(EXACT) ? "exact" : "absolute " + absolute + ", relative " + relative;
    }
}

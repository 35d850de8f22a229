package dev.modeldeploy.benchmarks.suite;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** A figure the summary reports, computed from one or more measured points of the same run. */
public sealed interface Figure {

    /** The points this figure needs measured. */
    List<Point> points();

    /** The figure's value from the run's results. */
    double value(Function<Point, Measured> results);

    /** The value as the summary prints it. */
    String format(double value);

    /** How many times faster the candidate ran than the baseline (higher is better). */
    record Speedup(Point candidate, Point baseline) implements Figure {
        @Override
        public List<Point> points() {
            return List.of(candidate, baseline);
        }

        @Override
        public double value(Function<Point, Measured> results) {
            return speedup(results.apply(candidate), results.apply(baseline));
        }

        @Override
        public String format(double value) {
            return ratio(value);
        }
    }

    /** The candidate's time as a multiple of the baseline's (lower is better). */
    record TimeRatio(Point candidate, Point baseline) implements Figure {
        @Override
        public List<Point> points() {
            return List.of(candidate, baseline);
        }

        @Override
        public double value(Function<Point, Measured> results) {
            return 1 / speedup(results.apply(candidate), results.apply(baseline));
        }

        @Override
        public String format(double value) {
            return ratio(value) + " time";
        }
    }

    /**
     * The speed-up the candidate gets from more threads ({@code one} to {@code two}) as a fraction of
     * the speed-up the baseline gets from the same change.
     */
    record Scaling(Point candidateOne, Point candidateTwo, Point baselineOne, Point baselineTwo) implements Figure {
        @Override
        public List<Point> points() {
            return List.of(candidateOne, candidateTwo, baselineOne, baselineTwo);
        }

        @Override
        public double value(Function<Point, Measured> results) {
            return speedup(results.apply(candidateTwo), results.apply(candidateOne))
                    / speedup(results.apply(baselineTwo), results.apply(baselineOne));
        }

        @Override
        public String format(double value) {
            return String.format(Locale.ROOT, "%.2f", value);
        }
    }

    /** The time the candidate adds to the baseline's, in the benchmark's unit. */
    record AddedTime(Point candidate, Point baseline) implements Figure {
        @Override
        public List<Point> points() {
            return List.of(candidate, baseline);
        }

        @Override
        public double value(Function<Point, Measured> results) {
            Measured c = results.apply(candidate);
            Measured b = results.apply(baseline);
            sameUnit(c, b);
            if (c.higherIsBetter()) {
                throw new IllegalStateException("added time needs time modes: " + candidate);
            }
            return c.score() - b.score();
        }

        @Override
        public String format(double value) {
            return String.format(Locale.ROOT, "%+.1f", value);
        }
    }

    /** Bytes per operation the candidate allocates beyond the baseline ({@code -prof gc}). */
    record AddedAllocation(Point candidate, Point baseline) implements Figure {
        @Override
        public List<Point> points() {
            return List.of(candidate, baseline);
        }

        @Override
        public double value(Function<Point, Measured> results) {
            return results.apply(candidate).allocBytes() - results.apply(baseline).allocBytes();
        }

        @Override
        public String format(double value) {
            return String.format(Locale.ROOT, "%+.0f B/op", value);
        }
    }

    /** One benchmark's own score. */
    record Score(Point point) implements Figure {
        @Override
        public List<Point> points() {
            return List.of(point);
        }

        @Override
        public double value(Function<Point, Measured> results) {
            return results.apply(point).score();
        }

        @Override
        public String format(double value) {
            return value >= 100 ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.2f", value);
        }
    }

    /** One sample-mode benchmark's score at a percentile, in microseconds. */
    record Percentile(Point point, double percentile) implements Figure {
        @Override
        public List<Point> points() {
            return List.of(point);
        }

        @Override
        public double value(Function<Point, Measured> results) {
            return percentileNanos(results.apply(point), percentile) / 1_000;
        }

        @Override
        public String format(double value) {
            return String.format(Locale.ROOT, "%,.0f µs", value);
        }
    }

    /**
     * A latency percentile as a multiple of its budget: a fixed allowance plus a number of times another
     * benchmark's average time (such as {@code maxDelay} plus two batch times). At most 1 is within budget.
     *
     * @param latency         a sample-mode benchmark
     * @param percentile      which of its percentiles, such as 99
     * @param step            a benchmark whose average time is one step of the budget
     * @param steps           how many steps the budget allows
     * @param allowanceMicros the budget's fixed part, in microseconds
     */
    record LatencyBudget(Point latency, double percentile, Point step, int steps, double allowanceMicros) implements Figure {
        @Override
        public List<Point> points() {
            return List.of(latency, step);
        }

        @Override
        public double value(Function<Point, Measured> results) {
            Measured l = results.apply(latency);
            Measured s = results.apply(step);
            if (s.higherIsBetter()) {
                throw new IllegalStateException("a budget step needs a time mode: " + step);
            }
            double budgetNanos = allowanceMicros * 1_000 + steps * s.score() * nanosPer(s);
            return percentileNanos(l, percentile) / budgetNanos;
        }

        @Override
        public String format(double value) {
            return ratio(value) + " budget";
        }
    }

    /**
     * A latency percentile in nanoseconds: only sample mode has it over every call (other modes over
     * their iterations).
     */
    private static double percentileNanos(Measured m, double percentile) {
        if (!m.mode().equals("sample")) {
            throw new IllegalStateException("latency percentiles need sample mode: " + m.benchmark() + " ran in " + m.mode());
        }
        return m.percentile(percentile) * nanosPer(m);
    }

    /** Nanoseconds in a time mode's unit ({@code us/op}, ...). */
    private static double nanosPer(Measured m) {
        return switch (m.unit()) {
            case "ns/op" -> 1;
            case "us/op" -> 1e3;
            case "ms/op" -> 1e6;
            case "s/op" -> 1e9;
            default -> throw new IllegalStateException("not a time per operation: " + m.benchmark() + " in " + m.unit());
        };
    }

    private static double speedup(Measured candidate, Measured baseline) {
        sameUnit(candidate, baseline);
        return candidate.higherIsBetter() ? candidate.score() / baseline.score() : baseline.score() / candidate.score();
    }

    private static void sameUnit(Measured a, Measured b) {
        if (!a.unit().equals(b.unit()) || a.higherIsBetter() != b.higherIsBetter()) {
            throw new IllegalStateException("not comparable: " + a.benchmark() + " in " + a.unit() + " (" + a.mode()
                    + ") and " + b.benchmark() + " in " + b.unit() + " (" + b.mode() + ")");
        }
    }

    private static String ratio(double value) {
        return String.format(Locale.ROOT, "%.2f×", value);
    }
}

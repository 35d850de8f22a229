package dev.modeldeploy.benchmarks.suite;

import java.util.Optional;

/**
 * One line of the summary: a figure, what it means, and the goal an issue set for it (if any).
 *
 * @param area   what part of the library it is about ("ONNX", "Online", ...)
 * @param what   what the figure compares, in words
 * @param figure how it is computed from the run's results
 * @param goal   the goal, or null to report the figure alone
 */
public record Comparison(String area, String what, Figure figure, Goal goal) {

    public static Comparison of(String area, String what, Figure figure, Goal goal) {
        return new Comparison(area, what, figure, goal);
    }

    public static Comparison report(String area, String what, Figure figure) {
        return new Comparison(area, what, figure, null);
    }

    /** The goal, when an issue set one. */
    public Optional<Goal> goalIfAny() {
        return Optional.ofNullable(goal);
    }
}

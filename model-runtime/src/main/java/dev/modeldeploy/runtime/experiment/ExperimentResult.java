package dev.modeldeploy.runtime.experiment;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The analysis of one experiment: every arm's estimate and every non-control arm's comparison with the
 * control. Immutable; made to be rendered.
 *
 * @param metric      the metric kind
 * @param control     the control arm
 * @param level       the confidence level of every interval (and {@code 1 - level} the significance level)
 * @param arms        every arm, control first, then the others by name
 * @param comparisons one per non-control arm, in the order of {@code arms}
 */
public record ExperimentResult(MetricKind metric, String control, double level, List<ArmResult> arms,
                               List<Comparison> comparisons) {
    public ExperimentResult {
        arms = List.copyOf(arms);
        comparisons = List.copyOf(comparisons);
    }

    /** The named arm's estimate, if it had outcomes. */
    public Optional<ArmResult> arm(String name) {
        return arms.stream().filter(a -> a.arm().equals(name)).findFirst();
    }

    /** The named arm's comparison with control, if it is a non-control arm with outcomes. */
    public Optional<Comparison> comparison(String arm) {
        return comparisons.stream().filter(c -> c.arm().equals(arm)).findFirst();
    }

    /** Every comparison's verdict, one per line, followed by a note when p-values were adjusted. */
    public String verdict() {
        String lines = comparisons.stream().map(Comparison::verdict).collect(Collectors.joining("\n"));
        if (comparisons.size() > 1) {
            lines += "\n(" + comparisons.size() + " arms compared with " + control
                    + ": p-values are Bonferroni-adjusted, multiplied by " + comparisons.size() + ")";
        }
        return lines;
    }
}

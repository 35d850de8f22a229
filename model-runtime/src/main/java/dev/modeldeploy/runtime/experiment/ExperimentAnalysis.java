package dev.modeldeploy.runtime.experiment;

import org.apache.commons.statistics.descriptive.DoubleStatistics;
import org.apache.commons.statistics.descriptive.Statistic;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.apache.commons.statistics.distribution.TDistribution;
import org.apache.commons.statistics.inference.DataDispersion;
import org.apache.commons.statistics.inference.TTest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Collects an experiment's outcomes per arm and analyses them against the control arm.
 *
 * <p>Outcomes come from {@link #add(String, double)}, from a JDBC query ({@link OutcomeQuery}) or from the
 * assignment log joined with an outcomes file ({@link AssignmentJoin}). {@link #result()} then gives, per arm,
 * the count, mean (conversion rate), sample standard deviation and a confidence interval (Wilson score for
 * conversions, Student's t for means), and for each other arm against control the pooled two-proportion
 * z-test or Welch's t-test, with a plain verdict.
 *
 * <p><b>Several arms.</b> Each non-control arm is compared with control only. The raw p-values are reported,
 * and decisions use Bonferroni-adjusted ones ({@code min(1, p × (arms - 1))}), so the chance of any false
 * "better" stays at most {@code 1 - level}. Intervals of differences are not adjusted.
 *
 * <p><b>Too small to decide.</b> A comparison is {@link Decision#TOO_SMALL_TO_DECIDE}, whatever its p-value,
 * when: either arm has fewer than {@link Builder#minPerArm(long) minPerArm} outcomes (default 30); for
 * conversions, either arm's expected successes or failures under the pooled rate ({@code n·p̄},
 * {@code n·(1 - p̄)}) are below 10, where the z-test's normal approximation fails; neither arm varies (no
 * test is defined); or, when a {@link Builder#minimumEffect(double) minimum effect} worth detecting is set,
 * the difference is not significant and the minimum detectable effect (80 % power) is larger than it, so
 * "no difference" would only mean "not enough data".
 *
 * <p>Not thread-safe: feed it from one thread, or synchronize.
 */
public final class ExperimentAnalysis {
    /** Power used for the minimum detectable effect. */
    private static final double POWER = 0.8;
    private static final double MIN_EXPECTED = 10;
    private static final NormalDistribution STANDARD_NORMAL = NormalDistribution.of(0, 1);

    private final Settings config;
    private final Map<String, Outcomes> arms = new TreeMap<>();

    private ExperimentAnalysis(Settings config) {
        this.config = config;
    }

    /** Options of an analysis of {@code metric} against the arm named {@code control}. */
    public static Builder builder(MetricKind metric, String control) {
        return new Builder(metric, control);
    }

    /** An analysis of conversions (0/1 outcomes) against {@code control}, with default options. */
    public static ExperimentAnalysis conversion(String control) {
        return builder(MetricKind.CONVERSION, control).build();
    }

    /** An analysis of means against {@code control}, with default options. */
    public static ExperimentAnalysis mean(String control) {
        return builder(MetricKind.MEAN, control).build();
    }

    /** The metric kind. */
    public MetricKind metric() {
        return config.metric();
    }

    /**
     * Adds one outcome of {@code arm}.
     *
     * @throws ExperimentException for a conversion other than 0 or 1, or a value that is not finite
     */
    public ExperimentAnalysis add(String arm, double value) {
        Objects.requireNonNull(arm, "arm");
        if (!Double.isFinite(value)) {
            throw new ExperimentException("outcome of arm " + arm + " is not a finite number: " + value);
        }
        if (config.metric() == MetricKind.CONVERSION && value != 0 && value != 1) {
            throw new ExperimentException("a conversion outcome is 0 or 1, arm " + arm + " got " + value);
        }
        arms.computeIfAbsent(arm, a -> new Outcomes()).accept(value);
        return this;
    }

    /**
     * The analysis of the outcomes added so far.
     *
     * @throws ExperimentException when the control arm has no outcomes
     */
    public ExperimentResult result() {
        Outcomes control = arms.get(config.control());
        if (control == null) {
            throw new ExperimentException("control arm " + config.control() + " has no outcomes (arms: " + arms.keySet() + ")");
        }
        List<ArmResult> armResults = new ArrayList<>();
        armResults.add(armResult(config.control(), control));
        arms.forEach((name, stats) -> {
            if (!name.equals(config.control())) {
                armResults.add(armResult(name, stats));
            }
        });
        int comparisons = armResults.size() - 1;
        List<Comparison> results = new ArrayList<>();
        for (ArmResult arm : armResults.subList(1, armResults.size())) {
            results.add(compare(arm, armResults.get(0), comparisons));
        }
        return new ExperimentResult(config.metric(), config.control(), config.level(), armResults, results);
    }

    private ArmResult armResult(String name, Outcomes outcomes) {
        long n = outcomes.stats.getCount();
        boolean conversion = config.metric() == MetricKind.CONVERSION;
        // Conversions: from the exact count of ones, so that rate and deviation do not depend on the order of outcomes.
        double mean = conversion ? (double) outcomes.ones / n : outcomes.stats.getAsDouble(Statistic.MEAN);
        double sd = n < 2 ? Double.NaN
                : conversion ? Math.sqrt((double) outcomes.ones * (n - outcomes.ones) / ((double) n * (n - 1)))
                : Math.sqrt(outcomes.stats.getAsDouble(Statistic.VARIANCE));
        Interval interval = conversion
                ? wilson(outcomes.ones, n, config.level())
                : tInterval(mean, sd, n, config.level());
        return new ArmResult(name, n, mean, sd, interval);
    }

    /** The Wilson score interval of {@code successes} out of {@code n}. */
    static Interval wilson(long successes, long n, double level) {
        double z = zQuantile(level);
        double p = (double) successes / n;
        double z2n = z * z / n;
        double center = (p + z2n / 2) / (1 + z2n);
        double half = z / (1 + z2n) * Math.sqrt(p * (1 - p) / n + z2n / (4.0 * n));
        return new Interval(Math.max(0, center - half), Math.min(1, center + half), level);
    }

    /** Student's t-interval of a mean. */
    static Interval tInterval(double mean, double sd, long n, double level) {
        if (n < 2) {
            return new Interval(Double.NaN, Double.NaN, level);
        }
        double half = TDistribution.of(n - 1).inverseSurvivalProbability((1 - level) / 2) * sd / Math.sqrt(n);
        return new Interval(mean - half, mean + half, level);
    }

    private static double zQuantile(double level) {
        return STANDARD_NORMAL.inverseSurvivalProbability((1 - level) / 2);
    }

    private Comparison compare(ArmResult arm, ArmResult control, int comparisons) {
        double level = config.level();
        double difference = arm.mean() - control.mean();
        List<String> warnings = new ArrayList<>();
        TestOutcome t = config.metric() == MetricKind.CONVERSION ? zTest(arm, control, warnings) : welchTest(arm, control);
        double df = t.degreesOfFreedom();
        double p = t.pValue();
        for (ArmResult a : List.of(control, arm)) {
            if (a.count() < config.minPerArm()) {
                warnings.add(a.arm() + " has " + a.count() + " outcomes; at least " + config.minPerArm() + " per arm are needed");
            }
        }
        if (Double.isNaN(p) && warnings.isEmpty()) {
            warnings.add("neither " + arm.arm() + " nor " + control.arm() + " varies, so no test applies");
        }
        double seUnpooled = Math.sqrt(t.varianceArm() / arm.count() + t.varianceControl() / control.count());
        double critical = config.metric() == MetricKind.CONVERSION || Double.isNaN(df)
                ? zQuantile(level) : TDistribution.of(df).inverseSurvivalProbability((1 - level) / 2);
        Interval differenceInterval = new Interval(difference - critical * seUnpooled, difference + critical * seUnpooled, level);
        double mde = (zQuantile(level) + STANDARD_NORMAL.inverseCumulativeProbability(POWER)) * seUnpooled;
        double adjusted = Math.min(1, p * comparisons);
        boolean significant = adjusted < 1 - level;
        if (warnings.isEmpty() && !significant && config.minimumEffect() > 0 && mde > config.minimumEffect()) {
            warnings.add(String.format(Locale.ROOT,
                    "these samples detect only differences of %s or more (80 %% power), above the minimum effect of %s",
                    VerdictText.amount(config.metric(), mde), VerdictText.amount(config.metric(), config.minimumEffect())));
        }
        Decision decision;
        if (!warnings.isEmpty()) {
            decision = Decision.TOO_SMALL_TO_DECIDE;
        } else if (!significant) {
            decision = Decision.NO_SIGNIFICANT_DIFFERENCE;
        } else {
            decision = (difference > 0) == config.higherIsBetter() ? Decision.BETTER : Decision.WORSE;
        }
        String verdict = VerdictText.of(config.metric(), config.higherIsBetter(), arm, control, decision, difference,
                differenceInterval, p, adjusted, comparisons, warnings);
        return new Comparison(arm.arm(), control.arm(), t.name(), difference, differenceInterval, t.statistic(), df, p, adjusted,
                mde, decision, verdict, warnings);
    }

    /** A test's figures, and the per-outcome variances the difference's interval uses. */
    private record TestOutcome(String name, double statistic, double degreesOfFreedom, double pValue,
                               double varianceArm, double varianceControl) {
    }

    /** The pooled two-proportion z-test; adds a warning per arm whose expected counts are too small for it. */
    private static TestOutcome zTest(ArmResult arm, ArmResult control, List<String> warnings) {
        double pooled = (arm.mean() * arm.count() + control.mean() * control.count()) / (arm.count() + control.count());
        double se = Math.sqrt(pooled * (1 - pooled) * (1.0 / arm.count() + 1.0 / control.count()));
        double z = se == 0 ? Double.NaN : (arm.mean() - control.mean()) / se;
        double p = se == 0 ? Double.NaN : 2 * STANDARD_NORMAL.survivalProbability(Math.abs(z));
        for (ArmResult a : List.of(control, arm)) {
            double successes = a.count() * pooled;
            double failures = a.count() * (1 - pooled);
            if (successes < MIN_EXPECTED || failures < MIN_EXPECTED) {
                warnings.add(String.format(Locale.ROOT,
                        "%s expects %.1f conversions and %.1f non-conversions at the pooled rate; the z-test needs at least %d of each",
                        a.arm(), successes, failures, (int) MIN_EXPECTED));
            }
        }
        return new TestOutcome("two-proportion z-test (pooled)", z, Double.NaN, p,
                arm.mean() * (1 - arm.mean()), control.mean() * (1 - control.mean()));
    }

    /** Welch's t-test; NaN figures when an arm has fewer than two outcomes or neither varies. */
    private static TestOutcome welchTest(ArmResult arm, ArmResult control) {
        double varArm = arm.count() < 2 ? Double.NaN : arm.standardDeviation() * arm.standardDeviation();
        double varControl = control.count() < 2 ? Double.NaN : control.standardDeviation() * control.standardDeviation();
        if (!(varArm + varControl > 0)) {
            return new TestOutcome("Welch's t-test", Double.NaN, Double.NaN, Double.NaN, varArm, varControl);
        }
        TTest.Result r = TTest.withDefaults().with(DataDispersion.HETEROSCEDASTIC)
                .test(arm.mean(), varArm, arm.count(), control.mean(), varControl, control.count());
        return new TestOutcome("Welch's t-test", r.getStatistic(), r.getDegreesOfFreedom(), r.getPValue(), varArm, varControl);
    }

    /** One arm's running figures. */
    private static final class Outcomes {
        final DoubleStatistics stats = DoubleStatistics.of(Statistic.MEAN, Statistic.VARIANCE);
        long ones;

        void accept(double value) {
            stats.accept(value);
            if (value == 1) {
                ones++;
            }
        }
    }

    private record Settings(MetricKind metric, String control, double level, long minPerArm, double minimumEffect,
                            boolean higherIsBetter) {
    }

    /** Options of an {@link ExperimentAnalysis}; a builder used from one thread. */
    public static final class Builder {
        private final MetricKind metric;
        private final String control;
        private double level = 0.95;
        private long minPerArm = 30;
        private double minimumEffect;
        private boolean higherIsBetter = true;

        private Builder(MetricKind metric, String control) {
            this.metric = Objects.requireNonNull(metric, "metric");
            this.control = Objects.requireNonNull(control, "control");
        }

        /** The confidence level of intervals; {@code 1 - level} is the significance level. Default 0.95. */
        public Builder level(double level) {
            if (!(level > 0 && level < 1)) {
                throw new IllegalArgumentException("level must be in (0, 1): " + level);
            }
            this.level = level;
            return this;
        }

        /** Fewer outcomes than this in an arm make its comparison too small to decide. Default 30. */
        public Builder minPerArm(long minPerArm) {
            if (minPerArm < 2) {
                throw new IllegalArgumentException("minPerArm must be at least 2: " + minPerArm);
            }
            this.minPerArm = minPerArm;
            return this;
        }

        /**
         * The smallest absolute difference worth detecting (conversions: a proportion, 0.01 = 1 point). When set,
         * a non-significant comparison whose minimum detectable effect is larger is too small to decide. Default:
         * unset.
         */
        public Builder minimumEffect(double minimumEffect) {
            if (!(minimumEffect > 0)) {
                throw new IllegalArgumentException("minimumEffect must be positive: " + minimumEffect);
            }
            this.minimumEffect = minimumEffect;
            return this;
        }

        /** Lower outcomes are better (latency, churn); the default is higher is better. */
        public Builder lowerIsBetter() {
            this.higherIsBetter = false;
            return this;
        }

        /** A new, empty analysis with these options. */
        public ExperimentAnalysis build() {
            return new ExperimentAnalysis(new Settings(metric, control, level, minPerArm, minimumEffect, higherIsBetter));
        }
    }
}

package dev.modeldeploy.runtime.rollout;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How a {@link Deployment} splits its traffic between variants: one variant, a canary, A/B flighting or
 * a Thompson-sampling bandit. Immutable values; a deployment swaps one for another atomically.
 *
 * <p>Canary and flighting assign units by {@link UnitHash#position} salted with the experiment's name,
 * so assignments are stable across requests, processes and restarts. A canary's share can grow
 * without moving anyone out: a unit in at 10 % is still in at 30 %.
 */
public sealed interface RoutingPolicy permits RoutingPolicy.Single, RoutingPolicy.Canary, RoutingPolicy.Flighting,
        RoutingPolicy.Bandit {

    /** The experiment's name, which salts the unit hash; the deployment's name for {@link Single}. */
    String experiment();

    /** Every variant that takes live traffic under this policy, in a stable order. */
    List<String> variants();

    /**
     * Every request to one variant.
     *
     * @param experiment the label logged with each answer (the deployment's name)
     * @param variant    the variant
     */
    record Single(String experiment, String variant) implements RoutingPolicy {
        public Single {
            Objects.requireNonNull(experiment, "experiment");
            Objects.requireNonNull(variant, "variant");
        }

        @Override
        public List<String> variants() {
            return List.of(variant);
        }
    }

    /**
     * A share of the units to a candidate, the rest to the control.
     *
     * @param experiment the salt of the unit hash
     * @param control    the variant the other units get
     * @param candidate  the variant on trial
     * @param share      the share of units the candidate gets, in {@code [0, 1]}
     */
    record Canary(String experiment, String control, String candidate, double share) implements RoutingPolicy {
        public Canary {
            Objects.requireNonNull(experiment, "experiment");
            Objects.requireNonNull(control, "control");
            Objects.requireNonNull(candidate, "candidate");
            if (control.equals(candidate)) {
                throw new IllegalArgumentException("the candidate must differ from the control: " + candidate);
            }
            checkShare("share", share);
        }

        @Override
        public List<String> variants() {
            return List.of(control, candidate);
        }
    }

    /**
     * A/B(/n) flighting: each unit to one arm, with probability proportional to the arm's weight.
     *
     * @param experiment the salt of the unit hash
     * @param arms       the arms, in order (the order fixes which hash range each arm owns)
     */
    record Flighting(String experiment, List<Arm> arms) implements RoutingPolicy {
        public Flighting {
            Objects.requireNonNull(experiment, "experiment");
            arms = List.copyOf(arms);
            distinct(arms.stream().map(Arm::variant).toList());
            if (arms.stream().mapToDouble(Arm::weight).sum() <= 0) {
                throw new IllegalArgumentException("flighting needs an arm with a positive weight");
            }
        }

        @Override
        public List<String> variants() {
            return arms.stream().map(Arm::variant).toList();
        }
    }

    /**
     * A multi-armed bandit: every request goes to the arm whose sample from its Beta posterior (of the
     * rewards given through {@link Deployment#reward}) is highest, so traffic moves to the better arm as
     * evidence accumulates. Not sticky: a unit may see different arms.
     *
     * @param experiment the experiment's name (the posteriors belong to it)
     * @param arms       the arms
     */
    record Bandit(String experiment, List<String> arms) implements RoutingPolicy {
        public Bandit {
            Objects.requireNonNull(experiment, "experiment");
            arms = List.copyOf(arms);
            distinct(arms);
            if (arms.isEmpty()) {
                throw new IllegalArgumentException("a bandit needs at least one arm");
            }
        }

        @Override
        public List<String> variants() {
            return arms;
        }
    }

    /**
     * One arm of a {@link Flighting}.
     *
     * @param variant the variant
     * @param weight  its relative weight, {@code >= 0}
     */
    record Arm(String variant, double weight) {
        public Arm {
            Objects.requireNonNull(variant, "variant");
            if (!(weight >= 0) || Double.isInfinite(weight)) {
                throw new IllegalArgumentException("an arm's weight must be finite and >= 0, was " + weight);
            }
        }
    }

    private static void distinct(List<String> names) {
        Set<String> seen = new LinkedHashSet<>();
        List<String> twice = new ArrayList<>();
        for (String n : names) {
            if (!seen.add(n)) {
                twice.add(n);
            }
        }
        if (!twice.isEmpty()) {
            throw new IllegalArgumentException("variants listed twice: " + twice);
        }
    }

    /** Checks a share or fraction is in [0, 1]. */
    static void checkShare(String what, double share) {
        if (!(share >= 0 && share <= 1)) {
            throw new IllegalArgumentException(what + " must be in [0, 1], was " + share);
        }
    }
}

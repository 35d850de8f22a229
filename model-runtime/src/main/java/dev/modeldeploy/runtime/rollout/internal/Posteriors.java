package dev.modeldeploy.runtime.rollout.internal;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ChengBetaSampler;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The Beta posteriors of a bandit experiment's arms (uniform prior Beta(1, 1)), fed with rewards in
 * [0, 1]: a reward r adds r to the successes and 1 - r to the failures. Thread-safe.
 */
public final class Posteriors {
    private final ConcurrentMap<String, Arm> arms = new ConcurrentHashMap<>();

    /** Thompson sampling: the arm whose draw from its posterior is highest. */
    public String choose(List<String> candidates, UniformRandomProvider random) {
        String best = candidates.get(0);
        double bestDraw = -1;
        for (String name : candidates) {
            double[] ab = arm(name).snapshot();
            double draw = ChengBetaSampler.of(random, ab[0], ab[1]).sample();
            if (draw > bestDraw) {
                bestDraw = draw;
                best = name;
            }
        }
        return best;
    }

    /** Credits a reward in [0, 1] to an arm. */
    public void reward(String arm, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException("a reward must be in [0, 1], was " + value);
        }
        arm(arm).add(value);
    }

    /** {alpha, beta} of an arm's posterior. */
    public double[] posterior(String arm) {
        return arm(arm).snapshot();
    }

    private Arm arm(String name) {
        return arms.computeIfAbsent(name, n -> new Arm());
    }

    private static final class Arm {
        private double alpha = 1;
        private double beta = 1;

        synchronized void add(double reward) {
            alpha += reward;
            beta += 1 - reward;
        }

        synchronized double[] snapshot() {
            return new double[] {alpha, beta};
        }
    }
}

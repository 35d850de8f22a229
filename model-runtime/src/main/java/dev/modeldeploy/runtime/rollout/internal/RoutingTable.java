package dev.modeldeploy.runtime.rollout.internal;

import dev.modeldeploy.runtime.online.OnlinePredictor;
import dev.modeldeploy.runtime.rollout.RoutingPolicy;
import dev.modeldeploy.runtime.rollout.Shadow;
import dev.modeldeploy.runtime.rollout.UnitHash;
import org.apache.commons.rng.UniformRandomProvider;

import java.util.List;
import java.util.Map;

/**
 * Everything a request needs to be routed, as one immutable value that a deployment replaces
 * atomically: the variants, the primary (the last good variant) and the one before it, the policy
 * and the shadows. A request reads the table once, so it never sees half of a change.
 *
 * @param variants        the registered variants by name
 * @param primary         the last good variant, where a rollback sends all traffic
 * @param previousPrimary the primary before the last promotion, or null
 * @param policy          how live traffic is split
 * @param shadows         the shadow variants
 * @param posteriors      the bandit posteriors when the policy is a bandit, else null
 * @param cumulative      upper bounds of the flighting arms' hash ranges when the policy is flighting, else null
 */
public record RoutingTable<I, O>(Map<String, OnlinePredictor<I, O>> variants, String primary, String previousPrimary,
                                 RoutingPolicy policy, List<Shadow> shadows, Posteriors posteriors,
                                 double[] cumulative) {

    /** A table with {@code policy} compiled for routing. */
    public static <I, O> RoutingTable<I, O> of(Map<String, OnlinePredictor<I, O>> variants, String primary,
                                               String previousPrimary, RoutingPolicy policy, List<Shadow> shadows,
                                               Posteriors posteriors) {
        double[] cumulative = null;
        if (policy instanceof RoutingPolicy.Flighting f) {
            double total = f.arms().stream().mapToDouble(RoutingPolicy.Arm::weight).sum();
            cumulative = new double[f.arms().size()];
            double sum = 0;
            for (int i = 0; i < cumulative.length; i++) {
                sum += f.arms().get(i).weight();
                cumulative[i] = sum / total;
            }
            cumulative[cumulative.length - 1] = 1.0; // no unit may fall past the last arm by rounding
        }
        return new RoutingTable<>(Map.copyOf(variants), primary, previousPrimary, policy, List.copyOf(shadows),
                policy instanceof RoutingPolicy.Bandit ? posteriors : null, cumulative);
    }

    /** The variant that serves {@code unit}. */
    public String route(String unit, UniformRandomProvider random) {
        RoutingPolicy p = policy;
        if (p instanceof RoutingPolicy.Single s) {
            return s.variant();
        }
        if (p instanceof RoutingPolicy.Canary c) {
            return UnitHash.position(c.experiment(), unit) < c.share() ? c.candidate() : c.control();
        }
        if (p instanceof RoutingPolicy.Flighting f) {
            double at = UnitHash.position(f.experiment(), unit);
            for (int i = 0; i < cumulative.length; i++) {
                if (at < cumulative[i] && f.arms().get(i).weight() > 0) {
                    return f.arms().get(i).variant();
                }
            }
            return f.arms().get(f.arms().size() - 1).variant(); // only zero-weight arms past `at`: unreachable
        }
        RoutingPolicy.Bandit b = (RoutingPolicy.Bandit) p;
        return posteriors.choose(b.arms(), random);
    }
}

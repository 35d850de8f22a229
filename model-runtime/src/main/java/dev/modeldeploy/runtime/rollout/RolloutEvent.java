package dev.modeldeploy.runtime.rollout;

import java.time.Instant;
import java.util.Objects;

/**
 * A change of a {@link Deployment}'s routing, told to every {@link RolloutListener}: what happened,
 * which variant it concerned, the policy now in force and why. Immutable.
 *
 * @param time       when the change took effect
 * @param deployment the deployment's name
 * @param type       what happened
 * @param variant    the variant concerned (the one rolled back from, promoted, added...)
 * @param policy     the routing policy in force after the change
 * @param reason     why, in words (a guard's verdict, an operator's note)
 */
public record RolloutEvent(Instant time, String deployment, Type type, String variant, RoutingPolicy policy,
                           String reason) {
    public RolloutEvent {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(deployment, "deployment");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(variant, "variant");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(reason, "reason");
    }

    /** Kinds of change. */
    public enum Type {
        /** A variant was registered. */
        VARIANT_ADDED,
        /** A variant was taken out of the deployment. */
        VARIANT_RETIRED,
        /** The routing policy or a shadow changed (canary started, share changed, arm added...). */
        ROUTING_CHANGED,
        /** A variant became the primary (the last good variant) and takes all traffic. */
        PROMOTED,
        /** An operator rolled all traffic back to the primary. */
        ROLLED_BACK,
        /** A {@link RolloutGuard} rolled all traffic back to the primary. */
        GUARD_ROLLED_BACK
    }
}

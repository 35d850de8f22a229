package dev.modeldeploy.runtime.rollout;

import java.util.Objects;

/**
 * A variant that silently scores a share of the requests next to the variant that answers them; its
 * answers go to {@link RolloutListener#onShadow} and are never returned. Which requests it scores is
 * decided by the unit key (salt {@code "shadow/" + variant}), so a unit is shadowed on every request
 * or on none. Immutable.
 *
 * @param variant  the shadow variant
 * @param fraction the share of units it scores, in {@code [0, 1]}
 */
public record Shadow(String variant, double fraction) {
    public Shadow {
        Objects.requireNonNull(variant, "variant");
        RoutingPolicy.checkShare("fraction", fraction);
    }

    /** The salt of the shadow's unit hash. */
    String salt() {
        return "shadow/" + variant;
    }
}

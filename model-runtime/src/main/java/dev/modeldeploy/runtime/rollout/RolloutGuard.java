package dev.modeldeploy.runtime.rollout;

import java.util.Optional;

/**
 * Watches the candidates of a {@link Deployment} (every variant taking live traffic other than the
 * primary) and says when to roll back. The deployment shows each guard every candidate's
 * {@link Outcome}; when a guard returns a reason, the deployment at once returns all traffic to the
 * primary, emits a {@link RolloutEvent.Type#GUARD_ROLLED_BACK} event with that reason and
 * {@linkplain #reset resets} the guard for the variant.
 *
 * <p>{@link ErrorRateGuard} watches error rate and latency; a guard over prediction drift plugs in the
 * same way. Implementations are called on request threads, so they must be thread-safe and quick;
 * one that throws is logged and ignored.
 *
 * @param <I> the request type
 * @param <O> the prediction type
 */
public interface RolloutGuard<I, O> {

    /**
     * Takes in one candidate outcome.
     *
     * @return why the candidate must be rolled back, or empty to let it serve on
     */
    Optional<String> observe(Outcome<I, O> outcome);

    /** Forgets what was seen of {@code variant} (it was rolled back, or a new experiment starts with it). */
    default void reset(String variant) {
    }
}

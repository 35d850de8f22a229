package dev.modeldeploy.runtime.rollout;

/**
 * Hears what a {@link Deployment} does: routing changes, shadow answers and dropped shadow work, and
 * every routed answer, for logs and metrics ({@link RolloutMetrics} counts it all with Micrometer).
 * {@link #onRouted} runs on request threads and {@link #onShadow} on shadow threads, so
 * implementations must be thread-safe and quick. A listener that throws is logged and ignored; it
 * never fails a request.
 *
 * @param <O> the prediction type
 */
public interface RolloutListener<O> {

    /** The routing changed (including a guard's automatic rollback). */
    default void onEvent(RolloutEvent event) {
    }

    /** A request was answered by a variant. */
    default void onRouted(RoutedPrediction<O> answer) {
    }

    /** A request's variant failed; the error goes on to the caller. */
    default void onFailure(String variant, Throwable error) {
    }

    /** A shadow variant answered (or failed on) a request another variant served. */
    default void onShadow(ShadowResult<O> result) {
    }

    /** A shadow's work was dropped because its bounded queue was full. */
    default void onShadowDropped(String variant) {
    }
}

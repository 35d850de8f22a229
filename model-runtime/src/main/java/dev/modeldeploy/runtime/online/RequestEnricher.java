package dev.modeldeploy.runtime.online;

import java.util.ArrayList;
import java.util.List;

/**
 * Completes a request before {@code preprocess} sees it, typically by merging precomputed features
 * looked up by entity key (a restaurant's average preparation time over the last hour) into the raw
 * record. The online predictor calls {@link #enrichAll} once per micro-batch, so an implementation can
 * look up a whole batch in one round trip. Implementations must be thread-safe.
 *
 * @param <I> the raw record type
 */
@FunctionalInterface
public interface RequestEnricher<I> {
    /** The request with its looked-up features merged in. */
    I enrich(I request);

    /** Every request of a batch enriched, in order; override to look them up in one round trip. */
    default List<I> enrichAll(List<I> requests) {
        List<I> out = new ArrayList<>(requests.size());
        for (I r : requests) {
            out.add(enrich(r));
        }
        return out;
    }
}

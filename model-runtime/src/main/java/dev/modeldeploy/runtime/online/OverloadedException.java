package dev.modeldeploy.runtime.online;

import dev.modeldeploy.api.error.ModelException;

/**
 * The predictor refused a request because its queue is full: requests arrive faster than the model
 * answers them. Shed load or retry later with back-off; raise
 * {@link OnlinePredictorConfig#queueCapacity()} only if the latency of a longer queue is acceptable.
 */
public class OverloadedException extends ModelException {
    private final int queued;
    private final int capacity;

    /**
     * @param model    the model in service, {@code name/version}
     * @param queued   what was waiting when the request was refused (records, or tasks for the async workers)
     * @param capacity the queue's capacity
     * @param what     what is counted, for the message ("records", "requests")
     */
    public OverloadedException(String model, int queued, int capacity, String what) {
        super("predictor for model " + model + " is overloaded: " + queued + " " + what + " already wait (capacity "
                + capacity + "); retry later or add capacity");
        this.queued = queued;
        this.capacity = capacity;
    }

    /** What was waiting when the request was refused. */
    public int queued() {
        return queued;
    }

    /** The queue's capacity. */
    public int capacity() {
        return capacity;
    }
}

package dev.modeldeploy.runtime.batch;

import dev.modeldeploy.api.error.ModelException;

/** A batch run failed after its retries; {@link #summary()} tells how far it got. Rerun the same key to resume. */
public class BatchRunException extends ModelException {
    private final transient RunSummary summary;

    public BatchRunException(RunSummary summary) {
        super(summary.describe());
        this.summary = summary;
    }

    public BatchRunException(RunSummary summary, Throwable cause) {
        super(summary.describe(), cause);
        this.summary = summary;
    }

    /** The failed attempt's summary. */
    public RunSummary summary() {
        return summary;
    }
}

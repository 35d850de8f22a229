package dev.modeldeploy.runtime.batch;

/** A batch run rejected more records than its budget allows. */
public class RejectBudgetExceededException extends BatchRunException {
    public RejectBudgetExceededException(RunSummary summary) {
        super(summary);
    }
}

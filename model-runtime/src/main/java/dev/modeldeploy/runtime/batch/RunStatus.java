package dev.modeldeploy.runtime.batch;

/** The state of a batch run as the ledger records it. */
public enum RunStatus {
    RUNNING,
    SUCCEEDED,
    /** Failed after its retries; a rerun with the same key resumes. */
    FAILED,
    /** More records were rejected than the budget allows; fix the data or the budget, then rerun. */
    REJECT_BUDGET_EXCEEDED
}

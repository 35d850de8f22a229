package dev.modeldeploy.spark;

/**
 * What a Spark scoring job does with a row the model cannot read (a missing required value, a value of
 * the wrong type or out of the allowed set), as the batch runner rejects records.
 */
public enum RejectPolicy {
    /**
     * Keep the row with null predictions and the reason in the {@value SparkScorer#REJECT_REASON} column
     * (null for scored rows); {@link SparkScorer#rejects} and {@link SparkScorer#accepted} split the
     * result. The default.
     */
    COLUMN,
    /** Fail the task, and so the job after Spark's task retries, naming the row and the reason. */
    FAIL
}

package dev.modeldeploy.testkit;

/** The checks {@link ModelTestKit} runs, each shown as its own test by {@link ModelTestKit#dynamicTests()}. */
public enum Check {
    /** {@code predict(preprocess(x))} equals {@code predictRecord(x)} and every batch path's result for {@code x}. */
    BATCH_PARITY("batch parity: predict(preprocess(x)) equals the batch path"),
    /** Save, publish to a temporary {@code file:} store, load back: same schemas, types and predictions. */
    ROUND_TRIP("round trip: save, publish, load gives equal predictions"),
    /** Concurrent {@code predict} and {@code predictRecord} from several threads give the sequential answers. */
    THREAD_SAFETY("thread safety: concurrent predict equals sequential"),
    /** Every sample's prediction has the field names and types of {@code info().outputSchema()}. */
    OUTPUT_SCHEMA("output schema: predictions match info().outputSchema()"),
    /** Each invalid sample gets a {@code SchemaViolationException} naming the expected field, on both paths. */
    INPUT_VALIDATION("input validation: invalid records get a SchemaViolationException naming the field");

    private final String displayName;

    Check(String displayName) {
        this.displayName = displayName;
    }

    /** The name a dynamic test of this check is shown with. */
    public String displayName() {
        return displayName;
    }
}

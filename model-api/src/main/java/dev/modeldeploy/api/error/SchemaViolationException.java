package dev.modeldeploy.api.error;

/**
 * A raw record does not satisfy the model's input schema: a wrong type, a missing required field, a
 * value out of the allowed set. Names the record (its index in the batch, or 0 for a single record),
 * the field, the value found and what was expected.
 */
public class SchemaViolationException extends ModelException {
    private final long recordIndex;
    private final String field;
    private final transient Object value;
    private final String expectation;

    public SchemaViolationException(long recordIndex, String field, Object value, String expectation) {
        super("record " + recordIndex + ", field '" + field + "': value " + describe(value) + " violates the schema: expected " + expectation);
        this.recordIndex = recordIndex;
        this.field = field;
        this.value = value;
        this.expectation = expectation;
    }

    private static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        String text = String.valueOf(value);
        if (text.length() > 80) {
            text = text.substring(0, 77) + "...";
        }
        return (value instanceof CharSequence ? "\"" + text + "\"" : text) + " (" + value.getClass().getSimpleName() + ")";
    }

    /** Index of the offending record within its batch (0 for a single record). */
    public long recordIndex() {
        return recordIndex;
    }

    /** Name of the offending field. */
    public String field() {
        return field;
    }

    /** The offending value (may be null). */
    public Object value() {
        return value;
    }

    /** What the schema expected, in words. */
    public String expectation() {
        return expectation;
    }

    /** The same violation re-addressed to a record index within a larger batch. */
    public SchemaViolationException atRecord(long index) {
        return new SchemaViolationException(index, field, value, expectation);
    }
}

package dev.modeldeploy.api.pipeline;

/**
 * Reads field {@code i} of a raw record, where {@code i} indexes the field names the accessor was
 * {@linkplain RecordType#bind(java.util.List) bound} to. This is how a {@link Preprocessor} reads a
 * {@code Map}, a Java record or bean, or a positional row without knowing which.
 *
 * <p>An accessor whose field is a primitive ({@code double}, {@code int}, {@code boolean}, …) says so
 * with {@link #primitiveType(int)} and serves it through {@link #getDouble} / {@link #getLong}, so that
 * reading it boxes nothing.
 *
 * <p>Implementations must be immutable and thread-safe.
 *
 * @param <R> the record type
 */
public interface RecordAccessor<R> {

    /**
     * The value of field {@code field}, boxed; null when the record lacks it or holds null.
     *
     * @throws dev.modeldeploy.api.error.SchemaViolationException if the record cannot hold the field at all
     *         (a row too short)
     */
    Object get(R record, int field);

    /**
     * The Java type the field is declared with, when the accessor knows it (a record component's
     * type), so that a mismatch with the spec is found once, when binding; {@code Object.class} when
     * any value may appear (a map).
     */
    default Class<?> declaredType(int field) {
        return Object.class;
    }

    /** The field's primitive type ({@code double.class}, {@code boolean.class}, …), or null when it is held as an object. */
    default Class<?> primitiveType(int field) {
        return null;
    }

    /**
     * A primitive numeric or boolean field (booleans as 1 or 0) as a double, without boxing. Called only
     * for fields whose {@link #primitiveType(int)} is not null.
     */
    default double getDouble(R record, int field) {
        throw new UnsupportedOperationException("field " + field + " is not primitive");
    }

    /** A primitive integral field as a long, without boxing. Called only for integral primitive fields. */
    default long getLong(R record, int field) {
        throw new UnsupportedOperationException("field " + field + " is not an integral primitive");
    }
}

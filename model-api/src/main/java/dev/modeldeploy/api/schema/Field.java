package dev.modeldeploy.api.schema;

import java.util.Objects;

/**
 * One named, typed field of a {@link Schema}. Immutable and thread-safe.
 *
 * @param name     the field name as it appears in raw records
 * @param type     its logical type
 * @param nullable whether a missing or null value is allowed
 */
public record Field(String name, FieldType type, boolean nullable) {
    public Field {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        if (name.isBlank()) {
            throw new IllegalArgumentException("field name must not be blank");
        }
    }

    /** A required (non-nullable) field. */
    public static Field required(String name, FieldType type) {
        return new Field(name, type, false);
    }

    /** A nullable field. */
    public static Field optional(String name, FieldType type) {
        return new Field(name, type, true);
    }
}

package dev.modeldeploy.testkit;

import java.util.Objects;

/**
 * A raw record that violates the model's input schema, and the field the violation must name.
 *
 * @param record the invalid record
 * @param field  the field a {@code SchemaViolationException} must name
 */
record InvalidSample<I>(I record, String field) {
    InvalidSample {
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(field, "field");
    }
}

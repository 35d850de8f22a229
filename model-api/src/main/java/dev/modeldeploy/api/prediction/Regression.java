package dev.modeldeploy.api.prediction;

import dev.modeldeploy.api.schema.Field;
import dev.modeldeploy.api.schema.FieldType;
import dev.modeldeploy.api.schema.Schema;

/**
 * The prediction of a regression model: one number. Immutable.
 *
 * @param value the predicted value
 */
public record Regression(double value) {
    /** The output schema of regression models: one {@code value} field. */
    public static final Schema SCHEMA = Schema.of(Field.required("value", FieldType.DOUBLE));
}

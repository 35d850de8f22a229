package dev.modeldeploy.api.schema;

/** The logical type of one field of a model's input or output record. */
public enum FieldType {
    BOOLEAN,
    INT,
    LONG,
    FLOAT,
    DOUBLE,
    STRING,
    /** An instant (epoch based); preprocessing decides the time zone for derived features. */
    TIMESTAMP,
    DATE,
    /** A fixed or variable length vector of floats (an embedding, probabilities). */
    FLOAT_ARRAY
}

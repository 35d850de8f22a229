package dev.modeldeploy.runtime.batch;

/**
 * One prediction with the id of the record it belongs to. Immutable.
 *
 * @param id         the record's id
 * @param prediction the model's output
 * @param <O>        the prediction type
 */
public record Scored<O>(Object id, O prediction) {
}

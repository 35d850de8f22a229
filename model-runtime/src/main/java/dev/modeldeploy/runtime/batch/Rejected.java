package dev.modeldeploy.runtime.batch;

/**
 * A record that could not be scored, with the reason (usually a schema violation naming the field).
 * Immutable.
 *
 * @param id     the record's id
 * @param reason why it was rejected
 */
public record Rejected(Object id, String reason) {
}

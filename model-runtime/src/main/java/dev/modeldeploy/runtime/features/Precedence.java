package dev.modeldeploy.runtime.features;

/** Which value a {@link FeatureEnricher} keeps when the request and a lookup both have a field. */
public enum Precedence {
    /**
     * A non-null value the request carries is kept; looked-up values fill only the fields the request
     * lacks. Lets a caller send a fresher value (or a test a fixed one) than the store holds.
     */
    REQUEST_WINS,
    /** Looked-up values (and defaults) replace the request's: the store is the authority for its features. */
    LOOKUP_WINS
}

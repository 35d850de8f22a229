package dev.modeldeploy.runtime.features;

/** What a {@link FeatureEnricher} does when a lookup fails (store down, deadline passed, overloaded). */
public enum FailurePolicy {
    /** The request fails with the {@link FeatureLookupException} (or {@link FeatureTimeoutException}). */
    THROW,
    /** Every feature of the lookup takes its default (or stays missing without one); the failure is counted. */
    USE_DEFAULTS
}

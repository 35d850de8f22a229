package dev.modeldeploy.runtime.features;

import dev.modeldeploy.api.error.ModelException;

/**
 * A feature source could not answer: the store is down or refused the request, the lookup executor is
 * saturated, or the data is inconsistent. Messages name the source, never its credentials.
 */
public class FeatureLookupException extends ModelException {
    public FeatureLookupException(String message) {
        super(message);
    }

    public FeatureLookupException(String message, Throwable cause) {
        super(message, cause);
    }
}

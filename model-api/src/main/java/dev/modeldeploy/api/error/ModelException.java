package dev.modeldeploy.api.error;

/**
 * Base of every error modeldeploy raises on purpose. Unchecked: each subtype names a situation a
 * caller can recognise and act on (catch the subtype), the rest are failures to report.
 */
public class ModelException extends RuntimeException {
    public ModelException(String message) {
        super(message);
    }

    public ModelException(String message, Throwable cause) {
        super(message, cause);
    }
}

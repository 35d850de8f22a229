package dev.modeldeploy.runtime.monitor;

import dev.modeldeploy.api.error.ModelException;

/** A baseline document that does not have the expected layout, or a baseline that cannot be computed. */
public class BaselineException extends ModelException {
    public BaselineException(String message) {
        super(message);
    }

    public BaselineException(String message, Throwable cause) {
        super(message, cause);
    }
}

package dev.modeldeploy.runtime.experiment;

import dev.modeldeploy.api.error.ModelException;

/** Outcomes that cannot be analysed: a conversion that is not 0 or 1, a missing control arm, an unreadable file. */
public class ExperimentException extends ModelException {
    public ExperimentException(String message) {
        super(message);
    }

    public ExperimentException(String message, Throwable cause) {
        super(message, cause);
    }
}

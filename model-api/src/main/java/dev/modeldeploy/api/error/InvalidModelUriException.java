package dev.modeldeploy.api.error;

/** A model URI, model name, version or alias name is malformed. */
public class InvalidModelUriException extends ModelException {
    public InvalidModelUriException(String message) {
        super(message);
    }
}

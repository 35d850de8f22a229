package dev.modeldeploy.api.error;

/** A store or the local cache failed to read or write (I/O, network, permissions). Often worth a retry. */
public class StoreException extends ModelException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}

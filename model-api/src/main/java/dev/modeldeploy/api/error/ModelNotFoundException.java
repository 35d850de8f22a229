package dev.modeldeploy.api.error;

import java.net.URI;

/** No visible version of the named model exists in the store (nothing published, or only crashed claims). */
public class ModelNotFoundException extends ModelException {
    private final URI uri;

    public ModelNotFoundException(URI uri) {
        super("model not found: " + uri + " (no published version)");
        this.uri = uri;
    }

    /** The model URI that was looked up. */
    public URI uri() {
        return uri;
    }
}

package dev.modeldeploy.api.error;

import java.net.URI;

/** The alias in a URI such as {@code .../lead-scoring@production} has never been set (or was deleted). */
public class AliasNotFoundException extends ModelException {
    private final URI uri;

    public AliasNotFoundException(URI uri) {
        super("alias not found: " + uri);
        this.uri = uri;
    }

    /** The URI that was resolved. */
    public URI uri() {
        return uri;
    }
}

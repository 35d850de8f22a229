package dev.modeldeploy.api.error;

import java.net.URI;

/** The model exists but the requested version, or the version an alias names, is not published. */
public class VersionNotFoundException extends ModelException {
    private final URI uri;

    public VersionNotFoundException(URI uri, String detail) {
        super("version not found: " + uri + (detail.isEmpty() ? "" : " (" + detail + ")"));
        this.uri = uri;
    }

    /** The URI that was resolved. */
    public URI uri() {
        return uri;
    }
}

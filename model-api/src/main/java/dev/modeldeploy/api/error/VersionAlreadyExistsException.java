package dev.modeldeploy.api.error;

import java.net.URI;

/**
 * Publishing to an explicit version failed because that version number is already claimed (published,
 * being published, or left behind by a crashed publisher; numbers are never reused).
 */
public class VersionAlreadyExistsException extends ModelException {
    private final URI uri;

    public VersionAlreadyExistsException(URI uri) {
        super("version already exists: " + uri + " (version numbers are never reused; publish without a version to take the next free one)");
        this.uri = uri;
    }

    /** The versioned URI that was taken. */
    public URI uri() {
        return uri;
    }
}

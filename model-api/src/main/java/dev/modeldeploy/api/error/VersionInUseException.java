package dev.modeldeploy.api.error;

import java.net.URI;
import java.util.Collection;

/** Deleting a version was refused because aliases still point to it; move or delete them first. */
public class VersionInUseException extends ModelException {
    public VersionInUseException(URI uri, Collection<String> aliases) {
        super("version " + uri + " is still the target of alias(es) " + String.join(", ", aliases) + "; move or delete them first");
    }
}

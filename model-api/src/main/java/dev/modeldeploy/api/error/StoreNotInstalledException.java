package dev.modeldeploy.api.error;

import java.util.Collection;

/** A URI uses a scheme no installed {@code ModelStoreProvider} serves (for s3: or gs:, add that storage module). */
public class StoreNotInstalledException extends ModelException {
    private final String scheme;

    public StoreNotInstalledException(String scheme, Collection<String> installed) {
        super("no model store for scheme '" + scheme + ":' (installed: " + String.join(", ", installed)
                + "); add the storage module for it to the class path");
        this.scheme = scheme;
    }

    /** The URI scheme that was asked for. */
    public String scheme() {
        return scheme;
    }
}

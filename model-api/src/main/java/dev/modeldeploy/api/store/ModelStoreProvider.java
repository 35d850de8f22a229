package dev.modeldeploy.api.store;

import java.net.URI;

/**
 * Opens {@link ModelStore}s for one URI scheme ({@code file}, {@code s3}, {@code gs}): the service
 * interface a storage module registers under
 * {@code META-INF/services/dev.modeldeploy.api.store.ModelStoreProvider}. Thread-safe.
 */
public interface ModelStoreProvider {

    /** The URI scheme served, lower case, e.g. {@code "s3"}. */
    String scheme();

    /**
     * Opens the store rooted at {@code root} (scheme, authority and path prefix; no query).
     *
     * @param settings options from the repository's builder or the environment (endpoints, part
     *                 sizes); secrets come from the platform's standard credential chain, not from here
     */
    ModelStore open(URI root, StoreSettings settings);
}

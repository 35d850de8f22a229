package dev.modeldeploy.api.store.file;

import dev.modeldeploy.api.error.InvalidModelUriException;
import dev.modeldeploy.api.store.ModelStore;
import dev.modeldeploy.api.store.ModelStoreProvider;
import dev.modeldeploy.api.store.StoreSettings;

import java.net.URI;
import java.nio.file.Path;

/** Serves {@code file:} URIs with a {@link FileModelStore}. Thread-safe. */
public final class FileModelStoreProvider implements ModelStoreProvider {
    @Override
    public String scheme() {
        return "file";
    }

    @Override
    public ModelStore open(URI root, StoreSettings settings) {
        if (root.getAuthority() != null && !root.getAuthority().isEmpty() && !"localhost".equals(root.getAuthority())) {
            throw new InvalidModelUriException("file: URIs must name a local path (file:/path or file:///path), not host '"
                    + root.getAuthority() + "': " + root);
        }
        return new FileModelStore(Path.of(URI.create("file://" + root.getRawPath())));
    }
}

package dev.modeldeploy.storage.gcs;

import dev.modeldeploy.api.store.ModelStore;
import dev.modeldeploy.api.store.ModelStoreProvider;
import dev.modeldeploy.api.store.StoreSettings;

import java.net.URI;

/**
 * Serves {@code gs://bucket/prefix} URIs with a {@link GcsModelStore}, configured from the {@code gcs.*}
 * {@link StoreSettings} (see {@link GcsStoreConfig}) and the environment ({@code STORAGE_EMULATOR_HOST},
 * Application Default Credentials). Registered through {@link java.util.ServiceLoader}. Thread-safe.
 */
public final class GcsModelStoreProvider implements ModelStoreProvider {
    @Override
    public String scheme() {
        return "gs";
    }

    @Override
    public ModelStore open(URI root, StoreSettings settings) {
        return GcsModelStore.open(root, GcsStoreConfig.from(settings, System.getenv()));
    }
}

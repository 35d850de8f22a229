package dev.modeldeploy.storage.s3;

import dev.modeldeploy.api.store.ModelStore;
import dev.modeldeploy.api.store.ModelStoreProvider;
import dev.modeldeploy.api.store.StoreSettings;

import java.net.URI;

/**
 * Serves {@code s3:} URIs with an {@link S3ModelStore}, configured by {@link S3StoreConfig#from}: the
 * repository's {@code s3.*} settings, then the AWS environment. Registered through
 * {@code META-INF/services}, so having this module on the class path is all it takes. Thread-safe.
 */
public final class S3ModelStoreProvider implements ModelStoreProvider {
    @Override
    public String scheme() {
        return "s3";
    }

    @Override
    public ModelStore open(URI root, StoreSettings settings) {
        return S3ModelStore.open(root, S3StoreConfig.from(settings));
    }
}

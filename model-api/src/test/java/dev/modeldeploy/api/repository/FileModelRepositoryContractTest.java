package dev.modeldeploy.api.repository;

import dev.modeldeploy.api.store.ModelStore;
import dev.modeldeploy.api.store.file.FileModelStore;

import java.net.URI;
import java.nio.file.Path;

/** The remote protocol on the {@code file:} store. */
class FileModelRepositoryContractTest extends ModelRepositoryContract {
    @Override
    protected URI storeRoot() {
        return tmp.resolve("store").toUri();
    }

    @Override
    protected ModelStore rawStore(URI root) {
        return new FileModelStore(Path.of(root));
    }
}

package dev.modeldeploy.api.testing;

import dev.modeldeploy.api.repository.ModelRepository;

import java.net.URI;
import java.nio.file.Path;

/** Repositories and URIs rooted in a test's temporary folder. */
public final class TestRepositories {
    private TestRepositories() {
    }

    /** A repository whose cache lives in {@code tmp/cache}. */
    public static ModelRepository repository(Path tmp) {
        return ModelRepository.builder().cacheDirectory(tmp.resolve("cache")).build();
    }

    /** {@code file:} URI of a model in the store folder {@code tmp/store}. */
    public static URI modelUri(Path tmp, String name) {
        return tmp.resolve("store").resolve(name).toUri();
    }
}

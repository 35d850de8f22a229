package dev.modeldeploy.runtime.batch;

import dev.modeldeploy.api.store.ModelStore;
import dev.modeldeploy.api.store.ModelStoreProvider;
import dev.modeldeploy.api.store.StoreSettings;
import dev.modeldeploy.api.store.file.FileModelStoreProvider;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@code file:} store provider whose stores fail their first downloads as an overloaded object store
 * does (a 503), to show that a run recovers from a store failing while it loads the model.
 */
public final class FlakyStores implements ModelStoreProvider {
    private final ModelStoreProvider real = new FileModelStoreProvider();
    private final AtomicInteger failuresLeft;
    private final AtomicInteger downloads = new AtomicInteger();

    /** Stores whose first {@code failures} downloads (over all of them) fail. */
    public FlakyStores(int failures) {
        this.failuresLeft = new AtomicInteger(failures);
    }

    /** Downloads asked for so far, failed ones included. */
    public int downloads() {
        return downloads.get();
    }

    @Override
    public String scheme() {
        return real.scheme();
    }

    @Override
    public ModelStore open(URI root, StoreSettings settings) {
        ModelStore store = real.open(root, settings);
        return new ModelStore() {
            @Override
            public URI root() {
                return store.root();
            }

            @Override
            public Optional<byte[]> read(String key) throws IOException {
                return store.read(key);
            }

            @Override
            public boolean createIfAbsent(String key, byte[] content) throws IOException {
                return store.createIfAbsent(key, content);
            }

            @Override
            public void write(String key, byte[] content) throws IOException {
                store.write(key, content);
            }

            @Override
            public void upload(String key, Path source) throws IOException {
                store.upload(key, source);
            }

            @Override
            public boolean download(String key, Path target) throws IOException {
                downloads.incrementAndGet();
                if (failuresLeft.getAndDecrement() > 0) {
                    throw new IOException("503 Slow Down: injected failure downloading " + key);
                }
                return store.download(key, target);
            }

            @Override
            public List<String> list(String prefix) throws IOException {
                return store.list(prefix);
            }

            @Override
            public boolean delete(String key) throws IOException {
                return store.delete(key);
            }

            @Override
            public void close() {
                store.close();
            }
        };
    }
}

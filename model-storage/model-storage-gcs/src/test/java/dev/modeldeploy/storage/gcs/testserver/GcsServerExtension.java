package dev.modeldeploy.storage.gcs.testserver;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Runs a {@link GcsTestServer} for tests, its objects in a temporary folder removed afterwards.
 * Registered with {@code @RegisterExtension} on a static field, one server serves the whole class;
 * on an instance field, each test gets its own.
 */
public final class GcsServerExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
    private GcsTestServer server;
    private Path data;
    private boolean perClass;

    /** The running server. */
    public GcsTestServer server() {
        if (server == null) {
            throw new IllegalStateException("the GCS test server runs only while a test does");
        }
        return server;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        perClass = true;
        start();
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        if (!perClass) {
            start();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        if (!perClass) {
            stop();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        stop();
    }

    private void start() throws IOException {
        data = Files.createTempDirectory("gcs-test-server-");
        server = GcsTestServer.start(data);
    }

    private void stop() throws IOException {
        if (server != null) {
            server.close();
            server = null;
        }
        if (data != null) {
            try (Stream<Path> walk = Files.walk(data)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                    try {
                        Files.deleteIfExists(p);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
            data = null;
        }
    }
}

package dev.modeldeploy.storage.s3;

import dev.modeldeploy.api.store.StoreSettings;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real S3 server for tests: s3proxy on 127.0.0.1 with its on-disk {@code filesystem} blob store, so
 * large objects stay out of the heap. One per test JVM, started on first use. Its credentials are the
 * ones the build puts in the test JVM's {@code aws.accessKeyId}/{@code aws.secretAccessKey} system
 * properties, which the SDK's default credential chain picks up.
 */
final class S3TestServer {
    private static S3TestServer shared;

    private final S3Proxy proxy;
    private final BlobStore blobStore;
    private final Path basedir;
    private final URI endpoint;
    private final AtomicInteger buckets = new AtomicInteger();

    private S3TestServer(String accessKey, String secretKey) throws Exception {
        basedir = Files.createTempDirectory("s3proxy-");
        Properties props = new Properties();
        props.setProperty("jclouds.filesystem.basedir", basedir.toString());
        blobStore = BlobStores.create("filesystem", props);
        proxy = S3Proxy.builder()
                .blobStore(blobStore)
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
                .ignoreUnknownHeaders(true)
                .build();
        proxy.start();
        while (!"STARTED".equals(proxy.getState())) {
            Thread.sleep(10);
        }
        endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    /** The server shared by this JVM's tests, accepting the test JVM's credentials. */
    static synchronized S3TestServer shared() {
        if (shared == null) {
            shared = start(accessKey(), secretKey());
        }
        return shared;
    }

    /** A separate server, e.g. one that accepts other credentials; stop it when done. */
    static S3TestServer start(String accessKey, String secretKey) {
        try {
            S3TestServer server = new S3TestServer(accessKey, secretKey);
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
            return server;
        } catch (Exception e) {
            throw new IllegalStateException("cannot start s3proxy", e);
        }
    }

    static String accessKey() {
        return required("aws.accessKeyId");
    }

    static String secretKey() {
        return required("aws.secretAccessKey");
    }

    private static String required(String property) {
        String v = System.getProperty(property);
        if (v == null) {
            throw new IllegalStateException("the build sets " + property + " for tests (see the surefire configuration)");
        }
        return v;
    }

    URI endpoint() {
        return endpoint;
    }

    int port() {
        return proxy.getPort();
    }

    /** Creates a fresh, empty bucket and returns its name. */
    String createBucket() {
        return createBucket("bucket-" + buckets.incrementAndGet() + "-" + Long.toHexString(System.nanoTime()));
    }

    String createBucket(String name) {
        blobStore.createContainer(name);
        return name;
    }

    /** The settings pointing a repository at this server (endpoint; path style follows from it). */
    StoreSettings settings() {
        return StoreSettings.empty().with(S3StoreConfig.ENDPOINT, endpoint.toString());
    }

    S3StoreConfig.Builder config() {
        return S3StoreConfig.builder().endpoint(endpoint);
    }

    /** The folder holding this server's buckets. */
    Path basedir() {
        return basedir;
    }

    void stop() {
        try {
            proxy.stop();
        } catch (Exception e) {
            // Stopping at JVM exit: nothing to do about it.
        }
        try (Stream<Path> walk = Files.walk(basedir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // Best effort.
        }
    }
}

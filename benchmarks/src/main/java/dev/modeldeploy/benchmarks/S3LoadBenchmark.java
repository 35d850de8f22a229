package dev.modeldeploy.benchmarks;

import dev.modeldeploy.api.Model;
import dev.modeldeploy.api.repository.ModelRepository;
import dev.modeldeploy.api.repository.PublishOptions;
import dev.modeldeploy.api.store.StoreSettings;
import dev.modeldeploy.storage.s3.S3StoreConfig;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What loading a model from S3 costs on top of fetching its archive: {@code loadCold} (empty cache:
 * read the manifest, download the archive, check its SHA-256, unpack and verify every file, load)
 * against {@code rawGetObject} (the SDK downloading the same archive to a file, nothing else), and
 * {@code loadWarm} (the version is cached: re-hash the cached files and load) and
 * {@code loadWarmSizesOnly} (cached, sizes checked only: {@code verifyCachedBundles(false)}).
 *
 * <p>The server is s3proxy on 127.0.0.1 in the same JVM (its on-disk store), so the network is
 * loopback and the server shares the CPU: read the results as ratios between methods of one run.
 * The payload is incompressible, so the archive is as large as the model.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class S3LoadBenchmark {
    private static final String ACCESS_KEY = "bench-access";
    private static final String SECRET_KEY = "bench-secret";
    private static final String BUCKET = "bench-models";

    @Param({"1", "64"})
    public int payloadMiB;

    private Path root;
    private S3Proxy server;
    private StoreSettings settings;
    private URI version;
    private String archiveKey;
    private S3Client raw;
    private ModelRepository warm;
    private ModelRepository warmSizesOnly;
    private URI model;
    private int round;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        root = Files.createTempDirectory("s3-bench");
        Properties props = new Properties();
        props.setProperty("jclouds.filesystem.basedir", Files.createDirectories(root.resolve("s3")).toString());
        BlobStore blobs = BlobStores.create("filesystem", props);
        blobs.createContainer(BUCKET);
        server = S3Proxy.builder().blobStore(blobs).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY).ignoreUnknownHeaders(true).build();
        server.start();
        while (!"STARTED".equals(server.getState())) {
            Thread.sleep(10);
        }
        URI endpoint = URI.create("http://127.0.0.1:" + server.getPort());
        // The repository finds credentials the way a deployed process does: the SDK's default chain.
        System.setProperty("aws.accessKeyId", ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", SECRET_KEY);
        settings = StoreSettings.empty().with(S3StoreConfig.ENDPOINT, endpoint.toString());

        Path payload = root.resolve("payload.bin");
        writeIncompressible(payload, (long) payloadMiB << 20);
        try (ModelRepository publisher = repository(root.resolve("publisher-cache"), true)) {
            model = URI.create("s3://" + BUCKET + "/models/bench");
            version = publisher.publish(PayloadModel.of("bench", payload), model, PublishOptions.defaults());
            archiveKey = "models/bench/" + publisher.resolve(version).version() + "/" + publisher.resolve(version).archive().name();
        }
        raw = S3Client.builder().endpointOverride(endpoint).forcePathStyle(true).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY))).build();
        warm = repository(root.resolve("warm-cache"), true);
        warm.load(version).close();
        warmSizesOnly = repository(root.resolve("warm-sizes-cache"), false);
        warmSizesOnly.load(version).close();
    }

    private ModelRepository repository(Path cache, boolean verifyCached) {
        return ModelRepository.builder().cacheDirectory(cache).verifyCachedBundles(verifyCached).storeSettings(settings)
                .format(new PayloadModel.Format()).build();
    }

    private static void writeIncompressible(Path file, long bytes) throws IOException {
        SplittableRandom random = new SplittableRandom(bytes);
        byte[] chunk = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long written = 0; written < bytes; written += chunk.length) {
                for (int i = 0; i < chunk.length; i += 8) {
                    long r = random.nextLong();
                    for (int b = 0; b < 8; b++) {
                        chunk[i + b] = (byte) (r >>> (8 * b));
                    }
                }
                out.write(chunk);
            }
        }
    }

    /** A repository with an empty cache whose store client is already open, as in a running service; one per call. */
    @State(Scope.Thread)
    public static class ColdCache {
        private ModelRepository repository;
        private Path directory;
        private int round;

        @Setup(Level.Invocation)
        public void create(S3LoadBenchmark bench) {
            directory = bench.root.resolve("cold-cache-" + round++);
            repository = bench.repository(directory, true);
            repository.aliases(bench.model);
        }

        @TearDown(Level.Invocation)
        public void drop() {
            repository.close();
            deleteTree(directory);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        warm.close();
        warmSizesOnly.close();
        raw.close();
        server.stop();
        deleteTree(root);
    }

    /** Baseline: the SDK fetching the archive into a file. */
    @Benchmark
    public long rawGetObject() throws IOException {
        Path target = root.resolve("raw-" + round++);
        try {
            raw.getObject(b -> b.bucket(BUCKET).key(archiveKey), ResponseTransformer.toFile(target));
            return Files.size(target);
        } finally {
            Files.deleteIfExists(target);
        }
    }

    /** First load of a version: manifest, download, verify, unpack, load. */
    @Benchmark
    public Object loadCold(ColdCache cold) {
        try (Model<?, ?, ?> model = cold.repository.load(version)) {
            return model.info();
        }
    }

    /** A cached version: every cached file re-hashed (the default), then loaded. */
    @Benchmark
    public Object loadWarm() {
        try (Model<?, ?, ?> model = warm.load(version)) {
            return model.info();
        }
    }

    /** A cached version with {@code verifyCachedBundles(false)}: sizes checked, then loaded. */
    @Benchmark
    public Object loadWarmSizesOnly() {
        try (Model<?, ?, ?> model = warmSizesOnly.load(version)) {
            return model.info();
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.modeldeploy.api;

import dev.modeldeploy.api.bundle.Bundles;
import dev.modeldeploy.api.bundle.PublishedManifest;
import dev.modeldeploy.api.cache.BundleCache;
import dev.modeldeploy.api.error.IntegrityException;
import dev.modeldeploy.api.error.ModelException;
import dev.modeldeploy.api.error.ModelNotFoundException;
import dev.modeldeploy.api.internal.Sha256;
import dev.modeldeploy.api.repository.ModelRepository;
import dev.modeldeploy.api.repository.ModelUri;
import dev.modeldeploy.api.repository.PublishOptions;
import dev.modeldeploy.api.testing.ChildJvm;
import dev.modeldeploy.api.testing.ChildLoader;
import dev.modeldeploy.api.testing.WeightedSumModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The local bundle cache as users meet it through a repository: cached versions need no store, the
 * cache stays under its size by evicting the least recently used bundle but never one in use, damaged
 * entries are fetched again, and processes share one cache folder.
 */
class BundleCacheTest {
    private static final int PAYLOAD = 256 << 10;

    @TempDir
    Path tmp;

    private URI uri;
    private ModelUri model;
    private ModelRepository publisher;

    @BeforeEach
    void setUp() {
        uri = tmp.resolve("store").resolve("scorer").toUri();
        model = ModelUri.parse(uri);
        // Publishing goes through a cache of its own, so the caches under test start empty.
        publisher = ModelRepository.builder().cacheDirectory(tmp.resolve("publisher-cache")).build();
    }

    @AfterEach
    void tearDown() {
        publisher.close();
    }

    /** Publishes the next version with bias {@code bias} and a random payload of {@code size} bytes. */
    private URI publish(float bias, int size) throws IOException {
        Path payload = tmp.resolve("payload-" + bias + ".bin");
        writeRandom(payload, size, (long) bias);
        WeightedSumModel m = WeightedSumModel.of("scorer", Map.of("x", 1f), bias).withPayload(payload);
        return publisher.publish(m, uri, PublishOptions.defaults());
    }

    private static void writeRandom(Path file, long size, long seed) throws IOException {
        Random random = new Random(seed);
        byte[] chunk = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long left = size; left > 0; left -= chunk.length) {
                random.nextBytes(chunk);
                out.write(chunk, 0, (int) Math.min(chunk.length, left));
            }
        }
    }

    private URI version(int v) {
        return model.withVersion(v).toUri();
    }

    private static double score(Model<?, ?, ?> m) {
        return ((WeightedSumModel) m).predictRecord(Map.of("x", 0.0));
    }

    private Path entry(ModelRepository repo, int v) {
        return repo.cache().directory().resolve("entries").resolve(publisher.resolve(version(v)).archive().sha256());
    }

    /** The unpacked size of a version a repository has loaded, from its cache reference. */
    private long sizeOfFiles(ModelRepository repo, int v) {
        return repo.cache().lookup(version(v).toString()).map(p -> p.manifest().totalSize())
                .orElseThrow(() -> new AssertionError("version " + v + " not in the cache references"));
    }

    /**
     * Last use is recorded with millisecond timestamps; waiting for the clock to move on makes the order
     * of two uses unambiguous (a clock wait, not a synchronisation).
     */
    private static void nextMillisecond() {
        long start = System.currentTimeMillis();
        while (System.currentTimeMillis() < start + 2) {
            Thread.onSpinWait();
        }
    }

    @Test
    void aCachedVersionLoadsWithoutTheStoreButLatestAndAliasesConsultIt() throws Exception {
        publish(1, 1000);
        publisher.setAlias(model.withAlias("prod").toUri(), 1);
        Path cacheDir = tmp.resolve("cache");
        try (ModelRepository repo = ModelRepository.builder().cacheDirectory(cacheDir).build()) {
            assertThat(score(repo.load(version(1)))).isEqualTo(1.0);
            assertThat(score(repo.load(uri))).isEqualTo(1.0);
            assertThat(score(repo.load(model.withAlias("prod").toUri()))).isEqualTo(1.0);

            // Latest and aliases are never answered from the cache: new versions show at once.
            publish(2, 1000);
            assertThat(score(repo.load(uri))).isEqualTo(2.0);
            publisher.setAlias(model.withAlias("prod").toUri(), 2);
            assertThat(score(repo.load(model.withAlias("prod").toUri()))).isEqualTo(2.0);
            publish(3, 1000);

            Files.move(tmp.resolve("store"), tmp.resolve("store-away"));

            assertThat(score(repo.load(version(1)))).isEqualTo(1.0);
            assertThat(score(repo.load(version(2)))).isEqualTo(2.0);
            assertThat(repo.resolve(version(2)).info().version()).isEqualTo(2);
            assertThatThrownBy(() -> repo.load(uri)).isInstanceOf(ModelNotFoundException.class);
            assertThatThrownBy(() -> repo.load(model.withAlias("prod").toUri())).isInstanceOf(ModelNotFoundException.class);
            // Version 3 was never loaded here, so it cannot come from the cache either.
            assertThatThrownBy(() -> repo.load(version(3))).isInstanceOf(ModelNotFoundException.class);
        }
        try (ModelRepository other = ModelRepository.builder().cacheDirectory(cacheDir).build()) {
            assertThat(score(other.load(version(1)))).isEqualTo(1.0);
            assertThat(score(other.load(version(2)))).isEqualTo(2.0);
            assertThatThrownBy(() -> other.load(uri)).isInstanceOf(ModelNotFoundException.class);
        }
    }

    @Test
    void theLeastRecentlyUsedBundleIsEvictedToStayUnderTheLimit() throws Exception {
        for (int v = 1; v <= 3; v++) {
            publish(v, PAYLOAD);
        }
        long limit = 2L * PAYLOAD + PAYLOAD / 2;
        try (ModelRepository repo = ModelRepository.builder().cacheDirectory(tmp.resolve("cache")).cacheMaxBytes(limit).build()) {
            repo.load(version(1));
            nextMillisecond();
            repo.load(version(2));
            nextMillisecond();
            repo.load(version(1)); // Now version 2 is the least recently used, though installed later.
            nextMillisecond();
            assertThat(entry(repo, 1)).isDirectory();
            assertThat(entry(repo, 2)).isDirectory();

            assertThat(score(repo.load(version(3)))).isEqualTo(3.0);
            assertThat(entry(repo, 2)).doesNotExist();
            assertThat(entry(repo, 1)).isDirectory();
            assertThat(entry(repo, 3)).isDirectory();
            assertThat(repo.cache().size()).isEqualTo(sizeOfFiles(repo, 1) + sizeOfFiles(repo, 3)).isLessThanOrEqualTo(limit);

            // An evicted version is simply fetched again, evicting the next least recently used.
            nextMillisecond();
            assertThat(score(repo.load(version(2)))).isEqualTo(2.0);
            assertThat(entry(repo, 1)).doesNotExist();
            assertThat(entry(repo, 2)).isDirectory();
            assertThat(entry(repo, 3)).isDirectory();
            assertThat(repo.cache().size()).isLessThanOrEqualTo(limit);
        }
    }

    @Test
    void aBundleInUseIsNotEvicted() throws Exception {
        for (int v = 1; v <= 4; v++) {
            publish(v, PAYLOAD);
        }
        long limit = 2L * PAYLOAD + PAYLOAD / 2;
        try (ModelRepository repo = ModelRepository.builder().cacheDirectory(tmp.resolve("cache")).cacheMaxBytes(limit).build()) {
            BundleCache cache = repo.cache();
            repo.load(version(1));
            PublishedManifest published = cache.lookup(version(1).toString()).orElseThrow();
            try (BundleCache.Lease lease = cache.open(published).orElseThrow()) {
                assertThat(lease.directory()).isEqualTo(entry(repo, 1));
                for (int v = 2; v <= 4; v++) {
                    nextMillisecond();
                    assertThat(score(repo.load(version(v)))).isEqualTo(v);
                }
                // Version 1 is the least recently used, but leased: 2 and 3 went instead.
                assertThat(entry(repo, 1)).isDirectory();
                assertThat(Bundles.verify(lease.directory())).isEqualTo(published.manifest());
                assertThat(entry(repo, 2)).doesNotExist();
                assertThat(entry(repo, 3)).doesNotExist();
                assertThat(entry(repo, 4)).isDirectory();
                assertThat(cache.size()).isLessThanOrEqualTo(limit);
            }
            nextMillisecond();
            repo.load(version(2));
            assertThat(entry(repo, 1)).as("released, so evictable again").doesNotExist();
            assertThat(entry(repo, 4)).isDirectory();
            assertThat(entry(repo, 2)).isDirectory();
        }
    }

    @Test
    @Timeout(60)
    void threadsLoadingIntoACacheTooSmallForAllTheirBundlesAllSucceed() throws Exception {
        int versions = 6;
        for (int v = 1; v <= versions + 1; v++) {
            publish(v, 200_000);
        }
        long limit = 300_000; // One bundle and a half: nearly every install evicts, often what another thread just used.
        int threads = 6;
        int loadsPerThread = 6;
        for (int round = 0; round < 4; round++) {
            try (ModelRepository repo = ModelRepository.builder().cacheDirectory(tmp.resolve("cache-" + round)).cacheMaxBytes(limit).build()) {
                ExecutorService pool = Executors.newFixedThreadPool(threads);
                try {
                    CountDownLatch go = new CountDownLatch(1);
                    List<Future<?>> loaders = new ArrayList<>();
                    for (int t = 0; t < threads; t++) {
                        int first = t;
                        loaders.add(pool.submit(() -> {
                            go.await();
                            for (int k = 0; k < loadsPerThread; k++) {
                                int v = 1 + (first + k) % versions;
                                assertThat(score(repo.load(version(v)))).isEqualTo(v);
                            }
                            return null;
                        }));
                    }
                    go.countDown();
                    for (Future<?> loader : loaders) {
                        loader.get(30, TimeUnit.SECONDS);
                    }
                } finally {
                    pool.shutdownNow();
                }
                // Nothing in use any more: the next install evicts every other entry to get under the limit.
                assertThat(score(repo.load(version(versions + 1)))).isEqualTo(versions + 1);
                try (Stream<Path> entries = Files.list(repo.cache().directory().resolve("entries"))) {
                    assertThat(entries.filter(Files::isDirectory)).containsExactly(entry(repo, versions + 1));
                }
                assertThat(repo.cache().size()).isLessThanOrEqualTo(limit);
            }
        }
    }

    @Test
    void aDamagedEntryIsDetectedAndFetchedAgain() throws Exception {
        publish(5, 100_000);
        String expected = Sha256.of(tmp.resolve("payload-5.0.bin"));
        try (ModelRepository repo = ModelRepository.builder().cacheDirectory(tmp.resolve("cache")).build()) {
            repo.load(version(1));
            Path cachedPayload = entry(repo, 1).resolve("data/payload.bin");
            assertThat(Sha256.of(cachedPayload)).isEqualTo(expected);

            flipByte(cachedPayload, 54_321);
            assertThat(Sha256.of(cachedPayload)).isNotEqualTo(expected);
            // Without the store, a damaged entry must not be served.
            Files.move(tmp.resolve("store"), tmp.resolve("store-away"));
            assertThatThrownBy(() -> repo.load(version(1))).isInstanceOf(ModelException.class);
            Files.move(tmp.resolve("store-away"), tmp.resolve("store"));

            Model<?, ?, ?> loaded = repo.load(version(1));
            assertThat(score(loaded)).isEqualTo(5.0);
            Path payload = ((WeightedSumModel) loaded).payload().orElseThrow();
            assertThat(Sha256.of(payload)).isEqualTo(expected);
            assertThat(Sha256.of(cachedPayload)).as("the cache entry was replaced").isEqualTo(expected);
        }
    }

    @Test
    void otherDamageToAnEntryIsDetectedToo() throws Exception {
        publish(6, 10_000);
        try (ModelRepository repo = ModelRepository.builder().cacheDirectory(tmp.resolve("cache")).build()) {
            repo.load(version(1));
            Path entry = entry(repo, 1);
            String weights = Files.readString(entry.resolve("weights.json"));
            List<Runnable> damages = List.of(
                    () -> write(entry.resolve("weights.json"), weights.replace("6.0", "7.0")), // Same size, other content.
                    () -> write(entry.resolve("weights.json"), weights + " "),
                    () -> delete(entry.resolve("data/payload.bin")),
                    () -> write(entry.resolve("data/extra.bin"), "not in the manifest"));
            for (Runnable damage : damages) {
                damage.run();
                assertThatThrownBy(() -> Bundles.verify(entry)).isInstanceOf(IntegrityException.class);
                assertThat(score(repo.load(version(1)))).isEqualTo(6.0);
                assertThat(Bundles.verify(entry).files()).hasSize(2);
                assertThat(Files.readString(entry.resolve("weights.json"))).isEqualTo(weights);
            }
        }
    }

    private static void write(Path file, String content) {
        try {
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.delete(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void flipByte(Path file, long position) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(1);
            ch.read(b, position);
            b.flip();
            b.put(0, (byte) (b.get(0) ^ 0x5A));
            ch.write(b, position);
        }
    }

    @Test
    @Timeout(90)
    void processesSharingACacheLoadTheSameModelAtOnce() throws Exception {
        publish(9, 32 << 20);
        String expected = Sha256.of(tmp.resolve("payload-9.0.bin"));
        URI warmUp = publisher.publish(WeightedSumModel.of("warmup", Map.of("x", 1f), 0f),
                tmp.resolve("store").resolve("warmup").toUri(), PublishOptions.defaults());
        Path shared = tmp.resolve("shared-cache");
        List<Process> children = new ArrayList<>();
        List<Path> logs = new ArrayList<>();
        try (ModelRepository repo = ModelRepository.builder().cacheDirectory(shared).build()) {
            for (int c = 0; c < 2; c++) {
                Path log = tmp.resolve("loader-" + c + ".log");
                logs.add(log);
                children.add(ChildJvm.start(log, List.of(), ChildLoader.class, version(1).toString(), shared.toString(),
                        warmUp.toString(), tmp.resolve("warmup-cache-" + c).toString()));
            }
            for (int c = 0; c < 2; c++) {
                ConcurrentPublishTest.awaitLine(children.get(c), logs.get(c), "READY");
            }
            for (Process child : children) {
                child.getOutputStream().write("go\n".getBytes(StandardCharsets.UTF_8));
                child.getOutputStream().flush();
            }
            Model<?, ?, ?> here = repo.load(version(1));
            assertThat(score(here)).isEqualTo(9.0);
            assertThat(Sha256.of(((WeightedSumModel) here).payload().orElseThrow())).isEqualTo(expected);

            for (int c = 0; c < 2; c++) {
                ChildJvm.Result result = ChildJvm.await(children.get(c), logs.get(c), 60);
                assertThat(result.exitCode()).as("child %d output:%n%s", c, result.output()).isZero();
                assertThat(result.output().lines()).as(result.output()).contains("LOADED 9.0 " + expected);
            }

            Path entries = shared.resolve("entries");
            String sha = publisher.resolve(version(1)).archive().sha256();
            try (Stream<Path> files = Files.list(entries)) {
                assertThat(files.filter(Files::isDirectory).map(p -> p.getFileName().toString())).containsExactly(sha);
            }
            try (Stream<Path> leftovers = Files.list(shared.resolve("tmp"))) {
                assertThat(leftovers).as("no download or unpacking left behind").isEmpty();
            }
            assertThat(repo.cache().size()).isEqualTo(sizeOfFiles(repo, 1)).isGreaterThan(32 << 20);
        } finally {
            children.forEach(Process::destroyForcibly);
        }
    }
}

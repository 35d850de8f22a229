package dev.modeldeploy.api;

import dev.modeldeploy.api.bundle.BundleManifest;
import dev.modeldeploy.api.bundle.Compression;
import dev.modeldeploy.api.bundle.PublishedManifest;
import dev.modeldeploy.api.error.VersionNotFoundException;
import dev.modeldeploy.api.internal.Json;
import dev.modeldeploy.api.internal.Sha256;
import dev.modeldeploy.api.repository.ModelRepository;
import dev.modeldeploy.api.repository.ModelUri;
import dev.modeldeploy.api.repository.ModelVersion;
import dev.modeldeploy.api.repository.PublishOptions;
import dev.modeldeploy.api.store.file.FileModelStore;
import dev.modeldeploy.api.testing.ChildJvm;
import dev.modeldeploy.api.testing.ChildPublisher;
import dev.modeldeploy.api.testing.WeightedSumModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Publishers racing for the next version of one model, in threads and in processes, and a publisher
 * that crashed after claiming a version: every publish gets its own version, no version mixes files of
 * two publishers, and a dead claim is skipped for good.
 */
class ConcurrentPublishTest {
    private static final Map<String, Object> ZERO = Map.of("x", 0.0);

    @TempDir
    Path tmp;

    private ModelRepository repository(String cacheName) {
        return ModelRepository.builder().cacheDirectory(tmp.resolve(cacheName)).build();
    }

    private URI modelUri(String name) {
        return tmp.resolve("store").resolve(name).toUri();
    }

    private static double predictZero(Model<?, ?, ?> model) {
        assertThat(model).isInstanceOf(WeightedSumModel.class);
        return ((WeightedSumModel) model).predictRecord(ZERO);
    }

    @Test
    @Timeout(60)
    void threadsPublishingAtOnceGetDistinctVersions() throws Exception {
        int threads = 8;
        URI uri = modelUri("racer");
        Map<Integer, Integer> publisherByVersion = new HashMap<>();
        try (ModelRepository repo = repository("cache")) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                CountDownLatch ready = new CountDownLatch(threads);
                CountDownLatch go = new CountDownLatch(1);
                List<Future<URI>> results = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int publisher = t;
                    results.add(pool.submit(() -> {
                        WeightedSumModel model = WeightedSumModel.of("racer", Map.of("x", 1f), 1000 + publisher);
                        PublishOptions options = PublishOptions.builder().tags(Map.of("publisher", Integer.toString(publisher))).build();
                        ready.countDown();
                        go.await();
                        return repo.publish(model, uri, options);
                    }));
                }
                assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
                go.countDown();
                for (int t = 0; t < threads; t++) {
                    URI published = results.get(t).get(30, TimeUnit.SECONDS);
                    ModelUri m = ModelUri.parse(published);
                    assertThat(m.name()).isEqualTo("racer");
                    assertThat(publisherByVersion.put(m.version(), t)).as("version %d handed out twice", m.version()).isNull();
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(publisherByVersion.keySet()).containsExactlyInAnyOrderElementsOf(range(1, threads));
            assertThat(repo.versions(uri)).extracting(ModelVersion::version).containsExactlyElementsOf(range(1, threads));
        }

        // Load through a fresh cache, so every bundle really comes from the store.
        try (ModelRepository reader = repository("reader-cache")) {
            for (Map.Entry<Integer, Integer> e : publisherByVersion.entrySet()) {
                URI versionUri = ModelUri.parse(uri).withVersion(e.getKey()).toUri();
                Model<?, ?, ?> model = reader.load(versionUri);
                assertThat(predictZero(model)).as("bias of version %d", e.getKey()).isEqualTo(1000.0 + e.getValue());
                assertThat(model.info().version()).isEqualTo(e.getKey());
                assertThat(model.info().tags()).containsEntry("publisher", Integer.toString(e.getValue()));
            }
        }
        assertStoreHoldsOnlyCompleteVersions(tmp.resolve("store/racer"), threads);
    }

    @Test
    @Timeout(90)
    void twoProcessesPublishingAtOnceGetDistinctVersions() throws Exception {
        int perProcess = 5;
        URI uri = modelUri("shared");
        List<Process> children = new ArrayList<>();
        List<Path> logs = new ArrayList<>();
        try {
            for (int p = 1; p <= 2; p++) {
                Path log = tmp.resolve("child-" + p + ".log");
                logs.add(log);
                children.add(ChildJvm.start(log, List.of(), ChildPublisher.class,
                        uri.toString(), tmp.resolve("cache-" + p).toString(), Integer.toString(p), Integer.toString(perProcess)));
            }
            // Both processes warmed up before either starts, so their publishes overlap.
            for (int p = 0; p < 2; p++) {
                awaitLine(children.get(p), logs.get(p), "READY");
            }
            for (Process child : children) {
                OutputStream stdin = child.getOutputStream();
                stdin.write("go\n".getBytes(StandardCharsets.UTF_8));
                stdin.flush();
            }
            Map<Integer, int[]> publishedBy = new HashMap<>();
            for (int p = 0; p < 2; p++) {
                ChildJvm.Result result = ChildJvm.await(children.get(p), logs.get(p), 60);
                assertThat(result.exitCode()).as("child %d output:%n%s", p + 1, result.output()).isZero();
                List<String> lines = result.output().lines().filter(l -> l.startsWith("VERSION ")).toList();
                assertThat(lines).as(result.output()).hasSize(perProcess);
                for (String line : lines) {
                    String[] parts = line.split(" ");
                    int version = Integer.parseInt(parts[1]);
                    int[] who = {Integer.parseInt(parts[2]), Integer.parseInt(parts[3])};
                    assertThat(who[0]).isEqualTo(p + 1);
                    assertThat(publishedBy.put(version, who)).as("version %d handed out twice", version).isNull();
                }
            }
            assertThat(publishedBy.keySet()).containsExactlyInAnyOrderElementsOf(range(1, 2 * perProcess));

            try (ModelRepository reader = repository("reader-cache")) {
                assertThat(reader.versions(uri)).extracting(ModelVersion::version).containsExactlyElementsOf(range(1, 2 * perProcess));
                for (Map.Entry<Integer, int[]> e : publishedBy.entrySet()) {
                    int process = e.getValue()[0];
                    int index = e.getValue()[1];
                    Model<?, ?, ?> model = reader.load(ModelUri.parse(uri).withVersion(e.getKey()).toUri());
                    assertThat(predictZero(model)).as("bias of version %d", e.getKey()).isEqualTo(ChildPublisher.bias(process, index));
                    assertThat(model.info().tags()).containsEntry("process", Integer.toString(process))
                            .containsEntry("index", Integer.toString(index));
                }
            }
            assertStoreHoldsOnlyCompleteVersions(tmp.resolve("store/shared"), 2 * perProcess);
        } finally {
            children.forEach(Process::destroyForcibly);
        }
    }

    @Test
    void versionsClaimedByCrashedPublishersStayInvisibleAndAreSkipped() throws Exception {
        URI uri = modelUri("crashy");
        ModelUri model = ModelUri.parse(uri);
        Path modelDir = tmp.resolve("store/crashy");
        try (ModelRepository repo = repository("cache")) {
            repo.publish(WeightedSumModel.of("crashy", Map.of("x", 1f), 1f), uri, PublishOptions.defaults());
            repo.publish(WeightedSumModel.of("crashy", Map.of("x", 1f), 2f), uri, PublishOptions.defaults());

            // A publisher that died right after claiming version 3, before uploading anything ...
            Path claim = modelDir.resolve("3/CLAIM");
            Files.createDirectories(claim.getParent());
            Files.writeString(claim, "{\"claimedAt\":\"2020-01-01T00:00:00Z\",\"pid\":1,\"host\":\"gone\"}");
            // ... and one that died after uploading version 4's archive, before its manifest.
            Files.createDirectories(modelDir.resolve("4"));
            Files.copy(claim, modelDir.resolve("4/CLAIM"));
            Files.copy(modelDir.resolve("2/bundle.tar.zst"), modelDir.resolve("4/bundle.tar.zst"));

            assertThat(repo.resolve(uri).version()).isEqualTo(2);
            assertThat(predictZero(repo.load(uri))).isEqualTo(2.0);
            assertThat(repo.versions(uri)).extracting(ModelVersion::version).containsExactly(1, 2);
            assertThatThrownBy(() -> repo.load(model.withVersion(3).toUri())).isInstanceOf(VersionNotFoundException.class);
            assertThatThrownBy(() -> repo.load(model.withVersion(4).toUri())).isInstanceOf(VersionNotFoundException.class);

            URI next = repo.publish(WeightedSumModel.of("crashy", Map.of("x", 1f), 5f), uri, PublishOptions.defaults());
            assertThat(next).isEqualTo(model.withVersion(5).toUri());
            assertThat(predictZero(repo.load(uri))).isEqualTo(5.0);
            assertThat(repo.versions(uri)).extracting(ModelVersion::version).containsExactly(1, 2, 5);
            assertThatThrownBy(() -> repo.load(model.withVersion(3).toUri())).isInstanceOf(VersionNotFoundException.class);
            // The dead claims are left alone: their numbers are never reused.
            try (Stream<Path> files = Files.list(modelDir.resolve("3"))) {
                assertThat(files.map(p -> p.getFileName().toString())).containsExactly("CLAIM");
            }
            assertThat(modelDir.resolve("4/CLAIM")).exists();
        }
    }

    @Test
    @Timeout(60)
    void readersOfLatestNeverGoBackWhilePublishersRace() throws Exception {
        int publishers = 4;
        int each = 20;
        URI uri = modelUri("moving");
        try (ModelRepository repo = repository("cache"); ModelRepository reader = repository("reader-cache")) {
            repo.publish(WeightedSumModel.of("moving", Map.of("x", 1f), 0f), uri, PublishOptions.defaults());
            AtomicInteger published = new AtomicInteger(1);
            AtomicBoolean done = new AtomicBoolean();
            ExecutorService pool = Executors.newFixedThreadPool(publishers + 1);
            try {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<?>> writers = new ArrayList<>();
                for (int t = 0; t < publishers; t++) {
                    writers.add(pool.submit(() -> {
                        go.await();
                        for (int i = 0; i < each; i++) {
                            int v = ModelUri.parse(repo.publish(WeightedSumModel.of("moving", Map.of("x", 1f), 1f), uri,
                                    PublishOptions.defaults())).version();
                            published.accumulateAndGet(v, Math::max);
                        }
                        return null;
                    }));
                }
                Future<Integer> readerTask = pool.submit(() -> {
                    go.await();
                    int reads = 0;
                    while (!done.get()) {
                        int atLeast = published.get();
                        assertThat(reader.resolve(uri).version()).as("latest resolved after version %d was published", atLeast)
                                .isGreaterThanOrEqualTo(atLeast);
                        reads++;
                    }
                    return reads;
                });
                go.countDown();
                for (Future<?> w : writers) {
                    w.get(30, TimeUnit.SECONDS);
                }
                done.set(true);
                assertThat(readerTask.get(30, TimeUnit.SECONDS)).isPositive();
            } finally {
                done.set(true);
                pool.shutdownNow();
            }
            assertThat(reader.resolve(uri).version()).isEqualTo(1 + publishers * each);
        }
    }

    /**
     * What latest rests on: a listing of the store while other writers' temporary files come and go
     * still finds every object that existed before it began.
     */
    @Test
    @Timeout(60)
    void aFileStoreListingDuringWritesFindsEveryExistingKey() throws Exception {
        FileModelStore store = new FileModelStore(tmp.resolve("store"));
        int versions = 20;
        for (int v = 1; v <= versions; v++) {
            store.write("m/" + v + "/MODEL.json", new byte[]{'{', '}'});
        }
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            CountDownLatch writing = new CountDownLatch(1);
            Future<?> writer = pool.submit(() -> {
                writing.countDown();
                while (!stop.get()) {
                    for (int v = 1; v <= versions; v++) {
                        store.write("m/" + v + "/bundle.tar.zst", new byte[]{1, 2, 3}); // Via a temporary file.
                    }
                }
                return null;
            });
            assertThat(writing.await(10, TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < 800; i++) {
                List<String> manifests = store.list("m/").stream().filter(k -> k.endsWith("/MODEL.json")).toList();
                assertThat(manifests).as("listing %d", i).hasSize(versions);
            }
            stop.set(true);
            writer.get(10, TimeUnit.SECONDS);
        } finally {
            stop.set(true);
            pool.shutdownNow();
        }
    }

    /**
     * Each version folder holds its claim, one archive and the outer manifest, nothing half-written, and
     * the outer manifest describes exactly the archive next to it.
     */
    private static void assertStoreHoldsOnlyCompleteVersions(Path modelDir, int versions) throws IOException {
        try (Stream<Path> top = Files.list(modelDir)) {
            assertThat(top.map(p -> p.getFileName().toString())).containsExactlyInAnyOrderElementsOf(
                    range(1, versions).stream().map(String::valueOf).toList());
        }
        Set<String> archives = new TreeSet<>();
        for (int v = 1; v <= versions; v++) {
            Path dir = modelDir.resolve(Integer.toString(v));
            try (Stream<Path> files = Files.list(dir)) {
                assertThat(files.map(p -> p.getFileName().toString())).as("files of version %d", v)
                        .containsExactlyInAnyOrder("CLAIM", Compression.ZSTD.fileName(), BundleManifest.FILE_NAME);
            }
            PublishedManifest outer = Json.MAPPER.readValue(Files.readAllBytes(dir.resolve(BundleManifest.FILE_NAME)), PublishedManifest.class);
            Path archive = dir.resolve(outer.archive().name());
            assertThat(outer.manifest().info().version()).isEqualTo(v);
            assertThat(Files.size(archive)).isEqualTo(outer.archive().size());
            assertThat(Sha256.of(archive)).as("archive of version %d matches its manifest", v).isEqualTo(outer.archive().sha256());
            archives.add(outer.archive().sha256());
        }
        assertThat(archives).as("every version has its own archive").hasSize(versions);
    }

    private static List<Integer> range(int from, int to) {
        return IntStream.rangeClosed(from, to).boxed().collect(Collectors.toList());
    }

    /** Waits until a child prints a line; fails at once if it exits first. */
    static void awaitLine(Process child, Path log, String line) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            String out = Files.exists(log) ? Files.readString(log) : "";
            if (out.lines().anyMatch(line::equals)) {
                return;
            }
            if (!child.isAlive()) {
                throw new AssertionError("child exited with " + child.exitValue() + " before printing " + line + ":\n" + out);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("child did not print " + line + " in time:\n" + out);
            }
            // Polling another process's output: there is no latch across processes.
            child.waitFor(20, TimeUnit.MILLISECONDS);
        }
    }
}

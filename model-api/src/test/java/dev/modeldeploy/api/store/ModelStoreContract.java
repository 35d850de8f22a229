package dev.modeldeploy.api.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The behaviour every {@link ModelStore} backend must have. Backend modules extend this class (it
 * ships in model-api's test jar) and say how to open a fresh, empty store.
 */
public abstract class ModelStoreContract {
    @TempDir
    protected Path tmp;
    protected ModelStore store;

    /** A fresh, empty store. */
    protected abstract ModelStore openStore() throws Exception;

    @BeforeEach
    void open() throws Exception {
        store = openStore();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readOfAMissingKeyIsEmpty() throws Exception {
        assertThat(store.read("nothing/here")).isEmpty();
        assertThat(store.download("nothing/here", tmp.resolve("x"))).isFalse();
        assertThat(store.delete("nothing/here")).isFalse();
        assertThat(store.list("nothing/")).isEmpty();
    }

    @Test
    void createIfAbsentCreatesOnce() throws Exception {
        assertThat(store.createIfAbsent("m/1/CLAIM", utf8("first"))).isTrue();
        assertThat(store.createIfAbsent("m/1/CLAIM", utf8("second"))).isFalse();
        assertThat(store.read("m/1/CLAIM")).hasValueSatisfying(b -> assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo("first"));
    }

    @Test
    void exactlyOneOfManyConcurrentCreatorsWins() throws Exception {
        int threads = 16;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < 5; round++) {
                String key = "m/" + (round + 1) + "/CLAIM";
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Boolean>> results = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    byte[] content = utf8("writer-" + t);
                    results.add(pool.submit(() -> {
                        start.await();
                        return store.createIfAbsent(key, content);
                    }));
                }
                start.countDown();
                int winners = 0;
                for (Future<Boolean> f : results) {
                    winners += f.get() ? 1 : 0;
                }
                assertThat(winners).as("winners of round %d", round).isEqualTo(1);
                assertThat(new String(store.read(key).orElseThrow(), StandardCharsets.UTF_8)).startsWith("writer-");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void writeReplaces() throws Exception {
        store.write("m/@production", utf8("{\"version\":1}"));
        store.write("m/@production", utf8("{\"version\":2}"));
        assertThat(new String(store.read("m/@production").orElseThrow(), StandardCharsets.UTF_8)).isEqualTo("{\"version\":2}");
    }

    @Test
    void uploadAndDownloadLargeObjectsStreamed() throws Exception {
        Path source = tmp.resolve("source.bin");
        byte[] chunk = new byte[1 << 20];
        new Random(42).nextBytes(chunk);
        try (var out = Files.newOutputStream(source)) {
            for (int i = 0; i < 12; i++) {
                out.write(chunk);
            }
        }
        store.upload("m/1/bundle.tar.zst", source);
        Path target = tmp.resolve("downloaded.bin");
        assertThat(store.download("m/1/bundle.tar.zst", target)).isTrue();
        assertThat(Files.mismatch(source, target)).isEqualTo(-1L);
    }

    @Test
    void listFindsEveryKeyUnderAPrefixAndNothingElse() throws Exception {
        store.createIfAbsent("lead/1/CLAIM", utf8("c"));
        store.write("lead/1/MODEL.json", utf8("{}"));
        store.write("lead/@prod", utf8("{}"));
        store.write("lead-scoring/1/MODEL.json", utf8("{}"));
        store.write("other/2/MODEL.json", utf8("{}"));
        assertThat(store.list("lead/")).containsExactlyInAnyOrder("lead/1/CLAIM", "lead/1/MODEL.json", "lead/@prod");
        assertThat(store.list("lead/@")).containsExactly("lead/@prod");
        assertThat(store.list("lead")).hasSize(4);
    }

    @Test
    void deleteRemoves() throws Exception {
        store.write("m/1/MODEL.json", utf8("{}"));
        assertThat(store.delete("m/1/MODEL.json")).isTrue();
        assertThat(store.read("m/1/MODEL.json")).isEmpty();
        assertThat(store.list("m/")).isEmpty();
    }
}

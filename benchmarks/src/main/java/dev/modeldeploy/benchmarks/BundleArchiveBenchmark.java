package dev.modeldeploy.benchmarks;

import dev.modeldeploy.api.ModelInfo;
import dev.modeldeploy.api.bundle.BundleArchive;
import dev.modeldeploy.api.bundle.BundleManifest;
import dev.modeldeploy.api.bundle.Bundles;
import dev.modeldeploy.api.bundle.Compression;
import dev.modeldeploy.api.bundle.ExtractionLimits;
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

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What packing and safely unpacking a bundle cost, against a plain file copy of the same bytes (the
 * floor any store transfer pays). The bundle is one 32 MiB weights file of float-like data (which
 * compresses a little, as real weights do) plus a small config file.
 *
 * <p>{@code pack} hashes every file, writes the tar and compresses it; {@code unpack} decompresses,
 * checks every entry name and limit, writes and hashes every file and checks them against the
 * manifest. The peers are GNU {@code tar} with the {@code zstd} (or {@code gzip}) program doing the
 * same packing and unpacking as a shell script would, without hashes or checks, as child processes
 * ({@code tarCli}, {@code untarCli}; process start included, as a script pays it). Read the results as
 * ratios to {@code copyBaseline} and to the {@code tar} peers from the same run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class BundleArchiveBenchmark {
    @Param({"ZSTD", "GZIP", "NONE"})
    public Compression compression;

    private Path root;
    private Path bundle;
    private BundleManifest manifest;
    private Path archive;
    private Path copyTarget;
    private int round;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        root = Files.createTempDirectory("bundle-bench");
        bundle = Files.createDirectories(root.resolve("bundle"));
        writeWeights(bundle.resolve("weights.bin"), 32 << 20);
        Files.writeString(bundle.resolve("config.json"), "{\"layers\": 3}");
        manifest = Bundles.scan(bundle, ModelInfo.builder("bench", "bench").build());
        archive = root.resolve(compression.fileName());
        BundleArchive.pack(bundle, manifest, archive, compression);
        copyTarget = root.resolve("copy.bin");
    }

    /** Pseudo-weights: random floats in a narrow range, so the bytes compress like real weights (a little). */
    private static void writeWeights(Path file, int bytes) throws IOException {
        Random random = new Random(7);
        byte[] chunk = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int written = 0; written < bytes; written += chunk.length) {
                for (int i = 0; i < chunk.length; i += 4) {
                    int bits = Float.floatToIntBits((float) random.nextGaussian() * 0.05f);
                    chunk[i] = (byte) bits;
                    chunk[i + 1] = (byte) (bits >>> 8);
                    chunk[i + 2] = (byte) (bits >>> 16);
                    chunk[i + 3] = (byte) (bits >>> 24);
                }
                out.write(chunk);
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** Baseline: copying the weights file once. */
    @Benchmark
    public Path copyBaseline() throws IOException {
        return Files.copy(bundle.resolve("weights.bin"), copyTarget, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Hash, tar and compress the bundle. */
    @Benchmark
    public Object pack() {
        return BundleArchive.pack(bundle, manifest, root.resolve("packed-" + compression.fileName()), compression);
    }

    /** Decompress, check and unpack the archive, verifying every file. */
    @Benchmark
    public BundleManifest unpack() {
        Path target = root.resolve("unpacked-" + round++);
        try {
            return BundleArchive.unpack(archive, target, ExtractionLimits.DEFAULT);
        } finally {
            deleteTree(target);
        }
    }

    /** Peer: {@code tar} packing the same folder with the same compression. */
    @Benchmark
    public int tarCli() throws IOException, InterruptedException {
        return tar("-c", "-f", root.resolve("cli-" + compression.fileName()).toString(), "-C", bundle.toString(), ".");
    }

    /** Peer: {@code tar} unpacking the archive {@code unpack} reads. */
    @Benchmark
    public int untarCli() throws IOException, InterruptedException {
        Path target = Files.createDirectories(root.resolve("untarred-" + round++));
        try {
            return tar("-x", "-f", archive.toString(), "-C", target.toString());
        } finally {
            deleteTree(target);
        }
    }

    private int tar(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("tar"));
        switch (compression) {
            case ZSTD -> command.add("--zstd");
            case GZIP -> command.add("--gzip");
            case NONE -> { }
        }
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        int exit = p.waitFor();
        if (exit != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited with " + exit);
        }
        return exit;
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

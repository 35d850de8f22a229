package dev.modeldeploy.api.bundle;

import com.github.luben.zstd.ZstdInputStream;
import dev.modeldeploy.api.ModelInfo;
import dev.modeldeploy.api.error.IntegrityException;
import dev.modeldeploy.api.error.ModelException;
import dev.modeldeploy.api.error.UnsafeBundleException;
import dev.modeldeploy.api.error.UnsafeBundleException.Reason;
import dev.modeldeploy.api.internal.Sha256;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

class BundleArchiveTest {
    private static final ExtractionLimits LIMITS = ExtractionLimits.DEFAULT;
    private static final String LONG_PATH = "nested/" + "long-name-".repeat(12) + ".txt"; // > 100 bytes: a pax header

    @TempDir
    Path tmp;
    private Path bundle;
    private BundleManifest manifest;
    /** Deep below tmp, so that a test can see anything written next to it or above it. */
    private Path out;
    private int archives;

    @BeforeEach
    void makeBundle() throws IOException {
        bundle = tmp.resolve("bundle");
        byte[] weights = new byte[300_000];
        new Random(42).nextBytes(weights);
        write(bundle.resolve("weights.bin"), weights);
        write(bundle.resolve("config.json"), "{\"layers\": 3}");
        write(bundle.resolve("nested/deeper/vocab.txt"), "alpha\nbeta\n");
        write(bundle.resolve(LONG_PATH), "long");
        write(bundle.resolve("empty.txt"), "");
        manifest = Bundles.describe(bundle, ModelInfo.builder("m", "test").build());
        out = tmp.resolve("a/b/out");
        Files.createDirectories(out.getParent());
    }

    // --- pack and unpack ---

    @ParameterizedTest
    @EnumSource(Compression.class)
    void roundTrips(Compression compression) throws IOException {
        Path archive = tmp.resolve(compression.fileName());

        ArchiveInfo info = BundleArchive.pack(bundle, manifest, archive, compression);

        assertThat(info).isEqualTo(new ArchiveInfo(compression.fileName(), compression, Files.size(archive), Sha256.of(archive)));
        assertThat(BundleArchive.detect(archive)).isEqualTo(compression);
        assertThat(BundleArchive.readManifest(archive, LIMITS)).isEqualTo(manifest);
        assertThat(BundleArchive.unpack(archive, out, LIMITS)).isEqualTo(manifest);
        assertThat(Bundles.verify(out)).isEqualTo(manifest);
        for (BundleFile file : manifest.files()) {
            assertThat(out.resolve(file.path())).hasSameBinaryContentAs(bundle.resolve(file.path()));
        }
    }

    @Test
    void packsTheGivenManifestNotTheOneOnDisk() {
        BundleManifest stamped = manifest.withInfo(manifest.info().toBuilder().version(7).build());
        Path archive = tmp.resolve("bundle.tar.zst");

        BundleArchive.pack(bundle, stamped, archive, Compression.ZSTD);

        assertThat(BundleArchive.unpack(archive, out, LIMITS)).isEqualTo(stamped);
        assertThat(Bundles.readManifest(out).info().version()).isEqualTo(7);
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void sameInputGivesSameBytes(Compression compression) throws IOException {
        Path first = tmp.resolve("first");
        Path second = tmp.resolve("second");

        BundleArchive.pack(bundle, manifest, first, compression);
        BundleArchive.pack(bundle, manifest, second, compression);

        assertThat(Files.mismatch(first, second)).isEqualTo(-1L);
    }

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = {"ZSTD", "GZIP"})
    void writesManifestFirstThenPlainFilesReadableByStandardDecoders(Compression compression) throws IOException {
        Path archive = tmp.resolve(compression.fileName());
        BundleArchive.pack(bundle, manifest, archive, compression);

        List<String> names = new ArrayList<>();
        try (InputStream file = Files.newInputStream(archive);
             InputStream decompressed = compression == Compression.GZIP ? new GZIPInputStream(file) : new ZstdInputStream(file);
             TarArchiveInputStream tar = new TarArchiveInputStream(decompressed, "UTF-8")) {
            for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
                names.add(entry.getName());
                assertThat(entry.getLinkFlag()).isEqualTo(TarConstants.LF_NORMAL);
                assertThat(entry.getMode()).isEqualTo(0100644);
                assertThat(entry.getModTime().getTime()).isZero();
                assertThat(entry.getUserName()).isEmpty();
                assertThat(entry.getGroupName()).isEmpty();
            }
        }
        List<String> expected = new ArrayList<>(List.of(BundleManifest.FILE_NAME));
        manifest.files().forEach(file -> expected.add(file.path()));
        assertThat(names).isEqualTo(expected);
    }

    @Test
    void unpacksForeignLayoutWithFoldersAndManifestLast() throws IOException {
        Path archive = archive(Compression.GZIP, b -> {
            b.directory("./");
            b.directory("nested/");
            b.directory("nested/deeper/");
            copyBundleFiles(b, "");
            b.manifest(manifest);
        });

        assertThat(BundleArchive.readManifest(archive, LIMITS)).isEqualTo(manifest);
        assertThat(BundleArchive.unpack(archive, out, LIMITS)).isEqualTo(manifest);
        assertThat(Bundles.verify(out)).isEqualTo(manifest);
    }

    @Test
    void refusesTargetThatIsNotEmpty() throws IOException {
        Path archive = tmp.resolve("bundle.tar.zst");
        BundleArchive.pack(bundle, manifest, archive, Compression.ZSTD);
        write(out.resolve("keep.txt"), "mine");

        assertThatThrownBy(() -> BundleArchive.unpack(archive, out, LIMITS)).isInstanceOf(IllegalArgumentException.class);
        assertThat(out.resolve("keep.txt")).hasContent("mine");
    }

    // --- pack notices a bundle that changed after describe ---

    @ParameterizedTest
    @ValueSource(strings = {"same size", "larger", "smaller", "deleted"})
    void packRefusesFileChangedAfterDescribe(String change) throws IOException {
        Path vocab = bundle.resolve("nested/deeper/vocab.txt");
        switch (change) {
            case "same size" -> write(vocab, "alphA\nbeta\n");
            case "larger" -> write(vocab, "alpha\nbeta\ngamma\n");
            case "smaller" -> write(vocab, "alpha\n");
            default -> Files.delete(vocab);
        }
        Path archive = tmp.resolve("bundle.tar.zst");

        assertThatThrownBy(() -> BundleArchive.pack(bundle, manifest, archive, Compression.ZSTD))
                .isInstanceOfSatisfying(IntegrityException.class,
                        e -> assertThat(e.file()).isEqualTo("nested/deeper/vocab.txt"));
        assertThat(archive).doesNotExist();
    }

    @ParameterizedTest
    @ValueSource(strings = {"../escaped", "/etc/passwd", "./config.json", "nested//vocab.txt", "MODEL.json", "config.json"})
    void packRefusesManifestPathThatUnpackWouldNotRecreate(String path) {
        BundleFile config = manifest.files().get(0);
        BundleManifest bad = new BundleManifest(BundleManifest.CURRENT_FORMAT, manifest.info(),
                List.of(config, new BundleFile(path, config.size(), config.sha256())));
        Path archive = tmp.resolve("bundle.tar.zst");

        assertThatThrownBy(() -> BundleArchive.pack(bundle, bad, archive, Compression.ZSTD))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(archive).doesNotExist();
    }

    // --- unsafe archives ---

    static Stream<Arguments> unsafeNames() {
        return Stream.of(
                Arguments.of("../escaped", Reason.PATH_TRAVERSAL),
                Arguments.of("../../../escaped", Reason.PATH_TRAVERSAL),
                Arguments.of("x/../../escaped", Reason.PATH_TRAVERSAL),
                Arguments.of("x/..", Reason.PATH_TRAVERSAL),
                Arguments.of("C:/escaped", Reason.ABSOLUTE_PATH),
                Arguments.of("c:escaped", Reason.ABSOLUTE_PATH),
                Arguments.of("x\\..\\..\\escaped", Reason.BACKSLASH_IN_PATH),
                Arguments.of("", Reason.MALFORMED),
                Arguments.of("nul\0" + "x".repeat(120), Reason.MALFORMED));
    }

    @ParameterizedTest
    @MethodSource("unsafeNames")
    void refusesUnsafeNames(String name, Reason reason) throws IOException {
        Path archive = archive(Compression.ZSTD, b -> b.manifest(manifest).file("ok.txt", "fine").file(name, "bad"));

        assertThat(assertUnsafe(archive, LIMITS, reason).entry()).isEqualTo(name);
        assertThatThrownBy(() -> BundleArchive.readManifest(archive(Compression.NONE, b -> b.file(name, "bad")), LIMITS))
                .isInstanceOfSatisfying(UnsafeBundleException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }

    @Test
    void refusesAbsolutePath() throws IOException {
        Path escaped = tmp.resolve("escaped");
        Path archive = archive(Compression.NONE, b -> b.file("ok.txt", "fine").file(escaped.toString(), "bad"));

        assertUnsafe(archive, LIMITS, Reason.ABSOLUTE_PATH);
        assertThat(escaped).doesNotExist();
    }

    @ParameterizedTest
    @CsvSource({
            "2, ../../../escaped, true",
            "2, /etc/passwd, true",
            "2, ../ok.txt, true",
            "2, ok.txt, false",
            "1, ../escaped, true",
            "1, ok.txt, false"})
    void refusesLinks(char type, String target, boolean leaves) throws IOException {
        Path archive = archive(Compression.ZSTD, b -> b.file("ok.txt", "fine").special("link", (byte) type, target));

        UnsafeBundleException e = assertUnsafe(archive, LIMITS, Reason.LINK);

        assertThat(e.entry()).isEqualTo("link");
        assertThat(e.getMessage().contains("outside the bundle")).isEqualTo(leaves);
    }

    @Test
    void symbolicLinkTargetResolvesFromItsFolder() throws IOException {
        Path archive = archive(Compression.NONE, b -> b.special("x/y/link", TarConstants.LF_SYMLINK, "../../ok.txt"));

        assertThat(assertUnsafe(archive, LIMITS, Reason.LINK).getMessage()).doesNotContain("outside");
    }

    @ParameterizedTest
    @ValueSource(chars = {'3', '4', '6', '7'}) // char device, block device, FIFO, contiguous file
    void refusesSpecialFiles(char type) throws IOException {
        Path archive = archive(Compression.ZSTD, b -> b.file("ok.txt", "fine").special("special", (byte) type, ""));

        assertThat(assertUnsafe(archive, LIMITS, Reason.SPECIAL_FILE).entry()).isEqualTo("special");
    }

    @Test
    void refusesDeviceNamedLikeAFolder() throws IOException {
        Path archive = archive(Compression.NONE, b -> b.special("dev/", TarConstants.LF_CHR, ""));

        assertUnsafe(archive, LIMITS, Reason.SPECIAL_FILE);
    }

    @ParameterizedTest
    @CsvSource({
            "a.txt, a.txt",
            "a.txt, ./a.txt",
            "a.txt, a.txt/",
            "f, f/g",
            "f, f/g/h",
            "d/x, d"})
    void refusesDuplicateOrClashingPaths(String first, String second) throws IOException {
        Path archive = archive(Compression.ZSTD, b -> {
            b.file(first, "one");
            if (second.endsWith("/")) {
                b.directory(second);
            } else {
                b.file(second, "two");
            }
        });

        assertThat(assertUnsafe(archive, LIMITS, Reason.DUPLICATE_ENTRY).entry()).isEqualTo(second);
    }

    @Test
    void stopsAtUnpackedSizeLimit() throws IOException {
        Path archive = archive(Compression.ZSTD, b -> b.file("first", new byte[600]).file("second", new byte[600]));

        assertThat(assertUnsafe(archive, LIMITS.withMaxUnpackedBytes(1000), Reason.TOO_LARGE).entry()).isEqualTo("second");
    }

    @Test
    void stopsAtEntryLimit() throws IOException {
        Path archive = archive(Compression.ZSTD, b -> b.file("1", "").file("2", "").file("3", "").file("4", ""));

        assertThat(assertUnsafe(archive, LIMITS.withMaxEntries(3), Reason.TOO_MANY_ENTRIES).entry()).isEqualTo("4");
    }

    @Test
    void stopsCompressionBomb() throws IOException {
        Path archive = archive(Compression.ZSTD, b -> b.zeros("bomb.bin", 64L << 20).manifest(manifest));

        assertThat(Files.size(archive)).isLessThan(64 << 10);
        assertUnsafe(archive, LIMITS, Reason.COMPRESSION_RATIO);
        assertThatThrownBy(() -> BundleArchive.readManifest(archive, LIMITS))
                .isInstanceOfSatisfying(UnsafeBundleException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.COMPRESSION_RATIO));
    }

    @Test
    void refusesManifestTooLargeForMemory() throws IOException {
        Path archive = archive(Compression.NONE, b -> b.zeros(BundleManifest.FILE_NAME, ArchiveReader.MAX_MANIFEST_BYTES + 1));

        assertUnsafe(archive, LIMITS, Reason.TOO_LARGE);
        assertThatThrownBy(() -> BundleArchive.readManifest(archive, LIMITS))
                .isInstanceOfSatisfying(UnsafeBundleException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE));
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void refusesTruncatedArchive(Compression compression) throws IOException {
        Path archive = tmp.resolve(compression.fileName());
        BundleArchive.pack(bundle, manifest, archive, compression);
        try (FileChannel channel = FileChannel.open(archive, StandardOpenOption.WRITE)) {
            channel.truncate(channel.size() / 2);
        }

        assertUnsafe(archive, LIMITS, Reason.MALFORMED);
    }

    @Test
    void refusesGarbage() throws IOException {
        byte[] garbage = new byte[4096];
        new Random(7).nextBytes(garbage);
        Path archive = tmp.resolve("garbage.tar");
        Files.write(archive, garbage);

        assertUnsafe(archive, LIMITS, Reason.MALFORMED);
    }

    // --- archives that do not match their manifest ---

    @Test
    void refusesFileWhoseContentDiffersFromManifest() throws IOException {
        byte[] weights = Files.readAllBytes(bundle.resolve("weights.bin"));
        weights[1000] ^= 1;
        Path archive = archive(Compression.ZSTD, b -> copyBundleFiles(b.manifest(manifest), "weights.bin").file("weights.bin", weights));

        IntegrityException e = assertIntegrity(archive, "weights.bin");

        assertThat(e.expected()).isEqualTo("sha256 " + sha256Of("weights.bin"));
        assertThat(e.actual()).isEqualTo("sha256 " + Sha256.of(weights));
    }

    @Test
    void refusesFileWhoseSizeDiffersFromManifest() throws IOException {
        Path archive = archive(Compression.ZSTD, b -> copyBundleFiles(b.manifest(manifest), "config.json").file("config.json", "{}"));

        assertThat(assertIntegrity(archive, "config.json").actual()).isEqualTo("size 2");
    }

    @Test
    void refusesMissingFile() throws IOException {
        Path archive = archive(Compression.ZSTD, b -> copyBundleFiles(b.manifest(manifest), "config.json"));

        assertIntegrity(archive, "config.json");
    }

    @Test
    void refusesExtraFile() throws IOException {
        Path archive = archive(Compression.ZSTD, b -> copyBundleFiles(b.manifest(manifest), "").file("nested/extra.txt", "x"));

        assertIntegrity(archive, "nested/extra.txt");
    }

    @Test
    void refusesArchiveWithoutManifest() throws IOException {
        Path archive = archive(Compression.ZSTD, b -> copyBundleFiles(b, ""));

        assertIntegrity(archive, BundleManifest.FILE_NAME);
        assertThatThrownBy(() -> BundleArchive.readManifest(archive, LIMITS)).isInstanceOf(IntegrityException.class);
    }

    // --- helpers ---

    @FunctionalInterface
    private interface Entries {
        void write(ArchiveBuilder builder) throws IOException;
    }

    private Path archive(Compression compression, Entries entries) throws IOException {
        Path file = tmp.resolve("hand-made-" + archives++);
        try (ArchiveBuilder builder = new ArchiveBuilder(file, compression)) {
            entries.write(builder);
        }
        return file;
    }

    /** Adds the bundle's files as they are on disk, except {@code skip}. */
    private ArchiveBuilder copyBundleFiles(ArchiveBuilder builder, String skip) throws IOException {
        for (BundleFile file : manifest.files()) {
            if (!file.path().equals(skip)) {
                builder.file(file.path(), Files.readAllBytes(bundle.resolve(file.path())));
            }
        }
        return builder;
    }

    /** Unpacks into {@link #out}, expecting failure, and checks that nothing is left in or next to it. */
    private Throwable assertFails(Path archive, ExtractionLimits limits) throws IOException {
        Set<Path> before = tree();

        Throwable thrown = catchThrowable(() -> BundleArchive.unpack(archive, out, limits));

        assertThat(thrown).isInstanceOf(ModelException.class);
        assertThat(out).isEmptyDirectory();
        Set<Path> after = tree();
        after.remove(out);
        assertThat(after).isEqualTo(before);
        return thrown;
    }

    private UnsafeBundleException assertUnsafe(Path archive, ExtractionLimits limits, Reason reason) throws IOException {
        Throwable thrown = assertFails(archive, limits);
        assertThat(thrown).isInstanceOf(UnsafeBundleException.class);
        UnsafeBundleException e = (UnsafeBundleException) thrown;
        assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason);
        return e;
    }

    private IntegrityException assertIntegrity(Path archive, String file) throws IOException {
        Throwable thrown = assertFails(archive, LIMITS);
        assertThat(thrown).isInstanceOf(IntegrityException.class);
        IntegrityException e = (IntegrityException) thrown;
        assertThat(e.file()).as(e.getMessage()).isEqualTo(file);
        return e;
    }

    private String sha256Of(String path) {
        return manifest.files().stream().filter(f -> f.path().equals(path)).findFirst().orElseThrow().sha256();
    }

    private Set<Path> tree() throws IOException {
        try (Stream<Path> walk = Files.walk(tmp)) {
            return walk.collect(Collectors.toCollection(HashSet::new));
        }
    }

    private static void write(Path file, String content) throws IOException {
        write(file, content.getBytes(StandardCharsets.UTF_8));
    }

    private static void write(Path file, byte[] content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, content);
    }
}

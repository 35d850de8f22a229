package dev.modeldeploy.api.bundle;

import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import dev.modeldeploy.api.error.IntegrityException;
import dev.modeldeploy.api.error.StoreException;
import dev.modeldeploy.api.error.UnsafeBundleException;
import dev.modeldeploy.api.internal.Json;
import dev.modeldeploy.api.internal.Sha256;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * Packs a bundle folder into one tar archive and unpacks an untrusted archive safely. The archive holds
 * the inner {@code MODEL.json} first, then every file of the manifest, as regular files only. Everything
 * streams: a 5 GB bundle never sits in the heap. Thread-safe (stateless).
 */
public final class BundleArchive {
    private static final int ZSTD_LEVEL = 3;
    private static final byte[] ZSTD_MAGIC = {0x28, (byte) 0xB5, 0x2F, (byte) 0xFD};
    private static final byte[] GZIP_MAGIC = {0x1F, (byte) 0x8B};
    private static final String CHANGED = " (the file changed after the bundle was described)";

    private BundleArchive() {
    }

    /**
     * Writes {@code manifest} as {@code MODEL.json}, then each of its files read from {@code bundleDir},
     * into {@code archiveFile} (replaced if present). The same input always gives the same bytes: entries
     * have mode 0644, a fixed time and no owner names. Each file is hashed again while it is packed.
     *
     * @param manifest the manifest to store, which may differ from the {@code MODEL.json} in
     *                 {@code bundleDir} (a publish stamps the version); its files must be plain, unique
     *                 relative paths
     * @return the archive's name, compression, size and SHA-256
     * @throws IllegalArgumentException if a manifest path is not a plain, unique relative path
     * @throws IntegrityException       if a file no longer matches the manifest; no archive is left behind
     * @throws StoreException           if reading or writing fails; no archive is left behind
     */
    public static ArchiveInfo pack(Path bundleDir, BundleManifest manifest, Path archiveFile, Compression compression) {
        checkPaths(manifest);
        try (OutputStream file = Files.newOutputStream(archiveFile)) {
            Digesting digesting = new Digesting(file);
            writeTar(bundleDir, manifest, compress(digesting, compression));
            return new ArchiveInfo(compression.fileName(), compression, digesting.size, digesting.sha256());
        } catch (IOException | RuntimeException e) {
            RuntimeException failure = e instanceof RuntimeException r ? r
                    : new StoreException("cannot pack " + bundleDir + " into " + archiveFile + ": " + e.getMessage(), e);
            try {
                Files.deleteIfExists(archiveFile);
            } catch (IOException suppressed) {
                failure.addSuppressed(suppressed);
            }
            throw failure;
        }
    }

    /** The archive's compression, from its first bytes; anything not zstd or gzip is taken as a plain tar. */
    public static Compression detect(Path archiveFile) {
        byte[] head = new byte[ZSTD_MAGIC.length];
        int length;
        try (InputStream in = Files.newInputStream(archiveFile)) {
            length = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            throw new StoreException("cannot read " + archiveFile + ": " + e.getMessage(), e);
        }
        if (startsWith(head, length, ZSTD_MAGIC)) {
            return Compression.ZSTD;
        }
        return startsWith(head, length, GZIP_MAGIC) ? Compression.GZIP : Compression.NONE;
    }

    /**
     * Extracts an untrusted archive into {@code targetDir} (created if absent, else it must be empty),
     * streaming with bounded memory, and checks every file against the archive's {@code MODEL.json}, which
     * is extracted too, so {@link Bundles#verify} passes afterwards. Nothing is ever written outside
     * {@code targetDir}; on any failure everything extracted is deleted again ({@code targetDir} stays).
     *
     * @return the archive's manifest
     * @throws UnsafeBundleException    if an entry is unsafe (absolute, {@code ..}, backslash, link, special
     *                                  file, duplicate), a limit passes, or the stream is corrupt
     * @throws IntegrityException       if {@code MODEL.json} is missing or unreadable, or the files differ
     *                                  from it (missing, extra, other size or hash)
     * @throws IllegalArgumentException if {@code targetDir} is not empty
     * @throws StoreException           if reading or writing fails
     */
    public static BundleManifest unpack(Path archiveFile, Path targetDir, ExtractionLimits limits) {
        Path root = prepareTarget(targetDir);
        try (ArchiveReader reader = ArchiveReader.open(archiveFile, limits)) {
            return new ArchiveExtractor(root, limits).extract(reader);
        } catch (IOException | RuntimeException e) {
            RuntimeException failure = e instanceof RuntimeException r ? r
                    : new StoreException("cannot unpack " + archiveFile + " into " + targetDir + ": " + e.getMessage(), e);
            deleteContents(root, failure);
            throw failure;
        }
    }

    /**
     * Reads only the {@code MODEL.json} of an archive, extracting nothing. Entries before it get the same
     * checks as in {@link #unpack}.
     *
     * @throws UnsafeBundleException if an entry before it is unsafe or a limit passes
     * @throws IntegrityException    if the archive holds no readable {@code MODEL.json}
     * @throws StoreException        if the file cannot be read
     */
    public static BundleManifest readManifest(Path archiveFile, ExtractionLimits limits) {
        try (ArchiveReader reader = ArchiveReader.open(archiveFile, limits)) {
            for (ArchiveReader.Entry entry; (entry = reader.next()) != null; ) {
                if (!entry.directory() && entry.path().equals(BundleManifest.FILE_NAME)) {
                    return Bundles.parseManifest(reader.readManifest());
                }
            }
            throw new IntegrityException(BundleManifest.FILE_NAME, "missing from the archive " + archiveFile);
        } catch (IOException e) {
            throw new StoreException("cannot read " + archiveFile + ": " + e.getMessage(), e);
        }
    }

    /** Refuses, before anything is written, manifest paths that unpacking would refuse or rename. */
    private static void checkPaths(BundleManifest manifest) {
        Set<String> paths = new HashSet<>();
        for (BundleFile file : manifest.files()) {
            if (!isPlain(file.path()) || !paths.add(file.path())) {
                throw new IllegalArgumentException("not a plain, unique bundle path: '" + file.path() + "'");
            }
        }
    }

    private static boolean isPlain(String path) {
        try {
            return ArchivePaths.normalise(path).equals(path) && !path.equals(BundleManifest.FILE_NAME);
        } catch (UnsafeBundleException e) {
            return false;
        }
    }

    /** Writes the entries, then closes {@code out}, which ends the compressed stream. */
    private static void writeTar(Path bundleDir, BundleManifest manifest, OutputStream out) throws IOException {
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out, StandardCharsets.UTF_8.name())) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            byte[] manifestBytes = Json.write(manifest);
            tar.putArchiveEntry(entry(BundleManifest.FILE_NAME, manifestBytes.length));
            tar.write(manifestBytes);
            tar.closeArchiveEntry();
            byte[] buffer = new byte[ArchiveReader.BUFFER_SIZE];
            for (BundleFile file : manifest.files()) {
                packFile(tar, bundleDir, file, buffer);
            }
        }
    }

    private static OutputStream compress(OutputStream out, Compression compression) throws IOException {
        return switch (compression) {
            // The frame checksum lets a reader catch corrupt compressed bytes.
            case ZSTD -> new ZstdOutputStreamNoFinalizer(out, ZSTD_LEVEL).setChecksum(true);
            case GZIP -> new GZIPOutputStream(out, ArchiveReader.BUFFER_SIZE);
            case NONE -> out;
        };
    }

    /** Copies one file into the archive, hashing it on the way: the manifest must still describe it. */
    private static void packFile(TarArchiveOutputStream tar, Path bundleDir, BundleFile file, byte[] buffer)
            throws IOException {
        Path source = bundleDir.resolve(file.path());
        tar.putArchiveEntry(entry(file.path(), file.size()));
        MessageDigest digest = Sha256.newDigest();
        long copied = 0;
        try (InputStream in = Files.newInputStream(source)) {
            for (int n; (n = in.read(buffer)) != -1; ) {
                if (copied + n > file.size()) {
                    throw new IntegrityException(file.path(), "size " + file.size(), "size " + Files.size(source) + CHANGED);
                }
                digest.update(buffer, 0, n);
                tar.write(buffer, 0, n);
                copied += n;
            }
        } catch (NoSuchFileException e) {
            throw new IntegrityException(file.path(), "listed in the manifest but missing from " + bundleDir);
        }
        if (copied != file.size()) {
            throw new IntegrityException(file.path(), "size " + file.size(), "size " + copied + CHANGED);
        }
        String sha256 = Sha256.hex(digest.digest());
        if (!sha256.equals(file.sha256())) {
            throw new IntegrityException(file.path(), "sha256 " + file.sha256(), "sha256 " + sha256 + CHANGED);
        }
        tar.closeArchiveEntry();
    }

    /** A regular-file entry with fixed metadata, so that the same bundle always packs to the same bytes. */
    private static TarArchiveEntry entry(String name, long size) {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(size);
        entry.setMode(0100644);
        entry.setModTime(FileTime.fromMillis(0));
        entry.setUserId(0);
        entry.setGroupId(0);
        entry.setUserName("");
        entry.setGroupName("");
        return entry;
    }

    private static boolean startsWith(byte[] head, int length, byte[] magic) {
        return length >= magic.length && Arrays.equals(head, 0, magic.length, magic, 0, magic.length);
    }

    private static Path prepareTarget(Path targetDir) {
        try {
            Files.createDirectories(targetDir);
            try (Stream<Path> children = Files.list(targetDir)) {
                if (children.findAny().isPresent()) {
                    throw new IllegalArgumentException("the target folder must be empty: " + targetDir);
                }
            }
        } catch (IOException e) {
            throw new StoreException("cannot create the target folder " + targetDir + ": " + e.getMessage(), e);
        }
        return targetDir.toAbsolutePath().normalize();
    }

    /** Deletes everything below {@code root}, keeping {@code root}: what a failed unpack wrote. */
    private static void deleteContents(Path root, RuntimeException failure) {
        try (Stream<Path> walk = Files.walk(root)) {
            // Deepest first, so that folders are empty when their turn comes.
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                if (!path.equals(root)) {
                    Files.delete(path);
                }
            }
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    /** Hashes and counts the bytes written through it. */
    private static final class Digesting extends FilterOutputStream {
        private final MessageDigest digest = Sha256.newDigest();
        private long size;

        Digesting(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            digest.update((byte) b);
            size++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            digest.update(b, off, len);
            size += len;
        }

        String sha256() {
            return Sha256.hex(digest.digest());
        }
    }
}

package dev.modeldeploy.api.bundle;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import dev.modeldeploy.api.error.UnsafeBundleException;
import dev.modeldeploy.api.error.UnsafeBundleException.Reason;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongConsumer;
import java.util.zip.GZIPInputStream;

/**
 * Reads an untrusted bundle archive entry by entry with bounded memory, refusing what no bundle may
 * hold: unsafe names, links, special files, too many entries, a compression bomb. A truncated or
 * corrupt stream becomes {@link Reason#MALFORMED}, never a raw I/O error. Not thread-safe.
 */
final class ArchiveReader implements Closeable {
    /** The largest {@code MODEL.json} read into memory. */
    static final int MAX_MANIFEST_BYTES = 16 << 20;
    static final int BUFFER_SIZE = 64 * 1024;

    /**
     * One checked entry.
     *
     * @param name      the name as written in the archive, for error messages
     * @param path      the normalised relative path ({@code ""} for the root folder)
     * @param directory whether it is a folder (otherwise a regular file)
     */
    record Entry(String name, String path, boolean directory) {
    }

    private final ExtractionLimits limits;
    private final Counting compressed;
    private final TarArchiveInputStream tar;
    private int entries;
    private String current = "";

    private ArchiveReader(ExtractionLimits limits, Counting compressed, InputStream decompressed) {
        this.limits = limits;
        this.compressed = compressed;
        // Counted before the tar reader, headers and padding included, so that a bomb hidden anywhere in
        // the stream is caught while it is being read, not after.
        this.tar = new TarArchiveInputStream(new Counting(decompressed, this::checkRatio), StandardCharsets.UTF_8.name());
    }

    /**
     * Opens an archive of any {@link Compression}.
     *
     * @throws IOException if the file cannot be opened
     */
    static ArchiveReader open(Path archiveFile, ExtractionLimits limits) throws IOException {
        Compression compression = BundleArchive.detect(archiveFile);
        Counting compressed = new Counting(Files.newInputStream(archiveFile), count -> { });
        InputStream buffered = new BufferedInputStream(compressed, BUFFER_SIZE);
        try {
            InputStream decompressed = switch (compression) {
                case ZSTD -> new ZstdInputStreamNoFinalizer(buffered);
                case GZIP -> new GZIPInputStream(buffered, BUFFER_SIZE);
                case NONE -> buffered;
            };
            return new ArchiveReader(limits, compressed, decompressed);
        } catch (IOException e) {
            compressed.close();
            throw malformed("", e);
        }
    }

    /** The next entry, checked; {@code null} at the end of the archive. */
    Entry next() {
        TarArchiveEntry entry;
        try {
            entry = tar.getNextEntry();
        } catch (UnsafeBundleException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // commons-compress reports some corrupt headers as runtime exceptions.
            throw malformed(current, e);
        }
        if (entry == null) {
            return null;
        }
        current = entry.getName();
        if (++entries > limits.maxEntries()) {
            throw new UnsafeBundleException(Reason.TOO_MANY_ENTRIES, current,
                    "the archive has more than " + limits.maxEntries() + " entries");
        }
        String path = ArchivePaths.normalise(current);
        if (entry.isSymbolicLink() || entry.isLink()) {
            throw link(entry, path);
        }
        // By type flag, not isFile()/isDirectory(): those call a link "file" and a device named "x/" "folder".
        byte type = entry.getLinkFlag();
        boolean plain = type == TarConstants.LF_NORMAL || type == TarConstants.LF_OLDNORM;
        boolean directory = type == TarConstants.LF_DIR || plain && current.endsWith("/");
        if (!plain && !directory || entry.isSparse()) {
            throw new UnsafeBundleException(Reason.SPECIAL_FILE, current,
                    "a bundle holds regular files and folders only, not " + kind(entry));
        }
        if (path.isEmpty() && !directory) {
            throw new UnsafeBundleException(Reason.MALFORMED, current, "a file needs a name");
        }
        return new Entry(current, path, directory);
    }

    /** Reads data of the current entry into {@code buffer}; -1 at the entry's end. */
    int read(byte[] buffer) {
        try {
            return tar.read(buffer);
        } catch (UnsafeBundleException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw malformed(current, e);
        }
    }

    /** Reads the current entry ({@code MODEL.json}) into memory, refusing more than {@link #MAX_MANIFEST_BYTES}. */
    byte[] readManifest() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[BUFFER_SIZE];
        for (int n; (n = read(buffer)) != -1; ) {
            if (bytes.size() + n > MAX_MANIFEST_BYTES) {
                throw new UnsafeBundleException(Reason.TOO_LARGE, current,
                        "a manifest larger than " + MAX_MANIFEST_BYTES + " bytes is not read into memory");
            }
            bytes.write(buffer, 0, n);
        }
        return bytes.toByteArray();
    }

    @Override
    public void close() throws IOException {
        tar.close();
    }

    private void checkRatio(long unpacked) {
        if (unpacked > ExtractionLimits.RATIO_GRACE_BYTES
                && unpacked > limits.maxCompressionRatio() * compressed.count()) {
            throw new UnsafeBundleException(Reason.COMPRESSION_RATIO, current, "the archive unpacks to more than "
                    + limits.maxCompressionRatio() + " times the bytes read from it (a compression bomb?)");
        }
    }

    private UnsafeBundleException link(TarArchiveEntry entry, String path) {
        // A symbolic link resolves from its own folder, a hard link from the archive's root.
        String from = entry.isSymbolicLink() && path.contains("/") ? path.substring(0, path.lastIndexOf('/')) : "";
        String target = entry.getLinkName();
        return new UnsafeBundleException(Reason.LINK, current, (entry.isSymbolicLink() ? "symbolic" : "hard")
                + " link to '" + target + "'"
                + (ArchivePaths.leavesBundle(from, target) ? ", which points outside the bundle" : "")
                + "; a bundle holds regular files only");
    }

    private static String kind(TarArchiveEntry entry) {
        if (entry.isCharacterDevice() || entry.isBlockDevice()) {
            return "a device";
        }
        if (entry.isFIFO()) {
            return "a FIFO";
        }
        if (entry.isSparse()) {
            return "a sparse file";
        }
        return "an entry of type '" + (char) entry.getLinkFlag() + "'";
    }

    private static UnsafeBundleException malformed(String entry, Exception cause) {
        UnsafeBundleException e = new UnsafeBundleException(Reason.MALFORMED, entry,
                "the archive is truncated or corrupt: " + cause.getMessage());
        e.initCause(cause);
        return e;
    }

    /** Counts the bytes read through it and hands the running total to a check after each read. */
    private static final class Counting extends FilterInputStream {
        private final LongConsumer check;
        private long count;

        Counting(InputStream in, LongConsumer check) {
            super(in);
            this.check = check;
        }

        long count() {
            return count;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                add(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                add(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            add(skipped);
            return skipped;
        }

        @Override
        public boolean markSupported() {
            return false; // a reset would count bytes twice
        }

        private void add(long n) {
            count += n;
            check.accept(count);
        }
    }
}

package dev.modeldeploy.api.bundle;

import com.github.luben.zstd.ZstdOutputStream;
import dev.modeldeploy.api.internal.Json;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes hand-made, possibly hostile tar archives for tests: any name, any entry type. */
final class ArchiveBuilder implements Closeable {
    private final TarArchiveOutputStream tar;

    ArchiveBuilder(Path file, Compression compression) throws IOException {
        OutputStream out = Files.newOutputStream(file);
        out = switch (compression) {
            case ZSTD -> new ZstdOutputStream(out);
            case GZIP -> new GZIPOutputStream(out);
            case NONE -> out;
        };
        tar = new TarArchiveOutputStream(out, StandardCharsets.UTF_8.name());
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    }

    ArchiveBuilder manifest(BundleManifest manifest) throws IOException {
        return file(BundleManifest.FILE_NAME, Json.write(manifest));
    }

    ArchiveBuilder file(String name, String content) throws IOException {
        return file(name, content.getBytes(StandardCharsets.UTF_8));
    }

    ArchiveBuilder file(String name, byte[] content) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name, true); // true: keep absolute names as given
        entry.setSize(content.length);
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
        return this;
    }

    /** A file of {@code size} zero bytes, written in chunks. */
    ArchiveBuilder zeros(String name, long size) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name, true);
        entry.setSize(size);
        tar.putArchiveEntry(entry);
        byte[] chunk = new byte[1 << 20];
        for (long left = size; left > 0; left -= chunk.length) {
            tar.write(chunk, 0, (int) Math.min(chunk.length, left));
        }
        tar.closeArchiveEntry();
        return this;
    }

    ArchiveBuilder directory(String name) throws IOException {
        return special(name, TarConstants.LF_DIR, "");
    }

    /** An entry without data of any type: a link (with {@code linkName}), device, FIFO... */
    ArchiveBuilder special(String name, byte type, String linkName) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name, type, true);
        entry.setLinkName(linkName);
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
        return this;
    }

    @Override
    public void close() throws IOException {
        tar.close();
    }
}

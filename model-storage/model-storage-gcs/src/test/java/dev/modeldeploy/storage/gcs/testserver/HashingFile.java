package dev.modeldeploy.storage.gcs.testserver;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.zip.CRC32C;

/** A file being appended to, with the CRC32C and MD5 of everything appended so far. Not thread-safe. */
final class HashingFile implements AutoCloseable {
    private final Path path;
    private final FileChannel channel;
    private final CRC32C crc = new CRC32C();
    private final MessageDigest md5;
    private long size;

    HashingFile(Path path) throws IOException {
        this.path = path;
        this.channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
            this.md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    Path path() {
        return path;
    }

    long size() {
        return size;
    }

    /** Appends {@code n} bytes of {@code in}, or until it ends; counts what arrived even if reading fails midway. */
    long append(InputStream in, long n) throws IOException {
        byte[] buf = new byte[64 * 1024];
        long copied = 0;
        while (copied < n) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, n - copied));
            if (r < 0) {
                break;
            }
            write(buf, 0, r);
            copied += r;
        }
        return copied;
    }

    void write(byte[] b, int off, int len) throws IOException {
        ByteBuffer bb = ByteBuffer.wrap(b, off, len);
        while (bb.hasRemaining()) {
            channel.write(bb);
        }
        crc.update(b, off, len);
        md5.update(b, off, len);
        size += len;
    }

    /** GCS form (base64, big-endian) of the CRC32C so far. */
    String crc32c() {
        return Base64.getEncoder().encodeToString(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    /** GCS form (base64) of the MD5 so far; ends the digest. */
    String md5() {
        return Base64.getEncoder().encodeToString(md5.digest());
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}

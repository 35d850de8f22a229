package dev.modeldeploy.storage.gcs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Base64;
import java.util.zip.CRC32C;

/** CRC32C in the form GCS reports it: base64 of the big-endian 32-bit value. Stateless. */
final class Crc32c {
    private static final int BUFFER = 1 << 20;

    private Crc32c() {
    }

    /** GCS form of a finished checksum. */
    static String encode(CRC32C crc) {
        return encode((int) crc.getValue());
    }

    static String encode(int value) {
        return Base64.getEncoder().encodeToString(ByteBuffer.allocate(4).putInt(value).array());
    }

    /** Streams a file once, in 1 MiB reads. */
    static String of(Path file) throws IOException {
        CRC32C crc = new CRC32C();
        ByteBuffer buf = ByteBuffer.allocateDirect(BUFFER);
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            while (in.read(buf) >= 0) {
                buf.flip();
                crc.update(buf);
                buf.clear();
            }
        }
        return encode(crc);
    }
}

package dev.modeldeploy.storage.s3;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/** Files for transfer tests. */
final class TestFiles {
    private TestFiles() {
    }

    /**
     * Writes {@code bytes} pseudo-random bytes (seeded by the size, so reproducible) that no compressor
     * shrinks: an archive of them is as large as they are.
     */
    static Path incompressible(Path file, long bytes) throws IOException {
        SplittableRandom random = new SplittableRandom(bytes);
        byte[] chunk = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long left = bytes; left > 0; left -= chunk.length) {
                for (int i = 0; i < chunk.length; i += 8) {
                    long r = random.nextLong();
                    for (int b = 0; b < 8; b++) {
                        chunk[i + b] = (byte) (r >>> (8 * b));
                    }
                }
                out.write(chunk, 0, (int) Math.min(left, chunk.length));
            }
        }
        return file;
    }
}

package dev.modeldeploy.runtime.experiment;

import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads a file that another thread or process appends lines to, up to its last newline as of opening: a
 * line being written is left for the next read instead of failing this one as malformed.
 */
final class CompleteLines {
    private CompleteLines() {
    }

    static BufferedReader open(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            long end = channel.size();
            ByteBuffer one = ByteBuffer.allocate(1);
            while (end > 0) {
                one.clear();
                if (channel.read(one, end - 1) == 1 && one.get(0) == '\n') {
                    break;
                }
                end--;
            }
            return new BufferedReader(new InputStreamReader(new Prefix(Channels.newInputStream(channel), end),
                    StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** The first {@code remaining} bytes of a stream. */
    private static final class Prefix extends FilterInputStream {
        private long remaining;

        Prefix(InputStream in, long length) {
            super(in);
            this.remaining = length;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int b = super.read();
            if (b >= 0) {
                remaining--;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n = super.read(buffer, offset, (int) Math.min(length, remaining));
            if (n > 0) {
                remaining -= n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(Math.min(n, remaining));
            remaining -= skipped;
            return skipped;
        }

        @Override
        public int available() throws IOException {
            return (int) Math.min(super.available(), remaining);
        }
    }
}

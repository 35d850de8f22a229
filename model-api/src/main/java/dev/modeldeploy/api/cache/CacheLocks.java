package dev.modeldeploy.api.cache;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * File locks that coordinate both threads and processes. A JVM may hold only one {@link FileLock} per
 * file, so threads of one JVM first agree among themselves (in-JVM locks and use counts keyed by the
 * lock file's path, shared by every cache instance), and only then take the file lock other
 * processes see.
 */
final class CacheLocks {
    private static final ConcurrentHashMap<Path, ReentrantLock> EXCLUSIVE = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<Path, SharedUse> SHARED = new ConcurrentHashMap<>();

    private CacheLocks() {
    }

    /** A held lock; close to release. */
    interface Held extends AutoCloseable {
        @Override
        void close();
    }

    /** Takes the exclusive lock on {@code file}, waiting for other threads and processes. */
    static Held exclusive(Path file) throws IOException {
        ReentrantLock inJvm = EXCLUSIVE.computeIfAbsent(file, f -> new ReentrantLock());
        inJvm.lock();
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.lock();
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
            return () -> {
                try (channel) {
                    lock.release();
                } catch (IOException ignored) {
                    // Closing the channel releases the lock anyway.
                } finally {
                    inJvm.unlock();
                }
            };
        } catch (IOException | RuntimeException e) {
            inJvm.unlock();
            throw e;
        }
    }

    /**
     * Takes a shared use of an entry: the first user in this JVM takes a shared file lock, the last
     * one releases it. Waits while another process holds it exclusively (evicting).
     */
    static Held shared(Path file) throws IOException {
        while (true) {
            SharedUse use = SHARED.computeIfAbsent(file, SharedUse::new);
            synchronized (use) {
                while (use.count < 0 && !use.closed) {
                    try {
                        use.wait(); // This JVM is evicting the entry; wait, then find it gone.
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new java.io.InterruptedIOException("interrupted waiting for a cache entry");
                    }
                }
                if (use.closed) {
                    continue; // Lost a race with the last release; take a fresh one.
                }
                if (use.count == 0) {
                    use.open();
                }
                use.count++;
            }
            return () -> use.release(file);
        }
    }

    /** Whether threads of this JVM are using the entry whose lock file this is. */
    static boolean inUseHere(Path file) {
        SharedUse use = SHARED.get(file);
        if (use == null) {
            return false;
        }
        synchronized (use) {
            return use.count > 0;
        }
    }

    /**
     * Tries to take an entry exclusively without waiting, for eviction. Fails when any thread of this
     * JVM or any other process uses it.
     */
    static Held tryExclusive(Path file) throws IOException {
        SharedUse use = SHARED.computeIfAbsent(file, SharedUse::new);
        synchronized (use) {
            if (use.closed || use.count != 0) {
                return null;
            }
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
            if (lock == null) {
                channel.close();
                return null;
            }
            // Mark in use so no thread of this JVM starts reading while we evict.
            use.count = -1;
            return () -> {
                synchronized (use) {
                    // Released before anyone is let in: a waiting reader's new file lock would overlap it.
                    try {
                        channel.close();
                    } catch (IOException ignored) {
                        // Released with the channel.
                    }
                    use.closed = true;
                    SHARED.remove(file, use);
                    use.notifyAll();
                }
            };
        }
    }

    private static final class SharedUse {
        private final Path file;
        private FileChannel channel;
        private int count;
        private boolean closed;

        SharedUse(Path file) {
            this.file = file;
        }

        void open() throws IOException {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
            try {
                channel.lock(0, Long.MAX_VALUE, true);
            } catch (IOException | RuntimeException e) {
                channel.close();
                channel = null;
                throw e;
            }
        }

        void release(Path key) {
            synchronized (this) {
                if (--count > 0) {
                    return;
                }
                closed = true;
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // Released with the channel.
                }
                SHARED.remove(key, this);
            }
        }
    }
}

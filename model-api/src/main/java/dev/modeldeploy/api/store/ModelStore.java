package dev.modeldeploy.api.store;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Object storage under one root URI (a folder, an S3 bucket and prefix, a GCS bucket and prefix): the
 * few primitives the remote protocol needs. {@code ModelRepository} implements versions, aliases and
 * integrity once, on top of any store; a backend implements only this.
 *
 * <p>Keys are relative, {@code '/'}-separated paths such as {@code lead-scoring/7/MODEL.json}.
 * Implementations must be thread-safe and safe against other processes using the same root.
 */
public interface ModelStore extends AutoCloseable {

    /** The root URI all keys are relative to. */
    URI root();

    /** A small object's bytes (manifests, pointers), or empty if there is no such key. */
    Optional<byte[]> read(String key) throws IOException;

    /**
     * Creates a small object only if the key does not exist yet, atomically against every other writer
     * in any process: exactly one of several concurrent callers wins. The object is complete when
     * visible.
     *
     * @return true if this call created it, false if the key already existed
     */
    boolean createIfAbsent(String key, byte[] content) throws IOException;

    /** Writes a small object, atomically replacing any previous content: readers see old or new, never a mix. */
    void write(String key, byte[] content) throws IOException;

    /**
     * Uploads a (possibly very large) file, streaming it; the object becomes visible complete or not at
     * all.
     */
    void upload(String key, Path source) throws IOException;

    /**
     * Downloads an object into {@code target} (replaced), streaming it.
     *
     * @return false if there is no such key
     */
    boolean download(String key, Path target) throws IOException;

    /** Every key that starts with {@code prefix}, at any depth, in no particular order. */
    List<String> list(String prefix) throws IOException;

    /**
     * Deletes a key.
     *
     * @return false if there was no such key
     */
    boolean delete(String key) throws IOException;

    /** Releases clients and connections. */
    @Override
    void close();
}

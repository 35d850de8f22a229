package dev.modeldeploy.storage.gcs.testserver;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The buckets and objects behind {@link GcsTestServer}: object bytes live in files under a folder, one
 * file per generation; metadata is kept in memory. Commits are atomic: a new generation replaces the
 * old one under a lock, after its preconditions and declared checksums are checked. Thread-safe.
 */
final class ObjectStorage {
    private final Path objects;
    private final Path incoming;
    private final Map<String, NavigableMap<String, StoredObject>> buckets = new ConcurrentHashMap<>();
    private final Map<String, UploadSession> sessions = new ConcurrentHashMap<>();
    private final Object commitLock = new Object();
    // Real generations are microsecond timestamps; only their order and uniqueness matter here.
    private final AtomicLong generations = new AtomicLong(System.currentTimeMillis() * 1000);

    ObjectStorage(Path dataDirectory) throws IOException {
        this.objects = Files.createDirectories(dataDirectory.resolve("objects"));
        this.incoming = Files.createDirectories(dataDirectory.resolve("incoming"));
    }

    /** Creates a bucket; false if it exists. */
    boolean createBucket(String name) {
        return buckets.putIfAbsent(name, new ConcurrentSkipListMap<>()) == null;
    }

    boolean bucketExists(String name) {
        return buckets.containsKey(name);
    }

    private NavigableMap<String, StoredObject> bucket(String name) {
        NavigableMap<String, StoredObject> b = buckets.get(name);
        if (b == null) {
            throw HttpError.noSuchBucket();
        }
        return b;
    }

    /** The live object, optionally of one generation. */
    StoredObject get(String bucket, String name, Long generation) {
        StoredObject o = bucket(bucket).get(name);
        if (o == null || (generation != null && generation != o.generation())) {
            throw HttpError.noSuchObject(bucket, name);
        }
        return o;
    }

    /** Up to {@code max} objects whose names start with {@code prefix} and sort after {@code startAfter}. */
    List<StoredObject> list(String bucket, String prefix, String startAfter, int max) {
        NavigableMap<String, StoredObject> b = bucket(bucket);
        NavigableMap<String, StoredObject> tail = startAfter == null ? b.tailMap(prefix, true) : b.tailMap(startAfter, false);
        List<StoredObject> out = new ArrayList<>();
        for (StoredObject o : tail.values()) {
            if (!o.name().startsWith(prefix) || out.size() == max) {
                break;
            }
            out.add(o);
        }
        return out;
    }

    void delete(String bucket, String name, Long generation, Preconditions preconditions) throws IOException {
        StoredObject removed;
        synchronized (commitLock) {
            StoredObject current = get(bucket, name, generation);
            preconditions.check(current);
            removed = bucket(bucket).remove(name);
        }
        Files.deleteIfExists(removed.file());
    }

    /** A file for incoming bytes, to be committed or discarded. */
    HashingFile newIncoming() throws IOException {
        return new HashingFile(incoming.resolve(UUID.randomUUID().toString()));
    }

    /**
     * Makes {@code data} (closed) the object's new generation, if its bytes match the checksums the
     * upload declared ({@code crc32c}, {@code md5Hash} in {@code resource}) and the preconditions hold.
     */
    StoredObject commit(String bucket, String name, HashingFile data, Map<String, Object> resource, Preconditions preconditions)
            throws IOException {
        try {
            String crc32c = data.crc32c();
            String md5 = data.md5();
            Object declaredCrc = resource.get("crc32c");
            if (declaredCrc != null && !declaredCrc.equals(crc32c)) {
                throw HttpError.badRequest("Provided CRC32C \"" + declaredCrc + "\" doesn't match calculated CRC32C \"" + crc32c + "\".");
            }
            Object declaredMd5 = resource.get("md5Hash");
            if (declaredMd5 != null && !declaredMd5.equals(md5)) {
                throw HttpError.badRequest("Provided MD5 hash \"" + declaredMd5 + "\" doesn't match calculated MD5 hash \"" + md5 + "\".");
            }
            String contentType = resource.get("contentType") instanceof String s ? s : "application/octet-stream";
            Map<String, String> metadata = new java.util.TreeMap<>();
            if (resource.get("metadata") instanceof Map<?, ?> m) {
                m.forEach((k, v) -> metadata.put(String.valueOf(k), String.valueOf(v)));
            }
            StoredObject replaced;
            StoredObject committed;
            synchronized (commitLock) {
                NavigableMap<String, StoredObject> b = bucket(bucket);
                StoredObject current = b.get(name);
                preconditions.check(current);
                long generation = generations.incrementAndGet();
                Path file = objects.resolve(Long.toString(generation));
                Files.move(data.path(), file, StandardCopyOption.ATOMIC_MOVE);
                committed = new StoredObject(bucket, name, generation, 1, data.size(), crc32c, md5, contentType,
                        Map.copyOf(metadata), Instant.now(), file);
                replaced = b.put(name, committed);
            }
            if (replaced != null) {
                // Readers that already opened the old file keep reading it: POSIX unlink semantics.
                Files.deleteIfExists(replaced.file());
            }
            return committed;
        } finally {
            Files.deleteIfExists(data.path());
        }
    }

    /** Starts a resumable upload. */
    UploadSession startSession(String bucket, String name, Map<String, Object> resource, Preconditions preconditions) throws IOException {
        bucket(bucket);
        UploadSession s = new UploadSession(UUID.randomUUID().toString().replace("-", ""), bucket, name, resource,
                preconditions, newIncoming());
        sessions.put(s.id, s);
        return s;
    }

    UploadSession session(String id) {
        UploadSession s = sessions.get(id);
        if (s == null) {
            throw new HttpError(404, "notFound", "No such upload session: " + id);
        }
        return s;
    }

    /** A resumable upload in progress: bytes persisted so far, and the object once finalized. */
    final class UploadSession {
        final String id;
        final String bucket;
        final String name;
        private final Map<String, Object> resource;
        private final Preconditions preconditions;
        private final HashingFile data;
        private StoredObject result;
        private HttpError failure;

        private UploadSession(String id, String bucket, String name, Map<String, Object> resource, Preconditions preconditions,
                              HashingFile data) {
            this.id = id;
            this.bucket = bucket;
            this.name = name;
            this.resource = resource;
            this.preconditions = preconditions;
            this.data = data;
        }

        /** Bytes persisted so far. */
        synchronized long persisted() {
            return data.size();
        }

        /** The object, if the upload is complete. */
        synchronized StoredObject result() {
            if (failure != null) {
                throw failure;
            }
            return result;
        }

        /**
         * Takes the bytes {@code [first, first + length)} from {@code body}, skipping what is already
         * persisted; finalizes when {@code total} is known and reached. Bytes that arrive before the
         * body breaks off stay persisted, as GCS keeps them.
         */
        synchronized StoredObject put(long first, long length, Long total, InputStream body) throws IOException {
            if (result != null || failure != null) {
                body.transferTo(java.io.OutputStream.nullOutputStream());
                return result();
            }
            long persisted = data.size();
            if (length > 0) {
                if (first > persisted) {
                    throw HttpError.badRequest("Invalid request. According to the Content-Range header, the upload offset is "
                            + first + " byte(s), which exceeds already uploaded size of " + persisted + " byte(s).");
                }
                long skip = persisted - first;
                body.skipNBytes(Math.min(skip, length));
                if (length > skip) {
                    data.append(body, length - skip);
                }
            }
            if (total != null && data.size() > total) {
                throw HttpError.badRequest("Upload is larger than its declared size " + total);
            }
            if (total != null && data.size() == total) {
                data.close();
                // The session stays: a client that lost the final answer asks for its status again.
                try {
                    result = commit(bucket, name, data, resource, preconditions);
                } catch (HttpError e) {
                    failure = e;
                    throw e;
                }
            }
            return result;
        }
    }
}

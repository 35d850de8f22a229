package dev.modeldeploy.storage.gcs;

import com.google.api.gax.paging.Page;
import com.google.cloud.ReadChannel;
import com.google.cloud.WriteChannel;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.Storage.BlobField;
import com.google.cloud.storage.Storage.BlobGetOption;
import com.google.cloud.storage.Storage.BlobListOption;
import com.google.cloud.storage.Storage.BlobTargetOption;
import com.google.cloud.storage.Storage.BlobWriteOption;
import com.google.cloud.storage.Storage.BucketField;
import com.google.cloud.storage.Storage.BucketGetOption;
import com.google.cloud.storage.StorageException;
import dev.modeldeploy.api.error.IntegrityException;
import dev.modeldeploy.api.error.StoreException;
import dev.modeldeploy.api.store.ModelStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.zip.CRC32C;

/**
 * A {@link ModelStore} in a Google Cloud Storage bucket under a prefix ({@code gs://bucket/prefix}),
 * over the JSON API.
 *
 * <ul>
 *   <li>Create-only writes send {@code ifGenerationMatch=0}: GCS creates the object only if no live
 *       generation exists, atomically against every other writer.</li>
 *   <li>Replacing writes are single-request uploads: GCS swaps generations atomically.</li>
 *   <li>Large files go up in a resumable upload, read from disk one chunk at a time; the object
 *       appears only once the last chunk is in, and GCS refuses it if its CRC32C differs from the
 *       file's.</li>
 *   <li>Every read and download is pinned to one generation and checked against that generation's
 *       CRC32C here, whatever the client checked (the 2.x client skips its own check whenever GCS
 *       reports stored-content headers, which it usually does).</li>
 *   <li>Transient failures (5xx, 429, resets, timeouts) are retried with exponential backoff by the
 *       client, up to {@link GcsStoreConfig#maxAttempts()} attempts per request; uploads resume where
 *       GCS says they stopped.</li>
 * </ul>
 *
 * <p>Refused access and missing buckets raise {@link StoreException}, checksum mismatches
 * {@link IntegrityException}, both naming the URI; other failures are {@link IOException}s naming the
 * URI and the cause. Messages never carry credentials. Thread-safe: share one instance.
 */
public final class GcsModelStore implements ModelStore {
    private static final Logger LOG = LoggerFactory.getLogger(GcsModelStore.class);
    /** Custom metadata naming the call that created an object, so a retried create recognises its own success. */
    static final String WRITER_METADATA = "modeldeploy-writer";
    private static final String CONTENT_TYPE = "application/octet-stream";
    private static final int COPY_BUFFER = 1 << 20;
    // A small object replaced between its lookup and its read is looked up again, this often at most.
    private static final int READ_ATTEMPTS = 5;

    private final GcsLocation location;
    private final GcsStoreConfig config;
    private final Storage storage;
    private volatile boolean bucketSeen;

    GcsModelStore(GcsLocation location, GcsStoreConfig config, Storage storage) {
        this.location = Objects.requireNonNull(location, "location");
        this.config = Objects.requireNonNull(config, "config");
        this.storage = Objects.requireNonNull(storage, "storage");
    }

    /** Opens the store at a {@code gs://bucket/prefix} root with its own client. */
    public static GcsModelStore open(URI root, GcsStoreConfig config) {
        GcsLocation location = GcsLocation.parse(root);
        Storage storage = GcsClients.create(config);
        if (config.sendsCredentials() && storage.getOptions().getCredentials() == null) {
            LOG.warn("no Google Application Default Credentials found; requests to {} are anonymous "
                    + "(set GOOGLE_APPLICATION_CREDENTIALS or run 'gcloud auth application-default login')", location);
        }
        return new GcsModelStore(location, config, storage);
    }

    @Override
    public URI root() {
        return location.uri();
    }

    /** The bucket and prefix. */
    public GcsLocation location() {
        return location;
    }

    private BlobId blobId(String key) {
        return BlobId.of(location.bucket(), location.objectName(key));
    }

    @Override
    public Optional<byte[]> read(String key) throws IOException {
        BlobId id = blobId(key);
        try {
            for (int attempt = 1; ; attempt++) {
                Blob blob = storage.get(id, BlobGetOption.fields(BlobField.GENERATION, BlobField.CRC32C));
                if (blob == null) {
                    requireBucket(key);
                    return Optional.empty();
                }
                try {
                    byte[] bytes = storage.readAllBytes(BlobId.of(id.getBucket(), id.getName(), blob.getGeneration()));
                    CRC32C crc = new CRC32C();
                    crc.update(bytes);
                    verify(key, blob, Crc32c.encode(crc));
                    return Optional.of(bytes);
                } catch (StorageException e) {
                    if (e.getCode() != 404 || attempt == READ_ATTEMPTS) {
                        throw e;
                    }
                    // Replaced (or deleted) since the lookup: look again.
                }
            }
        } catch (RuntimeException e) {
            throw failure("read", key, e);
        }
    }

    @Override
    public boolean createIfAbsent(String key, byte[] content) throws IOException {
        String writer = UUID.randomUUID().toString();
        BlobInfo info = BlobInfo.newBuilder(blobId(key)).setContentType(CONTENT_TYPE)
                .setMetadata(Map.of(WRITER_METADATA, writer)).build();
        try {
            storage.create(info, content, BlobTargetOption.doesNotExist());
            return true;
        } catch (StorageException e) {
            if (e.getCode() == 412) {
                return createdByThisCall(key, writer);
            }
            throw failure("create", key, e);
        } catch (RuntimeException e) {
            throw failure("create", key, e);
        }
    }

    // A 412 also answers a retry whose first attempt succeeded but whose response was lost: the object
    // then carries this call's writer id.
    private boolean createdByThisCall(String key, String writer) throws IOException {
        try {
            Blob existing = storage.get(blobId(key), BlobGetOption.fields(BlobField.METADATA));
            boolean ours = existing != null && existing.getMetadata() != null
                    && writer.equals(existing.getMetadata().get(WRITER_METADATA));
            if (ours) {
                LOG.debug("a retried create of {} found its own earlier attempt's object", location.uriOf(key));
            }
            return ours;
        } catch (RuntimeException e) {
            throw failure("check the creator of", key, e);
        }
    }

    @Override
    public void write(String key, byte[] content) throws IOException {
        BlobInfo info = BlobInfo.newBuilder(blobId(key)).setContentType(CONTENT_TYPE).build();
        try {
            storage.create(info, content);
        } catch (RuntimeException e) {
            throw failure("write", key, e);
        }
    }

    @Override
    public void upload(String key, Path source) throws IOException {
        String crc32c = Crc32c.of(source);
        BlobInfo info = BlobInfo.newBuilder(blobId(key)).setContentType(CONTENT_TYPE).setCrc32c(crc32c).build();
        try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ)) {
            // crc32cMatch: GCS compares the assembled object with the file's checksum before it becomes
            // visible, so bytes changed in transit (or on disk meanwhile) are never published.
            WriteChannel out = storage.writer(info, BlobWriteOption.crc32cMatch());
            try (out) {
                out.setChunkSize(config.chunkSizeBytes());
                ByteBuffer buf = ByteBuffer.allocate(COPY_BUFFER);
                while (in.read(buf) >= 0) {
                    buf.flip();
                    while (buf.hasRemaining()) {
                        out.write(buf);
                    }
                    buf.clear();
                }
            }
        } catch (IOException | RuntimeException e) {
            throw failure("upload " + source + " to", key, e);
        }
    }

    @Override
    public boolean download(String key, Path target) throws IOException {
        boolean complete = false;
        try {
            Blob blob = storage.get(blobId(key), BlobGetOption.fields(BlobField.GENERATION, BlobField.CRC32C, BlobField.SIZE));
            if (blob == null) {
                requireBucket(key);
                return false;
            }
            verify(key, blob, copyGeneration(key, blob.getGeneration(), target));
            complete = true;
            return true;
        } catch (StorageException e) {
            if (e.getCode() == 404) {
                // Deleted between the lookup and the read: there is no such key any more.
                return false;
            }
            throw failure("download", key, e);
        } catch (IOException | RuntimeException e) {
            throw failure("download", key, e);
        } finally {
            if (!complete) {
                Files.deleteIfExists(target);
            }
        }
    }

    /** Streams one generation into {@code target}, returning the CRC32C of the bytes written. */
    private String copyGeneration(String key, Long generation, Path target) throws IOException {
        CRC32C crc = new CRC32C();
        BlobId pinned = BlobId.of(location.bucket(), location.objectName(key), generation);
        try (ReadChannel in = storage.reader(pinned);
             FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                     StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.allocate(COPY_BUFFER);
            while (in.read(buf) >= 0) {
                buf.flip();
                crc.update(buf.array(), buf.arrayOffset() + buf.position(), buf.remaining());
                while (buf.hasRemaining()) {
                    out.write(buf);
                }
                buf.clear();
            }
        } catch (IOException e) {
            StorageException cause = GcsErrors.storageCause(e);
            if (cause != null && cause.getCode() == 404) {
                throw cause;
            }
            throw e;
        }
        return Crc32c.encode(crc);
    }

    private void verify(String key, Blob blob, String actualCrc32c) {
        if (blob.getCrc32c() != null && !blob.getCrc32c().equals(actualCrc32c)) {
            throw new IntegrityException(location.uriOf(key), "crc32c " + blob.getCrc32c() + " (generation " + blob.getGeneration() + ")",
                    "crc32c " + actualCrc32c + " for the bytes received");
        }
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        List<String> keys = new ArrayList<>();
        try {
            Page<Blob> page = storage.list(location.bucket(), BlobListOption.prefix(location.objectPrefix(prefix)),
                    BlobListOption.pageSize(config.listPageSize()), BlobListOption.fields(BlobField.NAME));
            for (Blob blob : page.iterateAll()) {
                keys.add(location.keyOf(blob.getName()));
            }
        } catch (RuntimeException e) {
            throw failure("list", prefix + "*", e);
        }
        return keys;
    }

    @Override
    public boolean delete(String key) throws IOException {
        try {
            if (storage.delete(blobId(key))) {
                return true;
            }
        } catch (RuntimeException e) {
            throw failure("delete", key, e);
        }
        requireBucket(key);
        return false;
    }

    @Override
    public void close() {
        try {
            storage.close();
        } catch (Exception e) {
            LOG.debug("closing the GCS client of {}: {}", location, e.toString());
        }
    }

    // GCS answers 404 alike for a missing object and a missing bucket; tell them apart once per store.
    private void requireBucket(String key) throws IOException {
        if (bucketSeen) {
            return;
        }
        try {
            if (storage.get(location.bucket(), BucketGetOption.fields(BucketField.NAME)) == null) {
                throw new StoreException("GCS bucket '" + location.bucket() + "' does not exist (accessing " + location.uriOf(key) + ")");
            }
        } catch (StorageException e) {
            if (e.getCode() != 401 && e.getCode() != 403) {
                throw failure("check the bucket of", key, e);
            }
            // Object access without bucket metadata access is a normal setup: assume the bucket exists.
        }
        bucketSeen = true;
    }

    /**
     * Throws the typed exception of a permanent failure (refused access, missing bucket, checksum
     * mismatch) or of our own checks; returns the IOException to throw for any other, naming the URI
     * and the cause.
     */
    private IOException failure(String action, String key, Exception e) {
        if (e instanceof IntegrityException || e instanceof StoreException) {
            throw (RuntimeException) e;
        }
        String uri = location.uriOf(key);
        if (GcsErrors.isChecksumMismatch(e)) {
            throw new IntegrityException(uri, "the bytes do not match their CRC32C (" + action + "): " + GcsErrors.describe(e));
        }
        StorageException se = GcsErrors.storageCause(e);
        if (se == null) {
            return e instanceof IOException io && io.getMessage() != null && io.getMessage().contains(uri) ? io
                    : new IOException("cannot " + action + " " + uri + ": " + GcsErrors.describe(e), e);
        }
        int code = se.getCode();
        if (code == 401 || code == 403) {
            String cause = GcsErrors.describe(se).replaceFirst("\\.$", "");
            throw new StoreException("access to " + uri + " denied (cannot " + action + "): " + cause
                    + "; check that the account of the Application Default Credentials may use bucket '" + location.bucket() + "'", se);
        }
        if (code == 404) {
            // Object reads and deletes settle a missing object before getting here; what is left is the bucket.
            throw new StoreException("GCS bucket '" + location.bucket() + "' does not exist (cannot " + action + " " + uri
                    + "): " + GcsErrors.describe(se), se);
        }
        String retried = se.isRetryable() ? " (gave up after up to " + config.maxAttempts() + " attempts)" : "";
        return new IOException("cannot " + action + " " + uri + ": " + GcsErrors.describe(se) + retried, e);
    }

    @Override
    public String toString() {
        return "GcsModelStore[" + location + "]";
    }
}

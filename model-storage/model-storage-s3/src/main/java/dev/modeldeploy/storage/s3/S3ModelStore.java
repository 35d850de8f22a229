package dev.modeldeploy.storage.s3;

import dev.modeldeploy.api.store.ModelStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A model store in an S3 bucket under a key prefix ({@code s3://bucket/prefix}), on Amazon S3 or an
 * S3-compatible server (MinIO, Ceph, R2, s3proxy).
 *
 * <ul>
 *   <li>create-only writes are conditional {@code PutObject}s with {@code If-None-Match: *} (HTTP 412 when
 *       the key exists), so exactly one of several publishers claims a version;</li>
 *   <li>replacing writes are plain {@code PutObject}s, which S3 applies atomically;</li>
 *   <li>uploads stream from disk, in parts of {@link S3StoreConfig#partSizeBytes()} for large files, through
 *       the SDK's multipart client; the object appears only when the upload completes, and a failed upload
 *       is aborted before {@code upload} throws;</li>
 *   <li>downloads stream into a temporary file next to the target, moved into place when complete;</li>
 *   <li>listings follow continuation tokens page by page.</li>
 * </ul>
 *
 * <p>Every request is retried by the SDK in standard mode (jittered exponential backoff) up to
 * {@link S3StoreConfig#maxAttempts()} attempts. Failures surface as {@link IOException}s naming the
 * operation, the {@code s3://} URI and the cause. Thread-safe; close it to release its clients.
 */
public final class S3ModelStore implements ModelStore {
    private static final Logger LOG = LoggerFactory.getLogger(S3ModelStore.class);
    // S3 answers 409 when two conditional writes to one key overlap; the next try sees the winner.
    private static final int CONFLICT_RETRIES = 5;

    private final S3Location location;
    private final S3StoreConfig config;
    private final S3Client client;
    private final Object uploaderLock = new Object();
    private S3AsyncClient uploader;
    private boolean closed;

    private S3ModelStore(S3Location location, S3StoreConfig config) {
        this.location = location;
        this.config = config;
        this.client = S3Clients.sync(config);
    }

    /**
     * Opens the store at {@code s3://bucket/prefix}. No request is sent until the first operation.
     *
     * @throws dev.modeldeploy.api.error.InvalidModelUriException if the URI is not an S3 root
     */
    public static S3ModelStore open(URI root, S3StoreConfig config) {
        return new S3ModelStore(S3Location.parse(root), config);
    }

    @Override
    public URI root() {
        return location.root();
    }

    /** The configuration this store uses. */
    public S3StoreConfig config() {
        return config;
    }

    @Override
    public Optional<byte[]> read(String key) throws IOException {
        String objectKey = location.objectKey(key);
        try {
            return Optional.of(client.getObjectAsBytes(b -> b.bucket(location.bucket()).key(objectKey)).asByteArrayUnsafe());
        } catch (SdkException e) {
            if (S3Failures.isNoSuchKey(e)) {
                return Optional.empty();
            }
            throw failure("read", key, e);
        }
    }

    @Override
    public boolean createIfAbsent(String key, byte[] content) throws IOException {
        String objectKey = location.objectKey(key);
        for (int conflicts = 0; ; conflicts++) {
            AtomicInteger attempts = new AtomicInteger();
            PutObjectRequest request = PutObjectRequest.builder().bucket(location.bucket()).key(objectKey).ifNoneMatch("*")
                    .overrideConfiguration(o -> o.putExecutionAttribute(AttemptCounter.ATTEMPTS, attempts)).build();
            try {
                client.putObject(request, RequestBody.fromBytes(content));
                return true;
            } catch (SdkException e) {
                if (S3Failures.isStatus(e, 412)) {
                    // After a retry, the key may exist because our own earlier attempt created it and only its
                    // response was lost; then the object holds exactly our bytes.
                    return attempts.get() > 1 && read(key).map(existing -> Arrays.equals(existing, content)).orElse(false);
                }
                if (S3Failures.isStatus(e, 409) && conflicts < CONFLICT_RETRIES) {
                    continue;
                }
                throw failure("create", key, e);
            }
        }
    }

    @Override
    public void write(String key, byte[] content) throws IOException {
        String objectKey = location.objectKey(key);
        try {
            client.putObject(b -> b.bucket(location.bucket()).key(objectKey), RequestBody.fromBytes(content));
        } catch (SdkException e) {
            throw failure("write", key, e);
        }
    }

    @Override
    public void upload(String key, Path source) throws IOException {
        String objectKey = location.objectKey(key);
        long size = Files.size(source);
        CompletableFuture<?> upload;
        try {
            upload = uploader().putObject(b -> b.bucket(location.bucket()).key(objectKey), AsyncRequestBody.fromFile(source));
        } catch (SdkException e) {
            throw failure("upload", key, e);
        }
        try {
            upload.get();
            LOG.debug("uploaded {} ({} bytes, parts of {} bytes)", location.describe(key), size, config.partSizeBytes());
        } catch (InterruptedException e) {
            upload.cancel(true);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while uploading " + location.describe(key));
        } catch (ExecutionException e) {
            abortIncompleteUploads(key, objectKey);
            SdkException sdk = mostSpecific(e.getCause());
            if (sdk != null) {
                throw failure("upload", key, sdk);
            }
            throw new IOException("cannot upload " + source + " to " + location.describe(key) + ": " + e.getCause(), e.getCause());
        }
    }

    /**
     * Aborts the incomplete multipart uploads of {@code objectKey} after an upload to it failed. The SDK's
     * multipart client aborts a failed upload too, but only after failing the caller's future, in the
     * background: a process that exits on the failure would leave the parts in the bucket, billed. A
     * repository uploads to a version's prefix only once it claimed the version, so no other publisher's
     * upload of the key is in flight. Best effort: the original failure is what the caller gets.
     */
    private void abortIncompleteUploads(String key, String objectKey) {
        try {
            for (MultipartUpload upload : client.listMultipartUploadsPaginator(b -> b.bucket(location.bucket()).prefix(objectKey)).uploads()) {
                if (!upload.key().equals(objectKey)) {
                    continue;
                }
                try {
                    client.abortMultipartUpload(b -> b.bucket(location.bucket()).key(objectKey).uploadId(upload.uploadId()));
                } catch (NoSuchUploadException alreadyAborted) {
                    // The SDK's own abort came first.
                }
            }
        } catch (SdkException e) {
            LOG.warn("could not abort the incomplete uploads of {} after a failed upload (a bucket lifecycle rule "
                    + "can remove them): {}", location.describe(key), e.toString());
        }
    }

    @Override
    public boolean download(String key, Path target) throws IOException {
        String objectKey = location.objectKey(key);
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        // The SDK retries a broken transfer from the start into a fresh file; the target only ever sees
        // a complete object.
        Path partial = dir.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".part");
        try {
            client.getObject(b -> b.bucket(location.bucket()).key(objectKey), ResponseTransformer.toFile(partial));
            try {
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return true;
        } catch (SdkException e) {
            if (S3Failures.isNoSuchKey(e)) {
                return false;
            }
            throw failure("download", key, e);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        String objectPrefix = location.listPrefix(prefix);
        ListObjectsV2Request request = ListObjectsV2Request.builder().bucket(location.bucket()).prefix(objectPrefix)
                .maxKeys(config.listPageSize()).build();
        List<String> keys = new ArrayList<>();
        try {
            for (ListObjectsV2Response page : client.listObjectsV2Paginator(request)) {
                for (S3Object object : page.contents()) {
                    keys.add(location.storeKey(object.key()));
                }
            }
        } catch (SdkException e) {
            throw failure("list", prefix.isEmpty() ? null : prefix, e);
        }
        return keys;
    }

    @Override
    public boolean delete(String key) throws IOException {
        String objectKey = location.objectKey(key);
        try {
            // DeleteObject succeeds whether or not the key exists; ask first to tell the two apart.
            client.headObject(b -> b.bucket(location.bucket()).key(objectKey));
        } catch (SdkException e) {
            if (S3Failures.isStatus(e, 404)) {
                return false;
            }
            throw failure("delete", key, e);
        }
        try {
            client.deleteObject(b -> b.bucket(location.bucket()).key(objectKey));
            return true;
        } catch (SdkException e) {
            throw failure("delete", key, e);
        }
    }

    private S3AsyncClient uploader() throws IOException {
        synchronized (uploaderLock) {
            if (closed) {
                throw new IOException("store " + location.root() + " is closed");
            }
            // Created on first upload: a process that only loads models never starts its event loop.
            if (uploader == null) {
                uploader = S3Clients.multipart(config);
            }
            return uploader;
        }
    }

    // The multipart client wraps the failed part request's exception in its own; the inner one says why.
    private static SdkException mostSpecific(Throwable failure) {
        SdkException found = null;
        for (Throwable t = failure; t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof SdkException sdk) {
                found = sdk;
            }
        }
        return found;
    }

    private IOException failure(String operation, String key, SdkException e) {
        return S3Failures.describe(operation, location.describe(key), location.bucket(), e);
    }

    @Override
    public void close() {
        synchronized (uploaderLock) {
            closed = true;
            if (uploader != null) {
                uploader.close();
            }
        }
        client.close();
    }

    @Override
    public String toString() {
        return "S3ModelStore[" + location.root() + ", " + config + "]";
    }
}

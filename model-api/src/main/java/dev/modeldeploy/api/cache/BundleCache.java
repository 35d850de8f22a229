package dev.modeldeploy.api.cache;

import dev.modeldeploy.api.bundle.BundleArchive;
import dev.modeldeploy.api.bundle.BundleManifest;
import dev.modeldeploy.api.bundle.Bundles;
import dev.modeldeploy.api.bundle.ExtractionLimits;
import dev.modeldeploy.api.bundle.PublishedManifest;
import dev.modeldeploy.api.error.IntegrityException;
import dev.modeldeploy.api.error.StoreException;
import dev.modeldeploy.api.internal.FileTrees;
import dev.modeldeploy.api.internal.Json;
import dev.modeldeploy.api.internal.Sha256;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The local cache of unpacked bundles, content-addressed by archive SHA-256 and bounded in size with
 * least-recently-used eviction. Several threads and several JVMs may share one cache folder: entries
 * are installed by an atomic rename under a folder lock, an entry in use is never evicted, and an
 * entry is re-verified against its manifest before each use.
 *
 * <pre>
 * dir/.lock               held while installing or evicting
 * dir/entries/SHA/        an unpacked, verified bundle
 * dir/entries/SHA.lock    shared while read, exclusive while evicted
 * dir/entries/SHA.used    its size; modification time = last use
 * dir/refs/HASH.json      a versioned URI's outer manifest, so a cached version needs no store access
 * dir/tmp/                downloads and unpacking in progress
 * </pre>
 *
 * Thread-safe.
 */
public final class BundleCache {
    private static final Logger LOG = LoggerFactory.getLogger(BundleCache.class);

    private final Path dir;
    private final Path entries;
    private final Path refs;
    private final Path tmp;
    private final long maxBytes;
    private final ExtractionLimits limits;
    private final boolean verifyOnUse;

    /** Fetches an archive into a file; the cache checks it. */
    @FunctionalInterface
    public interface Downloader {
        void download(Path target) throws IOException;
    }

    /** Use of an installed entry; while open no thread or process evicts it. Close it once loaded. */
    public interface Lease extends AutoCloseable {
        /** The unpacked bundle folder. */
        Path directory();

        /** The verified manifest. */
        BundleManifest manifest();

        @Override
        void close();
    }

    /**
     * @param dir         the cache folder (created if absent)
     * @param maxBytes    the unpacked size to stay under by evicting least recently used entries
     * @param limits      extraction limits for untrusted archives
     * @param verifyOnUse re-hash every file against the manifest on every use (true), or check sizes only
     */
    public BundleCache(Path dir, long maxBytes, ExtractionLimits limits, boolean verifyOnUse) {
        this.dir = dir.toAbsolutePath().normalize();
        this.entries = this.dir.resolve("entries");
        this.refs = this.dir.resolve("refs");
        this.tmp = this.dir.resolve("tmp");
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("cache size must be positive");
        }
        this.maxBytes = maxBytes;
        this.limits = Objects.requireNonNull(limits, "limits");
        this.verifyOnUse = verifyOnUse;
        try {
            Files.createDirectories(entries);
            Files.createDirectories(refs);
            Files.createDirectories(tmp);
        } catch (IOException e) {
            throw new StoreException("cannot create cache folder " + this.dir + ": " + e.getMessage(), e);
        }
    }

    /** The cache folder. */
    public Path directory() {
        return dir;
    }

    /** A folder for temporary work on the same file system as the cache (so renames are atomic). */
    public Path tempDirectory() {
        return tmp;
    }

    /** The outer manifest recorded for a versioned URI, if that version was cached. */
    public Optional<PublishedManifest> lookup(String versionUri) {
        Path ref = refFile(versionUri);
        try {
            byte[] bytes = Files.readAllBytes(ref);
            RefRecord record = Json.MAPPER.readValue(bytes, RefRecord.class);
            if (!versionUri.equals(record.uri()) || record.manifest() == null) {
                return Optional.empty();
            }
            return Optional.of(record.manifest());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            LOG.warn("ignoring unreadable cache reference {}: {}", ref, e.toString());
            return Optional.empty();
        }
    }

    /** Records which archive a versioned URI holds. */
    public void remember(String versionUri, PublishedManifest manifest) {
        Path ref = refFile(versionUri);
        try {
            Path temp = Files.createTempFile(tmp, "ref-", ".json");
            Files.write(temp, Json.write(new RefRecord(versionUri, manifest)));
            FileTrees.moveReplacing(temp, ref);
        } catch (IOException e) {
            throw new StoreException("cannot write cache reference " + ref + ": " + e.getMessage(), e);
        }
    }

    /** Forgets a versioned URI (its entry stays until evicted). */
    public void forget(String versionUri) {
        try {
            Files.deleteIfExists(refFile(versionUri));
        } catch (IOException e) {
            throw new StoreException("cannot delete cache reference: " + e.getMessage(), e);
        }
    }

    /**
     * Opens the entry holding this published archive, verified against the manifest, or returns empty
     * when it is not cached. A damaged entry is removed and reported as absent, so the caller fetches
     * it again.
     */
    public Optional<Lease> open(PublishedManifest published) {
        return open(published, verifyOnUse);
    }

    private Optional<Lease> open(PublishedManifest published, boolean rehash) {
        String sha = published.archive().sha256();
        requireSha(sha);
        Path entry = entries.resolve(sha);
        CacheLocks.Held held;
        try {
            held = CacheLocks.shared(entries.resolve(sha + ".lock"));
        } catch (IOException e) {
            throw new StoreException("cannot lock cache entry " + entry + ": " + e.getMessage(), e);
        }
        try {
            if (!Files.isDirectory(entry)) {
                held.close();
                return Optional.empty();
            }
            BundleManifest manifest = rehash ? Bundles.verify(entry) : checkSizes(entry);
            if (!manifest.equals(published.manifest())) {
                throw new IntegrityException(BundleManifest.FILE_NAME, "the cached bundle's manifest differs from the published one");
            }
            touch(sha, manifest.totalSize());
            return Optional.of(new EntryLease(entry, manifest, held));
        } catch (IntegrityException e) {
            held.close();
            LOG.warn("cache entry {} is damaged and will be fetched again: {}", sha, e.getMessage());
            evictDamaged(sha);
            return Optional.empty();
        } catch (RuntimeException e) {
            held.close();
            throw e;
        }
    }

    /**
     * Downloads, checks and unpacks an archive into the cache, then opens it. The archive's size and
     * SHA-256 must match the outer manifest, it must unpack safely within the limits, every file must
     * match the inner manifest, and the inner manifest must equal the outer one's copy.
     */
    @SuppressWarnings("try") // The global lock is held for its scope only.
    public Lease install(PublishedManifest published, Downloader downloader) {
        String sha = published.archive().sha256();
        requireSha(sha);
        Path work = tmp.resolve("install-" + UUID.randomUUID());
        Path archive = work.resolve(published.archive().name());
        Path unpacked = work.resolve("bundle");
        CacheLocks.Held pin = null;
        try {
            Files.createDirectories(work);
            downloader.download(archive);
            long size = Files.size(archive);
            if (size != published.archive().size()) {
                throw new IntegrityException(published.archive().name(), "size " + published.archive().size(), "size " + size);
            }
            String actual = Sha256.of(archive);
            if (!actual.equals(sha)) {
                throw new IntegrityException(published.archive().name(), "sha256 " + sha, "sha256 " + actual);
            }
            BundleManifest inner = BundleArchive.unpack(archive, unpacked, limits);
            if (!inner.equals(published.manifest())) {
                throw new IntegrityException(BundleManifest.FILE_NAME, "the archive's manifest and the published manifest disagree");
            }
            Files.delete(archive);
            try (CacheLocks.Held global = CacheLocks.exclusive(dir.resolve(".lock"))) {
                Path entry = entries.resolve(sha);
                if (!Files.isDirectory(entry)) {
                    try {
                        Files.move(unpacked, entry, StandardCopyOption.ATOMIC_MOVE);
                    } catch (FileAlreadyExistsException | DirectoryNotEmptyException raced) {
                        // Another JVM installed it first; theirs is as good as ours.
                    }
                }
                touch(sha, inner.totalSize());
                evictToFit(sha);
                // In use before the folder lock goes, so another install cannot evict it before it is opened.
                pin = CacheLocks.shared(entries.resolve(sha + ".lock"));
            }
        } catch (IOException e) {
            throw new StoreException("cannot install bundle " + sha + " into cache " + dir + ": " + e.getMessage(), e);
        } finally {
            FileTrees.deleteTree(work);
        }
        try (CacheLocks.Held pinned = pin) {
            // Every file was hashed while unpacking moments ago: check sizes only, not a second full pass.
            return open(published, false).orElseThrow(() -> new StoreException("cache entry " + sha + " vanished right after install"));
        }
    }

    /** Total unpacked size of all entries, in bytes. */
    public long size() {
        return listEntries().stream().mapToLong(EntryStat::size).sum();
    }

    private BundleManifest checkSizes(Path entry) {
        BundleManifest manifest = Bundles.readManifest(entry);
        try {
            for (var f : manifest.files()) {
                Path p = entry.resolve(f.path());
                if (!Files.isRegularFile(p) || Files.size(p) != f.size()) {
                    throw new IntegrityException(f.path(), "missing or of the wrong size in the cache");
                }
            }
        } catch (IOException e) {
            throw new StoreException("cannot read cache entry " + entry + ": " + e.getMessage(), e);
        }
        return manifest;
    }

    private void touch(String sha, long size) throws UncheckedIOException {
        Path used = entries.resolve(sha + ".used");
        try {
            Files.write(used, Long.toString(size).getBytes(StandardCharsets.US_ASCII));
            Files.setLastModifiedTime(used, FileTime.fromMillis(System.currentTimeMillis()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void evictToFit(String keep) throws IOException {
        List<EntryStat> all = listEntries();
        long total = all.stream().mapToLong(EntryStat::size).sum();
        all.sort(Comparator.comparing(EntryStat::lastUsed));
        for (EntryStat e : all) {
            if (total <= maxBytes) {
                return;
            }
            if (e.sha().equals(keep)) {
                continue;
            }
            if (evict(e.sha())) {
                total -= e.size();
            }
        }
        if (total > maxBytes) {
            LOG.warn("model cache {} holds {} bytes, over its limit of {} bytes: the remaining entries are in use", dir, total, maxBytes);
        }
    }

    private boolean evict(String sha) throws IOException {
        try (CacheLocks.Held lock = CacheLocks.tryExclusive(entries.resolve(sha + ".lock"))) {
            if (lock == null) {
                return false;
            }
            removeEntry(sha);
            return true;
        }
    }

    @SuppressWarnings("try")
    private void evictDamaged(String sha) {
        try (CacheLocks.Held global = CacheLocks.exclusive(dir.resolve(".lock"))) {
            evict(sha);
        } catch (IOException e) {
            LOG.warn("cannot remove damaged cache entry {}: {}", sha, e.toString());
        }
    }

    private void removeEntry(String sha) throws IOException {
        Path entry = entries.resolve(sha);
        // Rename first so no reader ever sees a half-deleted folder.
        Path doomed = tmp.resolve("evict-" + sha + "-" + UUID.randomUUID());
        try {
            Files.move(entry, doomed, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
            // Already gone.
        }
        Files.deleteIfExists(entries.resolve(sha + ".used"));
        FileTrees.deleteTree(doomed);
    }

    private List<EntryStat> listEntries() {
        List<EntryStat> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(entries)) {
            for (Path used : (Iterable<Path>) files::iterator) {
                String name = used.getFileName().toString();
                if (!name.endsWith(".used")) {
                    continue;
                }
                try {
                    long size = Long.parseLong(Files.readString(used, StandardCharsets.US_ASCII).trim());
                    out.add(new EntryStat(name.substring(0, name.length() - 5), size, Files.getLastModifiedTime(used)));
                } catch (NoSuchFileException | NumberFormatException e) {
                    // Being evicted or being written right now: not counted this round.
                }
            }
        } catch (IOException e) {
            throw new StoreException("cannot list cache " + entries + ": " + e.getMessage(), e);
        }
        return out;
    }

    private Path refFile(String versionUri) {
        return refs.resolve(Sha256.of(versionUri.getBytes(StandardCharsets.UTF_8)) + ".json");
    }

    private static void requireSha(String sha) {
        if (!Sha256.isHex(sha)) {
            throw new IntegrityException(BundleManifest.FILE_NAME, "archive hash is not a SHA-256: " + sha);
        }
    }

    private record EntryStat(String sha, long size, FileTime lastUsed) {
    }

    record RefRecord(String uri, PublishedManifest manifest) {
    }

    private static final class EntryLease implements Lease {
        private final Path directory;
        private final BundleManifest manifest;
        private final CacheLocks.Held held;

        EntryLease(Path directory, BundleManifest manifest, CacheLocks.Held held) {
            this.directory = directory;
            this.manifest = manifest;
            this.held = held;
        }

        @Override
        public Path directory() {
            return directory;
        }

        @Override
        public BundleManifest manifest() {
            return manifest;
        }

        @Override
        public void close() {
            held.close();
        }
    }
}

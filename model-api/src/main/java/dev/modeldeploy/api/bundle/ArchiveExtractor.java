package dev.modeldeploy.api.bundle;

import dev.modeldeploy.api.error.IntegrityException;
import dev.modeldeploy.api.error.UnsafeBundleException;
import dev.modeldeploy.api.error.UnsafeBundleException.Reason;
import dev.modeldeploy.api.internal.Sha256;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Writes the entries of an untrusted archive into an empty folder, hashing each file as it is written,
 * then checks the files against the archive's own {@code MODEL.json}. One use; not thread-safe.
 */
final class ArchiveExtractor {
    private final Path root;
    private final ExtractionLimits limits;
    /** Every entry path so far, {@code true} for a file: refuses duplicates and entries below a file. */
    private final Map<String, Boolean> seen = new HashMap<>();
    /** Files written other than {@code MODEL.json}, with their actual size and hash; sorted for stable errors. */
    private final Map<String, BundleFile> written = new TreeMap<>();
    private final byte[] buffer = new byte[ArchiveReader.BUFFER_SIZE];
    private byte[] manifest;
    private long unpacked;

    /** @param root an existing, empty folder, absolute and normalised */
    ArchiveExtractor(Path root, ExtractionLimits limits) {
        this.root = root;
        this.limits = limits;
    }

    /** Extracts every entry and returns the archive's manifest once every file matches it. */
    BundleManifest extract(ArchiveReader reader) throws IOException {
        for (ArchiveReader.Entry entry; (entry = reader.next()) != null; ) {
            Path target = claim(entry);
            if (entry.directory()) {
                Files.createDirectories(target);
            } else if (entry.path().equals(BundleManifest.FILE_NAME)) {
                manifest = reader.readManifest();
                count(entry, manifest.length);
                try (OutputStream out = create(entry, target)) {
                    out.write(manifest);
                }
            } else {
                written.put(entry.path(), write(reader, entry, target));
            }
        }
        return check();
    }

    /** Records the entry and returns where it goes; refuses a path seen before or one below a file. */
    private Path claim(ArchiveReader.Entry entry) {
        if (seen.put(entry.path(), !entry.directory()) != null) {
            throw duplicate(entry, "the path appears twice in the archive");
        }
        for (String parent = entry.path(); parent.contains("/"); ) {
            parent = parent.substring(0, parent.lastIndexOf('/'));
            if (Boolean.TRUE.equals(seen.get(parent))) {
                throw duplicate(entry, "'" + parent + "' is a file, not a folder");
            }
        }
        Path target;
        try {
            target = root.resolve(entry.path()).normalize();
        } catch (InvalidPathException e) {
            throw new UnsafeBundleException(Reason.MALFORMED, entry.name(), "not a valid path here: " + e.getMessage());
        }
        // Belt and braces: normalise() has already refused every name that could leave the root.
        if (!target.startsWith(root)) {
            throw new UnsafeBundleException(Reason.PATH_TRAVERSAL, entry.name(), "resolves outside the target folder");
        }
        return target;
    }

    private BundleFile write(ArchiveReader reader, ArchiveReader.Entry entry, Path target) throws IOException {
        MessageDigest digest = Sha256.newDigest();
        long size = 0;
        try (OutputStream out = create(entry, target)) {
            for (int n; (n = reader.read(buffer)) != -1; ) {
                count(entry, n);
                digest.update(buffer, 0, n);
                out.write(buffer, 0, n);
                size += n;
            }
        }
        return new BundleFile(entry.path(), size, Sha256.hex(digest.digest()));
    }

    private OutputStream create(ArchiveReader.Entry entry, Path target) throws IOException {
        try {
            Files.createDirectories(target.getParent());
            // CREATE_NEW: never follow, overwrite or append to anything already there.
            return Files.newOutputStream(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException e) {
            // A file where an earlier entry implied a folder, or a name differing only in case on a
            // case-insensitive file system.
            throw duplicate(entry, "clashes with an earlier entry");
        }
    }

    /** Counts bytes before they are written, so extraction stops as soon as the limit passes. */
    private void count(ArchiveReader.Entry entry, long bytes) {
        unpacked += bytes;
        if (unpacked > limits.maxUnpackedBytes()) {
            throw new UnsafeBundleException(Reason.TOO_LARGE, entry.name(),
                    "the bundle unpacks to more than " + limits.maxUnpackedBytes() + " bytes");
        }
    }

    private BundleManifest check() {
        if (manifest == null) {
            throw new IntegrityException(BundleManifest.FILE_NAME, "missing from the archive");
        }
        BundleManifest parsed = Bundles.parseManifest(manifest);
        Set<String> listed = new HashSet<>();
        for (BundleFile expected : parsed.files()) {
            listed.add(expected.path());
            BundleFile actual = written.get(expected.path());
            if (actual == null) {
                throw new IntegrityException(expected.path(), "listed in the manifest but missing from the archive");
            }
            if (actual.size() != expected.size()) {
                throw new IntegrityException(expected.path(), "size " + expected.size(), "size " + actual.size());
            }
            if (!actual.sha256().equals(expected.sha256())) {
                throw new IntegrityException(expected.path(), "sha256 " + expected.sha256(), "sha256 " + actual.sha256());
            }
        }
        for (String path : written.keySet()) {
            if (!listed.contains(path)) {
                throw new IntegrityException(path, "in the archive but not in its manifest");
            }
        }
        return parsed;
    }

    private static UnsafeBundleException duplicate(ArchiveReader.Entry entry, String why) {
        return new UnsafeBundleException(Reason.DUPLICATE_ENTRY, entry.name(), why);
    }
}

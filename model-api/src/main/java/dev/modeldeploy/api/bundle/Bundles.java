package dev.modeldeploy.api.bundle;

import dev.modeldeploy.api.ModelInfo;
import dev.modeldeploy.api.error.IntegrityException;
import dev.modeldeploy.api.error.StoreException;
import dev.modeldeploy.api.error.UnsafeBundleException;
import dev.modeldeploy.api.internal.Json;
import dev.modeldeploy.api.internal.Sha256;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Bundle directories: a folder of files a format saved plus the inner {@code MODEL.json}. Thread-safe
 * (stateless); callers must not change a directory while it is described or verified.
 */
public final class Bundles {
    private Bundles() {
    }

    /**
     * Hashes every regular file under {@code dir} and writes {@code MODEL.json} with the given info.
     * Links and special files are refused: a bundle holds regular files only.
     *
     * @return the manifest written
     */
    public static BundleManifest describe(Path dir, ModelInfo info) {
        BundleManifest manifest = scan(dir, info);
        try {
            write(dir, manifest);
        } catch (IOException e) {
            throw new StoreException("cannot write manifest into " + dir + ": " + e.getMessage(), e);
        }
        return manifest;
    }

    /**
     * Like {@link #describe(Path, ModelInfo)} but writes nothing: the manifest of every regular file
     * under {@code dir} other than {@code MODEL.json}.
     */
    public static BundleManifest scan(Path dir, ModelInfo info) {
        try {
            List<BundleFile> files = new ArrayList<>();
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : (Iterable<Path>) walk.sorted()::iterator) {
                    if (p.equals(dir) || Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                        continue;
                    }
                    String rel = relative(dir, p);
                    if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                        throw new UnsafeBundleException(Files.isSymbolicLink(p) ? UnsafeBundleException.Reason.LINK
                                : UnsafeBundleException.Reason.SPECIAL_FILE, rel, "a bundle holds regular files only");
                    }
                    if (rel.equals(BundleManifest.FILE_NAME)) {
                        continue;
                    }
                    files.add(new BundleFile(rel, Files.size(p), Sha256.of(p)));
                }
            }
            files.sort(Comparator.comparing(BundleFile::path));
            return new BundleManifest(BundleManifest.CURRENT_FORMAT, info, files);
        } catch (IOException e) {
            throw new StoreException("cannot describe bundle " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Writes the manifest as {@code dir/MODEL.json}, replacing any. */
    public static void write(Path dir, BundleManifest manifest) throws IOException {
        Files.write(dir.resolve(BundleManifest.FILE_NAME), Json.write(manifest));
    }

    /** Reads {@code dir/MODEL.json} without checking the files. */
    public static BundleManifest readManifest(Path dir) {
        Path file = dir.resolve(BundleManifest.FILE_NAME);
        if (!Files.isRegularFile(file)) {
            throw new IntegrityException(BundleManifest.FILE_NAME, "missing from bundle " + dir);
        }
        return parseManifest(file);
    }

    /** Parses a manifest file; an unreadable manifest is an integrity failure. */
    public static BundleManifest parseManifest(Path file) {
        try {
            return checkShape(Json.MAPPER.readValue(file.toFile(), BundleManifest.class));
        } catch (IOException | RuntimeException e) {
            if (e instanceof IntegrityException ie) {
                throw ie;
            }
            throw new IntegrityException(BundleManifest.FILE_NAME, "unreadable manifest: " + e.getMessage());
        }
    }

    /** Parses manifest bytes; an unreadable manifest is an integrity failure. */
    public static BundleManifest parseManifest(byte[] content) {
        try {
            return checkShape(Json.MAPPER.readValue(content, BundleManifest.class));
        } catch (IOException | RuntimeException e) {
            if (e instanceof IntegrityException ie) {
                throw ie;
            }
            throw new IntegrityException(BundleManifest.FILE_NAME, "unreadable manifest: " + e.getMessage());
        }
    }

    private static BundleManifest checkShape(BundleManifest m) {
        if (m == null || m.info() == null) {
            throw new IntegrityException(BundleManifest.FILE_NAME, "manifest has no model info");
        }
        if (m.bundleFormat() != BundleManifest.CURRENT_FORMAT) {
            throw new IntegrityException(BundleManifest.FILE_NAME, "unsupported bundle format " + m.bundleFormat()
                    + " (this library reads format " + BundleManifest.CURRENT_FORMAT + ")");
        }
        for (BundleFile f : m.files()) {
            if (!Sha256.isHex(f.sha256())) {
                throw new IntegrityException(f.path(), "manifest hash is not a SHA-256: " + f.sha256());
            }
        }
        return m;
    }

    /**
     * Checks every file under {@code dir} against its {@code MODEL.json}: same set of files, same sizes,
     * same SHA-256.
     *
     * @return the verified manifest
     * @throws IntegrityException naming the first file that differs
     */
    public static BundleManifest verify(Path dir) {
        BundleManifest manifest = readManifest(dir);
        try {
            Map<String, BundleFile> expected = new HashMap<>();
            for (BundleFile f : manifest.files()) {
                expected.put(f.path(), f);
            }
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : (Iterable<Path>) walk::iterator) {
                    if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                        continue;
                    }
                    String rel = relative(dir, p);
                    if (!rel.equals(BundleManifest.FILE_NAME) && !expected.containsKey(rel)) {
                        throw new IntegrityException(rel, "file is not in the manifest");
                    }
                }
            }
            for (BundleFile f : manifest.files()) {
                Path p = dir.resolve(f.path());
                if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    throw new IntegrityException(f.path(), "file listed in the manifest is missing");
                }
                long size = Files.size(p);
                if (size != f.size()) {
                    throw new IntegrityException(f.path(), "size " + f.size(), "size " + size);
                }
                String actual = Sha256.of(p);
                if (!actual.equals(f.sha256())) {
                    throw new IntegrityException(f.path(), "sha256 " + f.sha256(), "sha256 " + actual);
                }
            }
            return manifest;
        } catch (IOException e) {
            throw new StoreException("cannot verify bundle " + dir + ": " + e.getMessage(), e);
        }
    }

    static String relative(Path dir, Path file) {
        return dir.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
    }
}

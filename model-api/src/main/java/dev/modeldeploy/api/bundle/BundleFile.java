package dev.modeldeploy.api.bundle;

import java.util.Objects;

/**
 * One file of a bundle as its manifest records it. Immutable.
 *
 * @param path   relative path inside the bundle, '/'-separated, never absolute and never containing '..'
 * @param size   size in bytes
 * @param sha256 lower-case hex SHA-256 of the content
 */
public record BundleFile(String path, long size, String sha256) {
    public BundleFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(sha256, "sha256");
        if (size < 0) {
            throw new IllegalArgumentException("size must be >= 0");
        }
    }
}

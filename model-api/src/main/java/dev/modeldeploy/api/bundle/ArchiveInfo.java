package dev.modeldeploy.api.bundle;

import java.util.Objects;

/**
 * A packed bundle archive as the outer manifest records it. Immutable.
 *
 * @param name        file name of the archive next to the outer manifest, e.g. {@code bundle.tar.zst}
 * @param compression its compression
 * @param size        size in bytes
 * @param sha256      lower-case hex SHA-256 of the archive bytes
 */
public record ArchiveInfo(String name, Compression compression, long size, String sha256) {
    public ArchiveInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(compression, "compression");
        Objects.requireNonNull(sha256, "sha256");
    }
}

package dev.modeldeploy.api.bundle;

import java.util.Objects;

/**
 * The outer {@code MODEL.json} a store keeps next to a published archive, written last: a version is
 * visible only once it exists. Holds the archive's hash and size and a copy of the inner manifest,
 * which loading checks against the archive's own.
 *
 * @param bundleFormat the bundle layout version
 * @param archive      the archive's name, compression, size and SHA-256
 * @param manifest     a copy of the inner manifest
 */
public record PublishedManifest(int bundleFormat, ArchiveInfo archive, BundleManifest manifest) {
    public PublishedManifest {
        Objects.requireNonNull(archive, "archive");
        Objects.requireNonNull(manifest, "manifest");
    }
}

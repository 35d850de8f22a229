package dev.modeldeploy.api.bundle;

import dev.modeldeploy.api.ModelInfo;

import java.util.List;
import java.util.Objects;

/**
 * The inner {@code MODEL.json} of a bundle: the model's info and every file with its size and SHA-256.
 * Immutable and thread-safe.
 *
 * @param bundleFormat the version of the bundle layout ({@link #CURRENT_FORMAT} when written by this library)
 * @param info         the model's info
 * @param files        every file of the bundle except {@code MODEL.json} itself, sorted by path
 */
public record BundleManifest(int bundleFormat, ModelInfo info, List<BundleFile> files) {
    /** The bundle layout this library writes and reads. */
    public static final int CURRENT_FORMAT = 1;
    /** The manifest's file name, inside the bundle and next to the archive in a store. */
    public static final String FILE_NAME = "MODEL.json";

    public BundleManifest {
        Objects.requireNonNull(info, "info");
        files = List.copyOf(files);
    }

    /** Sum of the sizes of all files. */
    public long totalSize() {
        return files.stream().mapToLong(BundleFile::size).sum();
    }

    /** This manifest with other info (the files stay). */
    public BundleManifest withInfo(ModelInfo newInfo) {
        return new BundleManifest(bundleFormat, newInfo, files);
    }
}

package dev.modeldeploy.api.bundle;

/**
 * Limits that make unpacking an untrusted archive safe against archive bombs. Immutable.
 *
 * @param maxUnpackedBytes    largest total size of all files, in bytes
 * @param maxEntries          largest number of archive entries
 * @param maxCompressionRatio largest ratio of unpacked bytes to archive bytes read, checked once
 *                            {@link #RATIO_GRACE_BYTES} have been unpacked (tiny bundles compress well)
 */
public record ExtractionLimits(long maxUnpackedBytes, int maxEntries, double maxCompressionRatio) {
    /** Unpacked bytes below which the compression ratio is not checked. */
    public static final long RATIO_GRACE_BYTES = 1L << 20;

    /** 64 GiB, 10,000 entries, ratio 1,000: generous for real models, fatal for bombs. */
    public static final ExtractionLimits DEFAULT = new ExtractionLimits(64L << 30, 10_000, 1_000);

    public ExtractionLimits {
        if (maxUnpackedBytes <= 0 || maxEntries <= 0 || !(maxCompressionRatio > 0)) {
            throw new IllegalArgumentException("extraction limits must be positive");
        }
    }

    public ExtractionLimits withMaxUnpackedBytes(long value) {
        return new ExtractionLimits(value, maxEntries, maxCompressionRatio);
    }

    public ExtractionLimits withMaxEntries(int value) {
        return new ExtractionLimits(maxUnpackedBytes, value, maxCompressionRatio);
    }

    public ExtractionLimits withMaxCompressionRatio(double value) {
        return new ExtractionLimits(maxUnpackedBytes, maxEntries, value);
    }
}

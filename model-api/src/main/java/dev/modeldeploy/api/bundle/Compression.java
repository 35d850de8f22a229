package dev.modeldeploy.api.bundle;

/** How a bundle's tar archive is compressed. Readers detect it from the archive's first bytes. */
public enum Compression {
    /** Zstandard: the default; fast to pack and to unpack. */
    ZSTD("bundle.tar.zst"),
    /** gzip: readable everywhere. */
    GZIP("bundle.tar.gz"),
    /** No compression (already-compressed weights). */
    NONE("bundle.tar");

    private final String fileName;

    Compression(String fileName) {
        this.fileName = fileName;
    }

    /** The archive's file name in a store. */
    public String fileName() {
        return fileName;
    }
}

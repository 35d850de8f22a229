package dev.modeldeploy.api.error;

/**
 * A bundle does not match its manifest: a file's hash or size differs, a file is missing or extra, or
 * the outer and inner manifests disagree. The bundle must not be used.
 */
public class IntegrityException extends ModelException {
    private final String file;
    private final String expected;
    private final String actual;

    public IntegrityException(String file, String expected, String actual) {
        super("integrity check failed for '" + file + "': expected " + expected + " but was " + actual);
        this.file = file;
        this.expected = expected;
        this.actual = actual;
    }

    public IntegrityException(String file, String message) {
        super("integrity check failed for '" + file + "': " + message);
        this.file = file;
        this.expected = "";
        this.actual = "";
    }

    /** The file (path inside the bundle, or {@code MODEL.json} / the archive name) that failed. */
    public String file() {
        return file;
    }

    /** The expected value (usually a SHA-256 in hex, or a size); empty when not a value mismatch. */
    public String expected() {
        return expected;
    }

    /** The value found; empty when not a value mismatch. */
    public String actual() {
        return actual;
    }
}

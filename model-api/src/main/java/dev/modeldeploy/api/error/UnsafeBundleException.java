package dev.modeldeploy.api.error;

/**
 * An archive was refused before anything of it escaped the extraction folder: a path that is absolute
 * or climbs out, a link, a device or FIFO, a duplicate entry, or a passed size, count or ratio limit.
 */
public class UnsafeBundleException extends ModelException {
    /** Why an archive was refused. */
    public enum Reason {
        ABSOLUTE_PATH,
        PATH_TRAVERSAL,
        BACKSLASH_IN_PATH,
        LINK,
        SPECIAL_FILE,
        DUPLICATE_ENTRY,
        TOO_LARGE,
        TOO_MANY_ENTRIES,
        COMPRESSION_RATIO,
        MALFORMED
    }

    private final Reason reason;
    private final String entry;

    public UnsafeBundleException(Reason reason, String entry, String message) {
        super("unsafe bundle, entry '" + entry + "': " + message);
        this.reason = reason;
        this.entry = entry;
    }

    /** The kind of refusal. */
    public Reason reason() {
        return reason;
    }

    /** The archive entry name that caused the refusal (as written in the archive). */
    public String entry() {
        return entry;
    }
}

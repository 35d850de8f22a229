package dev.modeldeploy.api.error;

import java.util.Collection;

/** A bundle names a model format that no installed {@code ModelFormat} provides (add its module to the class path). */
public class FormatNotInstalledException extends ModelException {
    private final String format;

    public FormatNotInstalledException(String format, Collection<String> installed) {
        super("model format '" + format + "' is not installed (installed: " + (installed.isEmpty() ? "none" : String.join(", ", installed))
                + "); add the module that provides it to the class path");
        this.format = format;
    }

    /** The format name the manifest asked for. */
    public String format() {
        return format;
    }
}

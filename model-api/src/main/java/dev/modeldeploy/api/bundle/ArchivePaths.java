package dev.modeldeploy.api.bundle;

import dev.modeldeploy.api.error.UnsafeBundleException;
import dev.modeldeploy.api.error.UnsafeBundleException.Reason;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Checks and normalises entry names of untrusted archives. Stateless. */
final class ArchivePaths {
    private static final Pattern WINDOWS_DRIVE = Pattern.compile("^[A-Za-z]:");

    private ArchivePaths() {
    }

    /**
     * The entry name as a plain relative path: '/'-separated, no empty or {@code .} segments, no trailing
     * '/'; the empty string for the bundle's root folder. Refuses any name that could reach outside it.
     */
    static String normalise(String name) {
        if (name.isEmpty() || name.indexOf('\0') >= 0) {
            throw new UnsafeBundleException(Reason.MALFORMED, name, "an entry needs a non-empty name without NUL characters");
        }
        if (name.startsWith("/") || WINDOWS_DRIVE.matcher(name).lookingAt()) {
            throw new UnsafeBundleException(Reason.ABSOLUTE_PATH, name, "absolute paths would be written outside the bundle");
        }
        if (name.indexOf('\\') >= 0) {
            throw new UnsafeBundleException(Reason.BACKSLASH_IN_PATH, name,
                    "a backslash is a path separator on Windows, so the name could mean another path there");
        }
        List<String> segments = new ArrayList<>();
        for (String segment : name.split("/")) {
            if (segment.equals("..")) {
                throw new UnsafeBundleException(Reason.PATH_TRAVERSAL, name, "'..' could climb out of the bundle");
            }
            if (!segment.isEmpty() && !segment.equals(".")) {
                segments.add(segment);
            }
        }
        return String.join("/", segments);
    }

    /**
     * Whether a link target, resolved from the normalised folder {@code from} ({@code ""} for the root),
     * would reach outside the bundle.
     */
    static boolean leavesBundle(String from, String target) {
        if (target.startsWith("/") || target.indexOf('\\') >= 0 || WINDOWS_DRIVE.matcher(target).lookingAt()) {
            return true;
        }
        int depth = from.isEmpty() ? 0 : from.split("/").length;
        for (String segment : target.split("/")) {
            if (segment.equals("..")) {
                depth--;
            } else if (!segment.isEmpty() && !segment.equals(".")) {
                depth++;
            }
            if (depth < 0) {
                return true;
            }
        }
        return false;
    }
}

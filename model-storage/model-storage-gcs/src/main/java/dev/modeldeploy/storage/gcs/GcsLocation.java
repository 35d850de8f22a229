package dev.modeldeploy.storage.gcs;

import dev.modeldeploy.api.error.InvalidModelUriException;

import java.net.URI;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where a store lives in Google Cloud Storage: a bucket and an object-name prefix, parsed from a
 * {@code gs://bucket/prefix} root URI. Maps store keys to object names and back, refusing keys that
 * could address objects outside the prefix. Immutable and thread-safe.
 *
 * @param bucket the bucket name
 * @param prefix the object-name prefix without leading or trailing slash; empty for the whole bucket
 */
public record GcsLocation(String bucket, String prefix) {
    // https://cloud.google.com/storage/docs/buckets#naming (dotted names may be up to 222 characters).
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]");

    public GcsLocation {
        if (bucket == null || !BUCKET.matcher(bucket).matches() || (!bucket.contains(".") && bucket.length() > 63)) {
            throw new InvalidModelUriException("invalid GCS bucket name '" + bucket
                    + "': use 3-63 lower-case letters, digits, '-', '_' or '.', starting and ending with a letter or digit");
        }
        if (prefix == null) {
            prefix = "";
        }
        if (!prefix.isEmpty()) {
            checkSegments(prefix, "prefix");
        }
    }

    /** Parses a {@code gs://bucket[/prefix]} store root; a trailing slash is ignored. */
    public static GcsLocation parse(URI root) {
        if (root.getScheme() == null || !"gs".equals(root.getScheme().toLowerCase(Locale.ROOT))) {
            throw new InvalidModelUriException("not a gs: URI: " + root);
        }
        if (root.isOpaque() || root.getRawQuery() != null || root.getRawFragment() != null) {
            throw new InvalidModelUriException("a GCS store root is gs://bucket/prefix, without query or fragment: " + root);
        }
        String bucket = root.getAuthority();
        if (bucket == null || bucket.isEmpty()) {
            throw new InvalidModelUriException("a GCS store root names a bucket, as in gs://bucket/prefix: " + root);
        }
        String path = root.getPath() == null ? "" : root.getPath();
        while (path.startsWith("/")) {
            path = path.substring(1);
        }
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return new GcsLocation(bucket, path);
    }

    /** The root URI, {@code gs://bucket/prefix}. */
    public URI uri() {
        return URI.create("gs://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix));
    }

    /** The {@code gs://} URI of one key, for messages. */
    public String uriOf(String key) {
        return "gs://" + bucket + "/" + objectName(key);
    }

    /** The object name of a store key; refuses empty, absolute and dot segments. */
    public String objectName(String key) {
        checkSegments(key, "store key");
        return prefix.isEmpty() ? key : prefix + "/" + key;
    }

    /** The object-name prefix every key starting with {@code keyPrefix} has (no segment checks: a prefix may end mid-segment). */
    public String objectPrefix(String keyPrefix) {
        if (keyPrefix.startsWith("/") || keyPrefix.contains("\0")) {
            throw new InvalidModelUriException("invalid store key prefix: " + keyPrefix);
        }
        return prefix.isEmpty() ? keyPrefix : prefix + "/" + keyPrefix;
    }

    /** The store key of an object under this location's prefix. */
    public String keyOf(String objectName) {
        if (prefix.isEmpty()) {
            return objectName;
        }
        if (!objectName.startsWith(prefix + "/")) {
            throw new IllegalArgumentException("object " + objectName + " is not under " + uri());
        }
        return objectName.substring(prefix.length() + 1);
    }

    private static void checkSegments(String path, String what) {
        if (path.isEmpty() || path.contains("\\") || path.contains("\0") || path.contains("\n") || path.contains("\r")) {
            throw new InvalidModelUriException("invalid " + what + ": " + path);
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new InvalidModelUriException("invalid " + what + ": " + path);
            }
        }
    }

    @Override
    public String toString() {
        return uri().toString();
    }
}

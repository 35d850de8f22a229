package dev.modeldeploy.storage.s3;

import dev.modeldeploy.api.error.InvalidModelUriException;

import java.net.URI;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A store root in S3: a bucket and a key prefix (no leading or trailing slash, possibly empty), and the
 * mapping from store keys to object keys. Immutable.
 *
 * @param bucket the bucket name
 * @param prefix the key prefix under which the store lives, without slashes at either end
 */
record S3Location(String bucket, String prefix) {
    // S3's rules, loosened to allow the underscores some S3-compatible servers accept.
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9._-]{1,61}[a-z0-9]");

    /** Parses {@code s3://bucket/prefix}. */
    static S3Location parse(URI root) {
        if (root.getScheme() == null || !root.getScheme().toLowerCase(Locale.ROOT).equals("s3") || root.isOpaque()) {
            throw new InvalidModelUriException("an S3 store root looks like s3://bucket/prefix, not " + root);
        }
        String bucket = root.getRawAuthority();
        if (bucket == null || !BUCKET.matcher(bucket).matches()) {
            throw new InvalidModelUriException("'" + bucket + "' is not an S3 bucket name (3–63 lower-case letters, digits, '.', '-'): " + root);
        }
        if (root.getRawQuery() != null || root.getRawFragment() != null) {
            throw new InvalidModelUriException("an S3 store root has no query or fragment: " + root);
        }
        String path = root.getPath() == null ? "" : root.getPath();
        String prefix = path.replaceAll("^/+", "").replaceAll("/+$", "");
        if (!prefix.isEmpty()) {
            checkKey(prefix, root.toString());
        }
        return new S3Location(bucket, prefix);
    }

    /** The object key of a store key, which must be a relative path without empty, "." or ".." segments. */
    String objectKey(String key) {
        checkKey(key, key);
        return prefix.isEmpty() ? key : prefix + "/" + key;
    }

    /** The object key prefix for listing under a store key prefix (which may end in '/' or be empty). */
    String listPrefix(String keyPrefix) {
        if (keyPrefix.isEmpty()) {
            return prefix.isEmpty() ? "" : prefix + "/";
        }
        int slash = keyPrefix.lastIndexOf('/');
        if (slash >= 0) {
            checkKey(keyPrefix.substring(0, slash), keyPrefix);
        }
        return prefix.isEmpty() ? keyPrefix : prefix + "/" + keyPrefix;
    }

    /** The store key of an object key under this root. */
    String storeKey(String objectKey) {
        return prefix.isEmpty() ? objectKey : objectKey.substring(prefix.length() + 1);
    }

    /** {@code s3://bucket/prefix}. */
    URI root() {
        return URI.create("s3://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix));
    }

    /** The full {@code s3://} URI of a store key, for messages. */
    String describe(String key) {
        return "s3://" + bucket + "/" + (key == null ? prefix : objectKeyUnchecked(key));
    }

    private String objectKeyUnchecked(String key) {
        return prefix.isEmpty() ? key : prefix + "/" + key;
    }

    // Keys are never traversal-prone in S3, but a key with empty or dot segments is a bug in the caller,
    // and the same key must mean the same object on every backend.
    private static void checkKey(String key, String shown) {
        if (key.isEmpty() || key.startsWith("/") || key.contains("\\") || key.indexOf('\0') >= 0) {
            throw new InvalidModelUriException("invalid store key: " + shown);
        }
        for (String segment : key.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new InvalidModelUriException("invalid store key: " + shown);
            }
        }
    }
}

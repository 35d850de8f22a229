package dev.modeldeploy.api.repository;

import dev.modeldeploy.api.error.InvalidModelUriException;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A parsed model URI: a store root, a model name, and optionally a version or an alias.
 *
 * <ul>
 *   <li>{@code s3://ml-models/lead-scoring}: the latest version of {@code lead-scoring} in store root {@code s3://ml-models}</li>
 *   <li>{@code s3://ml-models/lead-scoring/7}: version 7</li>
 *   <li>{@code s3://ml-models/lead-scoring@production}: the version alias {@code production} points to</li>
 * </ul>
 *
 * <p>Model names are 1–128 characters of letters, digits, {@code . _ -}, start with a letter or
 * digit and are not all digits (that would read as a version). Alias names are 1–64 characters of
 * letters, digits, {@code . _ -} and start with a letter. Immutable and thread-safe.
 *
 * @param root    the store root (no trailing slash)
 * @param name    the model name
 * @param version the version, or 0 when none is named
 * @param alias   the alias, or null when none is named
 */
public record ModelUri(URI root, String name, int version, String alias) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");
    private static final Pattern ALIAS = Pattern.compile("[A-Za-z][A-Za-z0-9._-]{0,63}");

    public ModelUri {
        Objects.requireNonNull(root, "root");
        checkName(name);
        if (version < 0) {
            throw new InvalidModelUriException("version must be a positive integer, was " + version);
        }
        if (alias != null) {
            checkAlias(alias);
            if (version != 0) {
                throw new InvalidModelUriException("a model URI names a version or an alias, not both");
            }
        }
    }

    /** Parses a model URI; throws {@link InvalidModelUriException} saying what is wrong. */
    public static ModelUri parse(URI uri) {
        Objects.requireNonNull(uri, "uri");
        if (uri.getScheme() == null) {
            throw new InvalidModelUriException("model URI needs a scheme (file:, s3:, gs:): " + uri);
        }
        if (uri.isOpaque()) {
            throw new InvalidModelUriException("model URI must be hierarchical, e.g. file:/models/name: " + uri);
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new InvalidModelUriException("model URI must not have a query or fragment: " + uri);
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        while (path.endsWith("/") && path.length() > 1) {
            path = path.substring(0, path.length() - 1);
        }
        String[] segments = path.split("/");
        if (segments.length < 2 || segments[segments.length - 1].isEmpty()) {
            throw new InvalidModelUriException("model URI has no model name: " + uri);
        }
        int last = segments.length - 1;
        int version = 0;
        if (DIGITS.matcher(segments[last]).matches()) {
            version = parseVersion(segments[last], uri);
            last--;
            if (last < 1 || segments[last].isEmpty()) {
                throw new InvalidModelUriException("model URI has a version but no model name: " + uri);
            }
        }
        String name = segments[last];
        String alias = null;
        int at = name.indexOf('@');
        if (at >= 0) {
            if (version != 0) {
                throw new InvalidModelUriException("a model URI names a version or an alias, not both: " + uri);
            }
            alias = name.substring(at + 1);
            name = name.substring(0, at);
            if (alias.isEmpty()) {
                throw new InvalidModelUriException("empty alias name in " + uri);
            }
        }
        String rootPath = String.join("/", java.util.Arrays.copyOfRange(segments, 0, last));
        try {
            URI root = new URI(uri.getScheme(), uri.getAuthority(), rootPath.isEmpty() ? null : rootPath, null, null);
            return new ModelUri(root, name, version, alias);
        } catch (URISyntaxException e) {
            throw new InvalidModelUriException("invalid model URI " + uri + ": " + e.getMessage());
        }
    }

    private static int parseVersion(String text, URI uri) {
        try {
            int v = Integer.parseInt(text);
            if (v <= 0) {
                throw new InvalidModelUriException("versions start at 1, got " + text + " in " + uri);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new InvalidModelUriException("version out of range in " + uri);
        }
    }

    /** Checks a model name, throwing {@link InvalidModelUriException} if invalid. */
    public static String checkName(String name) {
        if (name == null || !NAME.matcher(name).matches() || DIGITS.matcher(name).matches()) {
            throw new InvalidModelUriException("invalid model name '" + name
                    + "': use 1-128 letters, digits, '.', '_' or '-', starting with a letter or digit, not all digits");
        }
        return name;
    }

    /** Checks an alias name, throwing {@link InvalidModelUriException} if invalid. */
    public static String checkAlias(String alias) {
        if (alias == null || !ALIAS.matcher(alias).matches()) {
            throw new InvalidModelUriException("invalid alias name '" + alias
                    + "': use 1-64 letters, digits, '.', '_' or '-', starting with a letter");
        }
        return alias;
    }

    /** Whether this names a specific version. */
    public boolean isVersion() {
        return version > 0;
    }

    /** Whether this names an alias. */
    public boolean isAlias() {
        return alias != null;
    }

    /** Whether this names the latest version (neither version nor alias). */
    public boolean isLatest() {
        return version == 0 && alias == null;
    }

    /** The model, without version or alias. */
    public ModelUri model() {
        return new ModelUri(root, name, 0, null);
    }

    /** This model at a version. */
    public ModelUri withVersion(int v) {
        if (v <= 0) {
            throw new InvalidModelUriException("versions start at 1, got " + v);
        }
        return new ModelUri(root, name, v, null);
    }

    /** This model at an alias. */
    public ModelUri withAlias(String a) {
        return new ModelUri(root, name, 0, a);
    }

    /** The URI form. */
    public URI toUri() {
        String base = root.toString();
        String suffix = name + (version > 0 ? "/" + version : "") + (alias != null ? "@" + alias : "");
        return URI.create(base + (base.endsWith("/") ? "" : "/") + suffix);
    }

    @Override
    public String toString() {
        return toUri().toString();
    }
}

package dev.modeldeploy.storage.s3;

import dev.modeldeploy.api.store.StoreSettings;

import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;

/**
 * How an {@link S3ModelStore} talks to S3: endpoint, region, addressing style, multipart part size,
 * retries and listing page size. Immutable and thread-safe.
 *
 * <p>{@link #from(StoreSettings)} reads the repository's {@link StoreSettings} first and the
 * environment second:
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>setting</th><th>environment / system property</th><th>default</th></tr>
 *   <tr><td>{@value #ENDPOINT}</td><td>{@code AWS_ENDPOINT_URL_S3}, {@code AWS_ENDPOINT_URL} /
 *       {@code aws.endpointUrlS3}, {@code aws.endpointUrl}</td><td>Amazon S3</td></tr>
 *   <tr><td>{@value #REGION}</td><td>the SDK's default region chain ({@code AWS_REGION},
 *       {@code aws.region}, profile, instance metadata)</td><td>{@code us-east-1}</td></tr>
 *   <tr><td>{@value #PATH_STYLE}</td><td></td><td>true when an endpoint is set, else false</td></tr>
 *   <tr><td>{@value #PART_SIZE_BYTES}</td><td></td><td>16 MiB (at least 5 MiB)</td></tr>
 *   <tr><td>{@value #MAX_ATTEMPTS}</td><td>{@code AWS_MAX_ATTEMPTS} / {@code aws.maxAttempts}</td><td>3</td></tr>
 *   <tr><td>{@value #LIST_PAGE_SIZE}</td><td></td><td>1000</td></tr>
 * </table>
 *
 * <p>There is deliberately no setting for credentials: settings are plain strings that end up in
 * configuration files and logs. Credentials come from the AWS default provider chain only
 * (environment, {@code aws.accessKeyId}/{@code aws.secretAccessKey} system properties, profile files,
 * web identity, container and instance roles).
 */
public final class S3StoreConfig {
    /** Setting: the S3 endpoint URL, for MinIO, Ceph, R2 or s3proxy (e.g. {@code http://127.0.0.1:9000}). */
    public static final String ENDPOINT = "s3.endpoint";
    /** Setting: the region name (e.g. {@code eu-west-1}). */
    public static final String REGION = "s3.region";
    /** Setting: {@code true} for path-style requests ({@code http://host/bucket/key}). */
    public static final String PATH_STYLE = "s3.pathStyle";
    /** Setting: the size of each part of a multipart upload, in bytes; smaller files go in one request. */
    public static final String PART_SIZE_BYTES = "s3.partSizeBytes";
    /** Setting: how many times a request is tried in all (standard retry mode, with jittered backoff). */
    public static final String MAX_ATTEMPTS = "s3.maxAttempts";
    /** Setting: keys asked for per list request (1–1000). */
    public static final String LIST_PAGE_SIZE = "s3.listPageSize";

    /** S3's smallest part (every part but the last must be at least this big). */
    public static final long MIN_PART_SIZE = 5L << 20;
    private static final long MAX_PART_SIZE = 5L << 30;
    private static final long DEFAULT_PART_SIZE = 16L << 20;
    private static final int DEFAULT_MAX_ATTEMPTS = 3;
    private static final int MAX_LIST_PAGE_SIZE = 1000;

    private final URI endpoint;
    private final String region;
    private final boolean pathStyle;
    private final long partSizeBytes;
    private final int maxAttempts;
    private final int listPageSize;

    private S3StoreConfig(Builder b) {
        this.endpoint = b.endpoint;
        this.region = b.region;
        this.pathStyle = b.pathStyle != null ? b.pathStyle : b.endpoint != null;
        this.partSizeBytes = b.partSizeBytes;
        this.maxAttempts = b.maxAttempts;
        this.listPageSize = b.listPageSize;
    }

    /** A builder starting from the defaults, ignoring the environment. */
    public static Builder builder() {
        return new Builder();
    }

    /** The configuration from {@code settings}, then the process environment and system properties. */
    public static S3StoreConfig from(StoreSettings settings) {
        return from(settings, System.getenv(), System.getProperties());
    }

    static S3StoreConfig from(StoreSettings settings, Map<String, String> env, Properties props) {
        Function<String, String> sys = name -> blankToNull(props.getProperty(name));
        Function<String, String> envVar = name -> blankToNull(env.get(name));
        Builder b = builder();
        String endpoint = first(settings.get(ENDPOINT).orElse(null), endpointFromEnvironment(env, props));
        if (endpoint != null) {
            b.endpoint(parseEndpoint(endpoint));
        }
        settings.get(REGION).map(S3StoreConfig::blankToNull).ifPresent(b::region);
        settings.get(PATH_STYLE).ifPresent(v -> b.pathStyle(parseBoolean(PATH_STYLE, v)));
        settings.get(PART_SIZE_BYTES).ifPresent(v -> b.partSizeBytes(parseLong(PART_SIZE_BYTES, v)));
        String attempts = first(settings.get(MAX_ATTEMPTS).orElse(null), first(sys.apply("aws.maxAttempts"), envVar.apply("AWS_MAX_ATTEMPTS")));
        if (attempts != null) {
            b.maxAttempts((int) parseLong(MAX_ATTEMPTS, attempts));
        }
        settings.get(LIST_PAGE_SIZE).ifPresent(v -> b.listPageSize((int) parseLong(LIST_PAGE_SIZE, v)));
        return b.build();
    }

    // The SDK reads these names itself too, but we must know the endpoint to choose path-style access
    // and a region fallback, so it is resolved here and passed as an explicit override.
    private static String endpointFromEnvironment(Map<String, String> env, Properties props) {
        String ignore = first(blankToNull(props.getProperty("aws.ignoreConfiguredEndpointUrls")),
                blankToNull(env.get("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")));
        if (ignore != null && Boolean.parseBoolean(ignore.trim())) {
            return null;
        }
        for (String name : new String[] {"aws.endpointUrlS3", "aws.endpointUrl"}) {
            String v = blankToNull(props.getProperty(name));
            if (v != null) {
                return v;
            }
        }
        for (String name : new String[] {"AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL"}) {
            String v = blankToNull(env.get(name));
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    private static URI parseEndpoint(String value) {
        URI uri;
        try {
            uri = URI.create(value.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(ENDPOINT + " is not a URL: '" + value + "'", e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new IllegalArgumentException(ENDPOINT + " must be an http(s) URL such as http://127.0.0.1:9000, was '" + value + "'");
        }
        if (uri.getUserInfo() != null) {
            // Never echo the value: it may hold a secret.
            throw new IllegalArgumentException(ENDPOINT + " must not carry credentials; use the AWS credential chain");
        }
        return uri;
    }

    private static boolean parseBoolean(String key, String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.equals("true") || v.equals("false")) {
            return Boolean.parseBoolean(v);
        }
        throw new IllegalArgumentException(key + " must be true or false, was '" + value + "'");
    }

    private static long parseLong(String key, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, was '" + value + "'", e);
        }
    }

    private static String first(String a, String b) {
        return a != null ? a : b;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** The endpoint override, if any; none means Amazon S3 itself. */
    public Optional<URI> endpoint() {
        return Optional.ofNullable(endpoint);
    }

    /** The region set explicitly, if any; otherwise the SDK's default region chain decides. */
    public Optional<String> region() {
        return Optional.ofNullable(region);
    }

    /** Whether requests address buckets in the path rather than the host name. */
    public boolean pathStyle() {
        return pathStyle;
    }

    /** The multipart part size; also the size from which uploads go in parts. */
    public long partSizeBytes() {
        return partSizeBytes;
    }

    /** Attempts per request, the first included. */
    public int maxAttempts() {
        return maxAttempts;
    }

    /** Keys per list request. */
    public int listPageSize() {
        return listPageSize;
    }

    @Override
    public String toString() {
        return "S3StoreConfig[endpoint=" + (endpoint == null ? "aws" : endpoint) + ", region=" + (region == null ? "default chain" : region)
                + ", pathStyle=" + pathStyle + ", partSizeBytes=" + partSizeBytes + ", maxAttempts=" + maxAttempts
                + ", listPageSize=" + listPageSize + "]";
    }

    /** Builds an {@link S3StoreConfig}. Not thread-safe. */
    public static final class Builder {
        private URI endpoint;
        private String region;
        private Boolean pathStyle;
        private long partSizeBytes = DEFAULT_PART_SIZE;
        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
        private int listPageSize = MAX_LIST_PAGE_SIZE;

        private Builder() {
        }

        /** An S3-compatible endpoint (MinIO, Ceph, R2, s3proxy); path-style access becomes the default. */
        public Builder endpoint(URI endpoint) {
            this.endpoint = parseEndpoint(Objects.requireNonNull(endpoint, "endpoint").toString());
            return this;
        }

        /** The region (default: the SDK's region chain, else {@code us-east-1}). */
        public Builder region(String region) {
            this.region = Objects.requireNonNull(region, "region").trim();
            return this;
        }

        /** Path-style ({@code true}) or virtual-host-style ({@code false}) addressing. */
        public Builder pathStyle(boolean pathStyle) {
            this.pathStyle = pathStyle;
            return this;
        }

        /** The multipart part size in bytes, from 5 MiB to 5 GiB (default 16 MiB). */
        public Builder partSizeBytes(long bytes) {
            if (bytes < MIN_PART_SIZE || bytes > MAX_PART_SIZE) {
                throw new IllegalArgumentException(PART_SIZE_BYTES + " must be between " + MIN_PART_SIZE + " (5 MiB) and "
                        + MAX_PART_SIZE + " (5 GiB) bytes, was " + bytes);
            }
            this.partSizeBytes = bytes;
            return this;
        }

        /** Attempts per request including the first (default 3); 1 disables retries. */
        public Builder maxAttempts(int attempts) {
            if (attempts < 1 || attempts > 100) {
                throw new IllegalArgumentException(MAX_ATTEMPTS + " must be between 1 and 100, was " + attempts);
            }
            this.maxAttempts = attempts;
            return this;
        }

        /** Keys per list request, 1 to 1000 (default 1000). */
        public Builder listPageSize(int keys) {
            if (keys < 1 || keys > MAX_LIST_PAGE_SIZE) {
                throw new IllegalArgumentException(LIST_PAGE_SIZE + " must be between 1 and 1000, was " + keys);
            }
            this.listPageSize = keys;
            return this;
        }

        public S3StoreConfig build() {
            return new S3StoreConfig(this);
        }
    }
}

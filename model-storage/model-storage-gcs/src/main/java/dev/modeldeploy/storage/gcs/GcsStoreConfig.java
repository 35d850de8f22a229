package dev.modeldeploy.storage.gcs;

import dev.modeldeploy.api.store.StoreSettings;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How a {@link GcsModelStore} talks to Google Cloud Storage: endpoint, project, credentials policy,
 * retries, upload chunk size and listing page size. Build one in code with {@link #builder()}, or
 * read it from {@link StoreSettings} and the environment with {@link #from(StoreSettings, Map)}.
 *
 * <p>Credentials are never configured here: they come from Application Default Credentials
 * ({@code GOOGLE_APPLICATION_CREDENTIALS}, {@code gcloud auth application-default login}, or the
 * metadata server on Google Cloud). An emulator, or any plain-{@code http} host, gets no credentials
 * at all, so a token is never sent in clear text. Immutable and thread-safe.
 *
 * @param host                 the JSON API endpoint, e.g. {@code http://localhost:4443}; empty for Google's
 * @param projectId            the project for billing and quota; empty to let the client find it
 * @param credentials          whether requests carry Application Default Credentials
 * @param maxAttempts          attempts per request in total, the first included (at least 1)
 * @param initialRetryDelay    the backoff before the first retry; it doubles up to {@code maxRetryDelay}
 * @param maxRetryDelay        the longest backoff between two attempts
 * @param chunkSizeBytes       bytes sent per request of a resumable upload, a multiple of 256 KiB; also the
 *                             heap an upload buffers
 * @param listPageSize         object names asked for per listing request (1-1000)
 * @param connectTimeout       TCP connect timeout per attempt
 * @param readTimeout          socket read timeout per attempt
 */
public record GcsStoreConfig(String host, String projectId, Credentials credentials, int maxAttempts,
                             Duration initialRetryDelay, Duration maxRetryDelay, int chunkSizeBytes,
                             int listPageSize, Duration connectTimeout, Duration readTimeout) {

    /** Settings key for the endpoint; wins over {@code STORAGE_EMULATOR_HOST}. */
    public static final String HOST = "gcs.host";
    /** Settings key for the project id. */
    public static final String PROJECT_ID = "gcs.projectId";
    /** Settings key for the credentials policy: {@code default} (Application Default Credentials) or {@code none}. */
    public static final String CREDENTIALS = "gcs.credentials";
    /** Settings key for attempts per request in total. */
    public static final String MAX_ATTEMPTS = "gcs.maxAttempts";
    /** Settings key for the first backoff, in milliseconds. */
    public static final String INITIAL_RETRY_DELAY_MILLIS = "gcs.initialRetryDelayMillis";
    /** Settings key for the longest backoff, in milliseconds. */
    public static final String MAX_RETRY_DELAY_MILLIS = "gcs.maxRetryDelayMillis";
    /** Settings key for the resumable-upload chunk size in bytes. */
    public static final String CHUNK_SIZE_BYTES = "gcs.chunkSizeBytes";
    /** Settings key for the listing page size. */
    public static final String LIST_PAGE_SIZE = "gcs.listPageSize";
    /** Settings key for the connect timeout, in milliseconds. */
    public static final String CONNECT_TIMEOUT_MILLIS = "gcs.connectTimeoutMillis";
    /** Settings key for the read timeout, in milliseconds. */
    public static final String READ_TIMEOUT_MILLIS = "gcs.readTimeoutMillis";
    /** The environment variable emulators and the gcloud tools use for a local endpoint. */
    public static final String EMULATOR_HOST_ENV = "STORAGE_EMULATOR_HOST";

    private static final int CHUNK_GRANULARITY = 256 * 1024;

    /** Whether requests carry credentials. */
    public enum Credentials {
        /** Application Default Credentials. */
        DEFAULT,
        /** No credentials: emulators and public buckets. */
        NONE
    }

    public GcsStoreConfig {
        host = host == null ? "" : host.trim();
        projectId = projectId == null ? "" : projectId.trim();
        Objects.requireNonNull(credentials, "credentials");
        if (!host.isEmpty() && !host.startsWith("http://") && !host.startsWith("https://")) {
            throw new IllegalArgumentException(HOST + " must be an http:// or https:// URL, was '" + host + "'");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException(MAX_ATTEMPTS + " must be at least 1, was " + maxAttempts);
        }
        requirePositive(initialRetryDelay, INITIAL_RETRY_DELAY_MILLIS);
        requirePositive(maxRetryDelay, MAX_RETRY_DELAY_MILLIS);
        if (maxRetryDelay.compareTo(initialRetryDelay) < 0) {
            throw new IllegalArgumentException(MAX_RETRY_DELAY_MILLIS + " must not be below " + INITIAL_RETRY_DELAY_MILLIS);
        }
        if (chunkSizeBytes < CHUNK_GRANULARITY || chunkSizeBytes % CHUNK_GRANULARITY != 0) {
            throw new IllegalArgumentException(CHUNK_SIZE_BYTES + " must be a positive multiple of 262144 (256 KiB), was " + chunkSizeBytes);
        }
        if (listPageSize < 1 || listPageSize > 1000) {
            throw new IllegalArgumentException(LIST_PAGE_SIZE + " must be 1-1000, was " + listPageSize);
        }
        requirePositive(connectTimeout, CONNECT_TIMEOUT_MILLIS);
        requirePositive(readTimeout, READ_TIMEOUT_MILLIS);
    }

    private static void requirePositive(Duration d, String key) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(key + " must be positive, was " + d);
        }
    }

    /** A builder starting from the defaults: Google's endpoint, ADC, 6 attempts, 16 MiB chunks. */
    public static Builder builder() {
        return new Builder();
    }

    /** The defaults, ignoring the environment. */
    public static GcsStoreConfig defaults() {
        return builder().build();
    }

    /**
     * Reads the {@code gcs.*} settings, falling back to {@code STORAGE_EMULATOR_HOST} from {@code env} for
     * the endpoint (given as {@code host:port} or a URL). An emulator gets no credentials unless
     * {@code gcs.credentials=default} says otherwise.
     */
    public static GcsStoreConfig from(StoreSettings settings, Map<String, String> env) {
        Builder b = builder();
        Optional<String> explicitHost = settings.get(HOST).filter(s -> !s.isBlank());
        String emulator = env.get(EMULATOR_HOST_ENV);
        if (explicitHost.isPresent()) {
            b.host(explicitHost.get());
        } else if (emulator != null && !emulator.isBlank()) {
            String h = emulator.trim();
            b.host(h.startsWith("http://") || h.startsWith("https://") ? h : "http://" + h);
            b.credentials(Credentials.NONE);
        }
        settings.get(PROJECT_ID).ifPresent(b::projectId);
        settings.get(CREDENTIALS).ifPresent(c -> b.credentials(parseCredentials(c)));
        settings.get(MAX_ATTEMPTS).ifPresent(v -> b.maxAttempts(parseInt(MAX_ATTEMPTS, v)));
        settings.get(INITIAL_RETRY_DELAY_MILLIS).ifPresent(v -> b.initialRetryDelay(Duration.ofMillis(parseLong(INITIAL_RETRY_DELAY_MILLIS, v))));
        settings.get(MAX_RETRY_DELAY_MILLIS).ifPresent(v -> b.maxRetryDelay(Duration.ofMillis(parseLong(MAX_RETRY_DELAY_MILLIS, v))));
        settings.get(CHUNK_SIZE_BYTES).ifPresent(v -> b.chunkSizeBytes(parseInt(CHUNK_SIZE_BYTES, v)));
        settings.get(LIST_PAGE_SIZE).ifPresent(v -> b.listPageSize(parseInt(LIST_PAGE_SIZE, v)));
        settings.get(CONNECT_TIMEOUT_MILLIS).ifPresent(v -> b.connectTimeout(Duration.ofMillis(parseLong(CONNECT_TIMEOUT_MILLIS, v))));
        settings.get(READ_TIMEOUT_MILLIS).ifPresent(v -> b.readTimeout(Duration.ofMillis(parseLong(READ_TIMEOUT_MILLIS, v))));
        return b.build();
    }

    /** Whether requests carry Application Default Credentials: never to a plain-http host. */
    public boolean sendsCredentials() {
        return credentials == Credentials.DEFAULT && !host.startsWith("http://");
    }

    private static Credentials parseCredentials(String value) {
        try {
            return Credentials.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(CREDENTIALS + " must be 'default' or 'none', was '" + value + "'");
        }
    }

    private static int parseInt(String key, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, was '" + value + "'");
        }
    }

    private static long parseLong(String key, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, was '" + value + "'");
        }
    }

    /** A builder with these values. */
    public Builder toBuilder() {
        return new Builder().host(host).projectId(projectId).credentials(credentials).maxAttempts(maxAttempts)
                .initialRetryDelay(initialRetryDelay).maxRetryDelay(maxRetryDelay).chunkSizeBytes(chunkSizeBytes)
                .listPageSize(listPageSize).connectTimeout(connectTimeout).readTimeout(readTimeout);
    }

    /** Builds a {@link GcsStoreConfig}. Not thread-safe. */
    public static final class Builder {
        private String host = "";
        private String projectId = "";
        private Credentials credentials = Credentials.DEFAULT;
        private int maxAttempts = 6;
        private Duration initialRetryDelay = Duration.ofSeconds(1);
        private Duration maxRetryDelay = Duration.ofSeconds(32);
        private int chunkSizeBytes = 16 * 1024 * 1024;
        private int listPageSize = 1000;
        private Duration connectTimeout = Duration.ofSeconds(20);
        private Duration readTimeout = Duration.ofSeconds(60);

        private Builder() {
        }

        /** The JSON API endpoint (default Google's). */
        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /** The project id (default: found by the client from the environment, if needed at all). */
        public Builder projectId(String projectId) {
            this.projectId = projectId;
            return this;
        }

        /** The credentials policy (default {@link Credentials#DEFAULT}). */
        public Builder credentials(Credentials credentials) {
            this.credentials = credentials;
            return this;
        }

        /** Attempts per request in total, the first included (default 6). */
        public Builder maxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
            return this;
        }

        /** The first backoff (default 1 s). */
        public Builder initialRetryDelay(Duration delay) {
            this.initialRetryDelay = delay;
            return this;
        }

        /** The longest backoff (default 32 s). */
        public Builder maxRetryDelay(Duration delay) {
            this.maxRetryDelay = delay;
            return this;
        }

        /** The resumable-upload chunk size (default 16 MiB). */
        public Builder chunkSizeBytes(int bytes) {
            this.chunkSizeBytes = bytes;
            return this;
        }

        /** Names per listing request (default 1000). */
        public Builder listPageSize(int size) {
            this.listPageSize = size;
            return this;
        }

        /** The connect timeout (default 20 s). */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        /** The read timeout (default 60 s). */
        public Builder readTimeout(Duration timeout) {
            this.readTimeout = timeout;
            return this;
        }

        public GcsStoreConfig build() {
            return new GcsStoreConfig(host, projectId, credentials, maxAttempts, initialRetryDelay, maxRetryDelay,
                    chunkSizeBytes, listPageSize, connectTimeout, readTimeout);
        }
    }
}

package dev.modeldeploy.storage.gcs;

import com.google.api.gax.retrying.RetrySettings;
import com.google.cloud.NoCredentials;
import com.google.cloud.ServiceOptions;
import com.google.cloud.http.HttpTransportOptions;
import com.google.cloud.storage.HttpStorageOptions;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import com.google.cloud.storage.StorageRetryStrategy;

import java.time.Duration;

/** Builds the Google Cloud Storage client (JSON API over HTTP) a {@link GcsStoreConfig} describes. */
final class GcsClients {
    // Without credentials there is no project to discover; a placeholder keeps the client from probing
    // the metadata server for one. Object reads and writes never use it.
    private static final String ANONYMOUS_PROJECT = "modeldeploy-anonymous";

    private GcsClients() {
    }

    static HttpStorageOptions options(GcsStoreConfig config) {
        RetrySettings retries = ServiceOptions.getDefaultRetrySettings().toBuilder()
                .setMaxAttempts(config.maxAttempts())
                .setInitialRetryDelayDuration(config.initialRetryDelay())
                .setRetryDelayMultiplier(2.0)
                .setMaxRetryDelayDuration(config.maxRetryDelay())
                // maxAttempts bounds the retries; the clock only stops a pathological loop.
                .setTotalTimeoutDuration(Duration.ofMinutes(30))
                .build();
        HttpTransportOptions transport = HttpTransportOptions.newBuilder()
                .setConnectTimeout(Math.toIntExact(config.connectTimeout().toMillis()))
                .setReadTimeout(Math.toIntExact(config.readTimeout().toMillis()))
                .build();
        HttpStorageOptions.Builder b = StorageOptions.http()
                .setRetrySettings(retries)
                // The uniform strategy also retries requests GCS cannot deduplicate. Every write here is
                // safe to replay: create-only writes carry ifGenerationMatch=0 and detect their own
                // earlier success, replacements write the same bytes again, uploads resume a session.
                .setStorageRetryStrategy(StorageRetryStrategy.getUniformStorageRetryStrategy())
                .setTransportOptions(transport);
        if (!config.host().isEmpty()) {
            b.setHost(config.host());
        }
        if (!config.projectId().isEmpty()) {
            b.setProjectId(config.projectId());
        }
        if (!config.sendsCredentials()) {
            b.setCredentials(NoCredentials.getInstance());
            if (config.projectId().isEmpty()) {
                b.setProjectId(ANONYMOUS_PROJECT);
            }
        }
        return b.build();
    }

    static Storage create(GcsStoreConfig config) {
        return options(config).getService();
    }
}

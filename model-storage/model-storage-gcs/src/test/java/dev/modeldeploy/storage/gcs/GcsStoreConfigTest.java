package dev.modeldeploy.storage.gcs;

import dev.modeldeploy.api.store.StoreSettings;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GcsStoreConfigTest {

    @Test
    void defaultsUseGoogleWithApplicationDefaultCredentials() {
        GcsStoreConfig c = GcsStoreConfig.from(StoreSettings.empty(), Map.of());
        assertThat(c.host()).isEmpty();
        assertThat(c.sendsCredentials()).isTrue();
        assertThat(c.maxAttempts()).isEqualTo(6);
        assertThat(c.chunkSizeBytes()).isEqualTo(16 << 20);
        assertThat(c).isEqualTo(GcsStoreConfig.defaults());
    }

    @Test
    void theEmulatorVariableSetsAPlainHttpHostWithoutCredentials() {
        GcsStoreConfig c = GcsStoreConfig.from(StoreSettings.empty(), Map.of("STORAGE_EMULATOR_HOST", "localhost:4443"));
        assertThat(c.host()).isEqualTo("http://localhost:4443");
        assertThat(c.credentials()).isEqualTo(GcsStoreConfig.Credentials.NONE);
        assertThat(c.sendsCredentials()).isFalse();

        GcsStoreConfig withScheme = GcsStoreConfig.from(StoreSettings.empty(), Map.of("STORAGE_EMULATOR_HOST", "https://gcs.test:8443"));
        assertThat(withScheme.host()).isEqualTo("https://gcs.test:8443");
        assertThat(withScheme.sendsCredentials()).isFalse();
    }

    @Test
    void explicitSettingsWinOverTheEnvironment() {
        StoreSettings s = StoreSettings.empty()
                .with("gcs.host", "https://storage.private.example")
                .with("gcs.projectId", "ml-prod")
                .with("gcs.maxAttempts", "10")
                .with("gcs.initialRetryDelayMillis", "50")
                .with("gcs.maxRetryDelayMillis", "2000")
                .with("gcs.chunkSizeBytes", Integer.toString(8 << 20))
                .with("gcs.listPageSize", "200")
                .with("gcs.connectTimeoutMillis", "1500")
                .with("gcs.readTimeoutMillis", "30000");
        GcsStoreConfig c = GcsStoreConfig.from(s, Map.of("STORAGE_EMULATOR_HOST", "localhost:4443"));
        assertThat(c.host()).isEqualTo("https://storage.private.example");
        assertThat(c.sendsCredentials()).isTrue();
        assertThat(c.projectId()).isEqualTo("ml-prod");
        assertThat(c.maxAttempts()).isEqualTo(10);
        assertThat(c.initialRetryDelay()).isEqualTo(Duration.ofMillis(50));
        assertThat(c.maxRetryDelay()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.chunkSizeBytes()).isEqualTo(8 << 20);
        assertThat(c.listPageSize()).isEqualTo(200);
        assertThat(c.connectTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(c.readTimeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void credentialsAreNeverSentToAPlainHttpHost() {
        GcsStoreConfig c = GcsStoreConfig.from(StoreSettings.empty().with("gcs.host", "http://10.0.0.5:9000").with("gcs.credentials", "default"), Map.of());
        assertThat(c.credentials()).isEqualTo(GcsStoreConfig.Credentials.DEFAULT);
        assertThat(c.sendsCredentials()).isFalse();
        assertThat(GcsStoreConfig.from(StoreSettings.empty().with("gcs.credentials", "none"), Map.of()).sendsCredentials()).isFalse();
    }

    @Test
    void badValuesNameTheirKey() {
        assertThatThrownBy(() -> GcsStoreConfig.from(StoreSettings.empty().with("gcs.maxAttempts", "lots"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gcs.maxAttempts");
        assertThatThrownBy(() -> GcsStoreConfig.from(StoreSettings.empty().with("gcs.maxAttempts", "0"), Map.of()))
                .hasMessageContaining("gcs.maxAttempts");
        assertThatThrownBy(() -> GcsStoreConfig.from(StoreSettings.empty().with("gcs.chunkSizeBytes", "1000000"), Map.of()))
                .hasMessageContaining("gcs.chunkSizeBytes").hasMessageContaining("256 KiB");
        assertThatThrownBy(() -> GcsStoreConfig.from(StoreSettings.empty().with("gcs.host", "storage.example"), Map.of()))
                .hasMessageContaining("gcs.host");
        assertThatThrownBy(() -> GcsStoreConfig.from(StoreSettings.empty().with("gcs.credentials", "mine"), Map.of()))
                .hasMessageContaining("gcs.credentials");
        assertThatThrownBy(() -> GcsStoreConfig.from(StoreSettings.empty().with("gcs.listPageSize", "5000"), Map.of()))
                .hasMessageContaining("gcs.listPageSize");
    }
}

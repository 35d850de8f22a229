package dev.modeldeploy.api.repository;

import dev.modeldeploy.api.store.StoreSettings;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StoreSettingsFromEnvironmentTest {
    @Test
    void variablesAndPropertiesBecomeStoreSettings() {
        Properties props = new Properties();
        props.setProperty("modeldeploy.store.s3.maxAttempts", "9");
        props.setProperty("unrelated", "x");
        StoreSettings settings = DefaultModelRepository.storeSettingsFromEnvironment(
                Map.of("MODELDEPLOY_STORE_SETTINGS", "s3.partSizeBytes=67108864, s3.maxAttempts=4,gcs.host=http://localhost:4443"), props);
        assertThat(settings.values()).containsOnly(Map.entry("s3.partSizeBytes", "67108864"), Map.entry("s3.maxAttempts", "9"),
                Map.entry("gcs.host", "http://localhost:4443"));
    }

    @Test
    void malformedPairsAreRefused() {
        assertThatThrownBy(() -> DefaultModelRepository.storeSettingsFromEnvironment(Map.of("MODELDEPLOY_STORE_SETTINGS", "s3.maxAttempts"),
                new Properties())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key=value");
    }
}

package dev.modeldeploy.storage.s3;

import dev.modeldeploy.api.store.StoreSettings;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;

import java.net.URI;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class S3StoreConfigTest {
    private static final Properties NO_PROPERTIES = new Properties();

    private static S3StoreConfig from(Map<String, String> settings, Map<String, String> env) {
        return S3StoreConfig.from(new StoreSettings(settings), env, NO_PROPERTIES);
    }

    @Test
    void defaultsAreAmazonS3WithVirtualHostsSixteenMebibytePartsAndThreeAttempts() {
        S3StoreConfig config = from(Map.of(), Map.of());
        assertThat(config.endpoint()).isEmpty();
        assertThat(config.region()).isEmpty();
        assertThat(config.pathStyle()).isFalse();
        assertThat(config.partSizeBytes()).isEqualTo(16L << 20);
        assertThat(config.maxAttempts()).isEqualTo(3);
        assertThat(config.listPageSize()).isEqualTo(1000);
    }

    @Test
    void theEndpointComesFromSettingsThenTheS3VariableThenTheGeneralOne() {
        Map<String, String> env = Map.of("AWS_ENDPOINT_URL", "http://general:9000", "AWS_ENDPOINT_URL_S3", "http://s3-only:9000");
        assertThat(from(Map.of(), Map.of("AWS_ENDPOINT_URL", "http://general:9000")).endpoint()).hasValue(URI.create("http://general:9000"));
        assertThat(from(Map.of(), env).endpoint()).hasValue(URI.create("http://s3-only:9000"));
        assertThat(from(Map.of(S3StoreConfig.ENDPOINT, "https://minio.internal"), env).endpoint()).hasValue(URI.create("https://minio.internal"));

        Properties props = new Properties();
        props.setProperty("aws.endpointUrlS3", "http://from-property:9000");
        assertThat(S3StoreConfig.from(StoreSettings.empty(), env, props).endpoint()).hasValue(URI.create("http://from-property:9000"));
    }

    @Test
    void configuredEndpointsCanBeIgnoredAsTheSdkAllows() {
        Map<String, String> env = Map.of("AWS_ENDPOINT_URL", "http://general:9000", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true");
        assertThat(from(Map.of(), env).endpoint()).isEmpty();
    }

    @Test
    void anEndpointTurnsOnPathStyleUnlessToldOtherwise() {
        assertThat(from(Map.of(S3StoreConfig.ENDPOINT, "http://127.0.0.1:9000"), Map.of()).pathStyle()).isTrue();
        assertThat(from(Map.of(S3StoreConfig.ENDPOINT, "https://r2.example", S3StoreConfig.PATH_STYLE, "false"), Map.of()).pathStyle()).isFalse();
        assertThat(from(Map.of(S3StoreConfig.PATH_STYLE, "true"), Map.of()).pathStyle()).isTrue();
    }

    @Test
    void numbersComeFromSettingsAndAttemptsAlsoFromTheAwsVariable() {
        S3StoreConfig config = from(Map.of(S3StoreConfig.PART_SIZE_BYTES, "8388608", S3StoreConfig.LIST_PAGE_SIZE, "50"),
                Map.of("AWS_MAX_ATTEMPTS", "7"));
        assertThat(config.partSizeBytes()).isEqualTo(8L << 20);
        assertThat(config.listPageSize()).isEqualTo(50);
        assertThat(config.maxAttempts()).isEqualTo(7);
        assertThat(from(Map.of(S3StoreConfig.MAX_ATTEMPTS, "12"), Map.of("AWS_MAX_ATTEMPTS", "7")).maxAttempts()).isEqualTo(12);
    }

    @Test
    void badValuesAreRefusedNamingTheSetting() {
        assertThatThrownBy(() -> from(Map.of(S3StoreConfig.PART_SIZE_BYTES, "1048576"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(S3StoreConfig.PART_SIZE_BYTES).hasMessageContaining("5 MiB");
        assertThatThrownBy(() -> from(Map.of(S3StoreConfig.MAX_ATTEMPTS, "many"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(S3StoreConfig.MAX_ATTEMPTS);
        assertThatThrownBy(() -> from(Map.of(S3StoreConfig.MAX_ATTEMPTS, "0"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(S3StoreConfig.MAX_ATTEMPTS);
        assertThatThrownBy(() -> from(Map.of(S3StoreConfig.PATH_STYLE, "yes"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(S3StoreConfig.PATH_STYLE);
        assertThatThrownBy(() -> from(Map.of(S3StoreConfig.ENDPOINT, "ftp://host"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http(s) URL");
    }

    @Test
    void anEndpointWithCredentialsIsRefusedWithoutEchoingThem() {
        assertThatThrownBy(() -> from(Map.of(S3StoreConfig.ENDPOINT, "http://user:hunter2@minio:9000"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not carry credentials")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void anExplicitRegionWins() {
        S3StoreConfig config = from(Map.of(S3StoreConfig.REGION, "eu-central-1", S3StoreConfig.ENDPOINT, "http://127.0.0.1:9000"), Map.of());
        assertThat(S3Clients.region(config)).isEqualTo(Region.EU_CENTRAL_1);
    }

    @Test
    void withAnEndpointAndNoRegionAnywhereTheRegionIsUsEast1() {
        // This JVM has no region configured (the build sets none, nor does this machine).
        assertThat(System.getenv("AWS_REGION")).isNull();
        assertThat(System.getProperty("aws.region")).isNull();
        S3StoreConfig config = from(Map.of(S3StoreConfig.ENDPOINT, "http://127.0.0.1:9000"), Map.of());
        assertThat(S3Clients.region(config)).isEqualTo(Region.US_EAST_1);
    }
}

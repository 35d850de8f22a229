package dev.modeldeploy.storage.s3;

import dev.modeldeploy.api.error.InvalidModelUriException;
import dev.modeldeploy.api.store.ModelStoreProvider;
import dev.modeldeploy.api.store.StoreSettings;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class S3LocationTest {
    @Test
    void aRootIsABucketAndAPrefix() {
        S3Location location = S3Location.parse(URI.create("s3://ml-models/teams/growth/"));
        assertThat(location.bucket()).isEqualTo("ml-models");
        assertThat(location.prefix()).isEqualTo("teams/growth");
        assertThat(location.root()).isEqualTo(URI.create("s3://ml-models/teams/growth"));
        assertThat(location.objectKey("lead/1/MODEL.json")).isEqualTo("teams/growth/lead/1/MODEL.json");
        assertThat(location.storeKey("teams/growth/lead/1/MODEL.json")).isEqualTo("lead/1/MODEL.json");
        assertThat(location.listPrefix("lead/")).isEqualTo("teams/growth/lead/");
        assertThat(location.listPrefix("")).isEqualTo("teams/growth/");
    }

    @Test
    void aBucketAloneIsARootToo() {
        S3Location location = S3Location.parse(URI.create("s3://ml-models"));
        assertThat(location.prefix()).isEmpty();
        assertThat(location.objectKey("lead/@production")).isEqualTo("lead/@production");
        assertThat(location.listPrefix("")).isEmpty();
        assertThat(location.root()).isEqualTo(URI.create("s3://ml-models"));
    }

    @Test
    void badRootsAndKeysAreRefused() {
        for (String root : new String[] {"s3://ab/x", "s3://Upper/x", "s3://user@bucket/x", "s3://bucket:9000/x", "gs://bucket/x",
                "s3://bucket/a/../b", "s3://bucket/x?versionId=1"}) {
            assertThatThrownBy(() -> S3Location.parse(URI.create(root))).as(root).isInstanceOf(InvalidModelUriException.class);
        }
        S3Location location = S3Location.parse(URI.create("s3://ml-models/p"));
        for (String key : new String[] {"", "/abs", "a//b", "a/./b", "a/../b", "a\\b"}) {
            assertThatThrownBy(() -> location.objectKey(key)).as(key).isInstanceOf(InvalidModelUriException.class);
        }
    }

    @Test
    void theStoreIsInstalledForTheS3Scheme() {
        ModelStoreProvider provider = ServiceLoader.load(ModelStoreProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.scheme().equals("s3")).findFirst().orElseThrow();
        try (var store = provider.open(URI.create("s3://ml-models/teams/growth"),
                StoreSettings.empty().with(S3StoreConfig.ENDPOINT, "http://127.0.0.1:9000").with(S3StoreConfig.MAX_ATTEMPTS, "6"))) {
            assertThat(store).isInstanceOf(S3ModelStore.class);
            assertThat(store.root()).isEqualTo(URI.create("s3://ml-models/teams/growth"));
            assertThat(((S3ModelStore) store).config().maxAttempts()).isEqualTo(6);
            assertThat(((S3ModelStore) store).config().pathStyle()).isTrue();
        }
    }
}

package dev.modeldeploy.api.repository;

import dev.modeldeploy.api.error.InvalidModelUriException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelUriTest {
    @Test
    void latestVersionAndAliasForms() {
        ModelUri latest = ModelUri.parse(URI.create("s3://ml-models/team/lead-scoring"));
        assertThat(latest.root()).isEqualTo(URI.create("s3://ml-models/team"));
        assertThat(latest.name()).isEqualTo("lead-scoring");
        assertThat(latest.isLatest()).isTrue();

        ModelUri v7 = ModelUri.parse(URI.create("s3://ml-models/team/lead-scoring/7"));
        assertThat(v7.version()).isEqualTo(7);
        assertThat(v7.root()).isEqualTo(latest.root());
        assertThat(v7.toUri()).isEqualTo(URI.create("s3://ml-models/team/lead-scoring/7"));

        ModelUri prod = ModelUri.parse(URI.create("gs://bucket/lead-scoring@production"));
        assertThat(prod.alias()).isEqualTo("production");
        assertThat(prod.root()).isEqualTo(URI.create("gs://bucket"));
        assertThat(prod.toUri()).isEqualTo(URI.create("gs://bucket/lead-scoring@production"));
        assertThat(prod.model().toUri()).isEqualTo(URI.create("gs://bucket/lead-scoring"));
    }

    @Test
    void fileUrisAndTrailingSlash() {
        ModelUri m = ModelUri.parse(URI.create("file:///srv/models/churn/"));
        assertThat(m.root()).isEqualTo(URI.create("file:/srv/models"));
        assertThat(m.name()).isEqualTo("churn");
        assertThat(m.withVersion(3).toUri()).isEqualTo(URI.create("file:/srv/models/churn/3"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"file:/models/lead-scoring@", "file:/models/lead-scoring@9lives",
            "file:/models/m@a b", "file:/models/m@" + "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    void badAliasNamesAreRefused(String uri) {
        assertThatThrownBy(() -> ModelUri.parse(URI.create(uri.replace(" ", "%20"))))
                .isInstanceOf(InvalidModelUriException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"file:/models/lead-scoring/0", "file:/models/-bad", "file:/7", "file:/", "lead-scoring",
            "file:/models/lead-scoring/99999999999", "s3://bucket/m?x=1", "file:/models/m@prod/3"})
    void malformedUrisAreRefused(String uri) {
        assertThatThrownBy(() -> ModelUri.parse(URI.create(uri))).isInstanceOf(InvalidModelUriException.class);
    }

    @Test
    void checkAliasExplainsTheRule() {
        assertThatThrownBy(() -> ModelUri.checkAlias("prod!")).isInstanceOf(InvalidModelUriException.class)
                .hasMessageContaining("prod!").hasMessageContaining("starting with a letter");
        assertThat(ModelUri.checkAlias("canary-2")).isEqualTo("canary-2");
    }
}

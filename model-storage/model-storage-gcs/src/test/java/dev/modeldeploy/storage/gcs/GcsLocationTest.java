package dev.modeldeploy.storage.gcs;

import dev.modeldeploy.api.error.InvalidModelUriException;
import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GcsLocationTest {

    @Test
    void parsesBucketAndPrefix() {
        GcsLocation l = GcsLocation.parse(URI.create("gs://ml-models/teams/growth/"));
        assertThat(l.bucket()).isEqualTo("ml-models");
        assertThat(l.prefix()).isEqualTo("teams/growth");
        assertThat(l.uri()).isEqualTo(URI.create("gs://ml-models/teams/growth"));
        assertThat(l.objectName("lead-scoring/7/MODEL.json")).isEqualTo("teams/growth/lead-scoring/7/MODEL.json");
        assertThat(l.keyOf("teams/growth/lead-scoring/@prod")).isEqualTo("lead-scoring/@prod");
        assertThat(l.uriOf("lead-scoring/@prod")).isEqualTo("gs://ml-models/teams/growth/lead-scoring/@prod");
    }

    @Test
    void aWholeBucketHasNoPrefix() {
        GcsLocation l = GcsLocation.parse(URI.create("gs://ml-models"));
        assertThat(l.prefix()).isEmpty();
        assertThat(l.objectName("m/1/CLAIM")).isEqualTo("m/1/CLAIM");
        assertThat(l.objectPrefix("m/")).isEqualTo("m/");
        assertThat(l.uri()).isEqualTo(URI.create("gs://ml-models"));
    }

    @Test
    void refusesOtherSchemesAndBadBuckets() {
        for (String bad : new String[] {"s3://ml-models/x", "gs:///x", "gs://ML-Models/x", "gs://ab/x", "gs://-models/x",
                "gs://ml-models/x?y=1", "gs://" + "a".repeat(64) + "/x"}) {
            assertThatThrownBy(() -> GcsLocation.parse(URI.create(bad))).as(bad).isInstanceOf(InvalidModelUriException.class);
        }
    }

    @Test
    void keysCannotLeaveThePrefix() {
        GcsLocation l = GcsLocation.parse(URI.create("gs://ml-models/team"));
        for (String key : new String[] {"../x", "a/../../x", "/etc/passwd", "a//b", "a/./b", "", "a\\b"}) {
            assertThatThrownBy(() -> l.objectName(key)).as(key).isInstanceOf(InvalidModelUriException.class);
        }
    }
}

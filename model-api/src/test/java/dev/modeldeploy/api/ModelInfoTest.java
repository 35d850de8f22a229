package dev.modeldeploy.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.modeldeploy.api.internal.Json;
import dev.modeldeploy.api.schema.Field;
import dev.modeldeploy.api.schema.FieldType;
import dev.modeldeploy.api.schema.Schema;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelInfoTest {
    @Test
    void jsonRoundTripKeepsEverything() throws Exception {
        ModelInfo info = ModelInfo.builder("lead-scoring", "linear").version(3).formatVersion("2")
                .createdAt(Instant.parse("2026-11-21T03:00:00.123456Z")).description("nightly")
                .tags(Map.of("team", "growth", "data", "2026-11-20"))
                .inputSchema(Schema.of(Field.required("visits", FieldType.INT), Field.optional("country", FieldType.STRING)))
                .outputSchema(Schema.of(Field.required("score", FieldType.DOUBLE)))
                .inputExample(List.of(Map.of("visits", 3, "country", "NL")))
                .baseline(JsonNodeFactory.instance.objectNode().put("mean", 0.25))
                .build();
        ModelInfo back = Json.MAPPER.readValue(Json.write(info), ModelInfo.class);
        assertThat(back).isEqualTo(info);
        assertThat(back.createdAt()).isEqualTo(Instant.parse("2026-11-21T03:00:00.123Z"));
        assertThat(back.baseline()).hasValueSatisfying(b -> assertThat(b.get("mean").asDouble()).isEqualTo(0.25));
        assertThat(back.inputSchema().field("country")).hasValueSatisfying(f -> assertThat(f.nullable()).isTrue());
    }

    @Test
    void absentBaselineIsEmpty() {
        assertThat(ModelInfo.builder("m", "linear").build().baseline()).isEmpty();
    }

    @Test
    void namesAndFormatsMustBeGiven() {
        assertThatThrownBy(() -> ModelInfo.builder(" ", "linear").build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ModelInfo.builder("m", "linear").version(-1).build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Schema.of(Field.required("a", FieldType.INT), Field.required("a", FieldType.LONG)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("duplicate");
    }

    @Test
    void manifestsNeverNameClasses() throws Exception {
        // A manifest carrying Jackson polymorphic type hints is read as plain data, not as classes.
        String json = "{\"name\":\"m\",\"format\":\"linear\",\"baseline\":[\"java.net.URL\",\"http://example.invalid\"],"
                + "\"inputExample\":[{\"@class\":\"java.lang.ProcessBuilder\",\"x\":1}]}";
        ModelInfo info = Json.MAPPER.readValue(json, ModelInfo.class);
        assertThat(info.baseline()).hasValueSatisfying(b -> assertThat(b.isArray()).isTrue());
        assertThat(info.inputExample().get(0)).containsEntry("@class", "java.lang.ProcessBuilder");
    }
}

package dev.modeldeploy.api.prediction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modeldeploy.api.schema.Field;
import dev.modeldeploy.api.schema.Schema;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Generic tools (output sinks, the test kit, JSON responses) see a prediction's properties as Jackson
 * does; they must be exactly the fields of its declared schema.
 */
class PredictionPropertiesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<String> names(Schema schema) {
        return schema.fields().stream().map(Field::name).toList();
    }

    private static List<String> properties(Object prediction) {
        List<String> names = new ArrayList<>();
        JSON.valueToTree(prediction).fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void classificationShowsItsSchemaFields() {
        Classification c = Classification.of(List.of("stay", "churn"), new float[] {0.25f, 0.75f});
        assertThat(properties(c)).containsExactlyElementsOf(names(Classification.SCHEMA));
        JsonNode tree = JSON.valueToTree(c);
        assertThat(tree.get("label").asText()).isEqualTo("churn");
        assertThat(tree.get("labelIndex").asInt()).isEqualTo(1);
        assertThat(tree.get("probabilities").get(1).floatValue()).isEqualTo(0.75f);
    }

    @Test
    void regressionShowsItsSchemaFields() {
        assertThat(properties(new Regression(2.5))).containsExactlyElementsOf(names(Regression.SCHEMA));
    }

    @Test
    void argmaxTakesTheFirstOfEqualValues() {
        assertThat(Classification.argmax(new float[] {0.2f, 0.4f, 0.4f})).isEqualTo(1);
        assertThat(Classification.of(List.of("a", "b", "c"), new float[] {0.2f, 0.4f, 0.4f}).label()).isEqualTo("b");
    }
}

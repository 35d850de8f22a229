package dev.modeldeploy.api.prediction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Predictions of a batch that share one array of probabilities, each wrapping its own slice. */
class ClassificationSliceTest {
    private static final List<String> LABELS = List.of("stay", "churn", "upgrade");

    /** Three rows of three classes in one array. */
    private static float[] batch() {
        return new float[] {0.2f, 0.5f, 0.3f, 0.6f, 0.1f, 0.3f, 0.1f, 0.1f, 0.8f};
    }

    @Test
    void aSliceEqualsTheSamePredictionOfItsOwnArray() {
        float[] shared = batch();
        for (int r = 0; r < 3; r++) {
            float[] own = java.util.Arrays.copyOfRange(shared, 3 * r, 3 * r + 3);
            Classification slice = Classification.wrap(LABELS, Classification.argmax(shared, 3 * r, 3), shared, 3 * r);
            Classification whole = Classification.of(LABELS, own);
            assertThat(slice).isEqualTo(whole).hasSameHashCodeAs(whole).hasToString(whole.toString());
            assertThat(slice.probabilities()).containsExactly(own);
            assertThat(slice.label()).isEqualTo(whole.label());
            assertThat(slice.probability()).isEqualTo(whole.probability());
            assertThat(slice.probability("upgrade")).isEqualTo(own[2]);
            for (int c = 0; c < 3; c++) {
                assertThat(slice.probability(c)).isEqualTo(own[c]);
            }
        }
        assertThat(Classification.wrap(LABELS, 1, shared, 0).label()).isEqualTo("churn");
        assertThat(Classification.wrap(LABELS, 2, shared, 6).label()).isEqualTo("upgrade");
    }

    @Test
    void slicesOfOneArrayDifferWhereTheirValuesDiffer() {
        float[] shared = batch();
        Classification first = Classification.wrap(LABELS, 1, shared, 0);
        Classification second = Classification.wrap(LABELS, 1, shared, 3);
        assertThat(first).isNotEqualTo(second);
        assertThat(first.probability(1)).isEqualTo(0.5f);
        assertThat(second.probability(1)).isEqualTo(0.1f);
    }

    @Test
    void aSliceReadsOnlyItsOwnClasses() {
        Classification middle = Classification.wrap(LABELS, 0, batch(), 3);
        assertThatThrownBy(() -> middle.probability(3)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> middle.probability(-1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> Classification.wrap(LABELS, 0, batch(), 7)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> Classification.wrap(LABELS, 3, batch(), 0)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> Classification.argmax(batch(), 8, 3)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void probabilitiesAreACopyOfTheSliceOnly() {
        float[] shared = batch();
        Classification last = Classification.wrap(LABELS, 2, shared, 6);
        float[] copy = last.probabilities();
        assertThat(copy).containsExactly(0.1f, 0.1f, 0.8f);
        copy[2] = 0f;
        assertThat(last.probability(2)).isEqualTo(0.8f);
        assertThat(last.probabilities()).containsExactly(0.1f, 0.1f, 0.8f);
    }

    @Test
    void jsonShowsTheSliceOnly() {
        JsonNode tree = new ObjectMapper().valueToTree(Classification.wrap(LABELS, 0, batch(), 3));
        assertThat(tree.get("label").asText()).isEqualTo("stay");
        assertThat(tree.get("labelIndex").asInt()).isEqualTo(0);
        assertThat(tree.get("probabilities")).hasSize(3);
        assertThat(tree.get("probabilities").get(0).floatValue()).isEqualTo(0.6f);
    }

    @Test
    void argmaxOfASliceCountsFromItsStart() {
        float[] shared = batch();
        assertThat(Classification.argmax(shared, 0, 3)).isEqualTo(1);
        assertThat(Classification.argmax(shared, 3, 3)).isEqualTo(0);
        assertThat(Classification.argmax(shared, 6, 3)).isEqualTo(2);
        assertThat(Classification.argmax(new float[] {9f, 0.4f, 0.4f}, 1, 2)).isEqualTo(0);
    }
}

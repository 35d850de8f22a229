package dev.modeldeploy.api.prediction;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A batch's classifications as one list over one array, each made when read. */
class ClassificationListTest {
    private static final List<String> LABELS = List.of("stay", "churn", "upgrade");

    /** Four rows of three classes; the last row ties its first two classes. */
    private static float[] batch() {
        return new float[] {0.2f, 0.5f, 0.3f, 0.6f, 0.1f, 0.3f, 0.1f, 0.1f, 0.8f, 0.4f, 0.4f, 0.2f};
    }

    /** What a batch returned before: one Classification per row, each over a copy of its row. */
    private static List<Classification> eager(float[] p, int rows) {
        List<Classification> out = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            out.add(Classification.of(LABELS, Arrays.copyOfRange(p, 3 * r, 3 * r + 3)));
        }
        return out;
    }

    @Test
    void eachRowIsTheMostProbableClassOfItsSlice() {
        ClassificationList list = ClassificationList.wrap(LABELS, batch(), 4);
        List<Classification> expected = eager(batch(), 4);
        assertThat(list).hasSize(4).containsExactlyElementsOf(expected);
        assertThat(list).isEqualTo(expected).hasSameHashCodeAs(expected);
        assertThat(list.stream().map(Classification::label)).containsExactly("churn", "stay", "upgrade", "stay");
        for (int r = 0; r < 4; r++) {
            assertThat(list.labelIndex(r)).isEqualTo(expected.get(r).labelIndex());
            assertThat(list.probability(r)).isEqualTo(expected.get(r).probability());
            for (int c = 0; c < 3; c++) {
                assertThat(list.probability(r, c)).isEqualTo(batch()[3 * r + c]);
            }
        }
        assertThat(list.labels()).isSameAs(LABELS);
    }

    @Test
    void givenClassesAreKeptEvenWhereTheyAreNotTheMostProbable() {
        // A model may decide with a threshold of its own: row 0 predicts "stay" at 0.2.
        ClassificationList list = ClassificationList.wrap(LABELS, batch(), new int[] {0, 0, 2, 1}, 4);
        assertThat(list.stream().map(Classification::label)).containsExactly("stay", "stay", "upgrade", "churn");
        assertThat(list.get(0).probability()).isEqualTo(0.2f);
        assertThat(list.probability(3)).isEqualTo(0.4f);
        assertThat(list.get(0).probabilities()).containsExactly(0.2f, 0.5f, 0.3f);
    }

    @Test
    void onlyTheGivenRowsCountAndTheRestOfTheArrayIsIgnored() {
        ClassificationList two = ClassificationList.wrap(LABELS, batch(), 2);
        assertThat(two).hasSize(2).isEqualTo(eager(batch(), 2));
        assertThatThrownBy(() -> two.get(2)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> two.get(-1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> two.probability(2, 0)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> two.probability(0, 3)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(ClassificationList.wrap(LABELS, new float[0], 0)).isEmpty();
    }

    @Test
    void badArraysAreRefusedWhenWrapped() {
        assertThatThrownBy(() -> ClassificationList.wrap(LABELS, batch(), 5)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> ClassificationList.wrap(LABELS, batch(), -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClassificationList.wrap(List.of(), batch(), 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClassificationList.wrap(LABELS, batch(), new int[] {0, 1}, 3))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> ClassificationList.wrap(LABELS, batch(), new int[] {0, 3}, 2))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> ClassificationList.wrap(LABELS, batch(), new int[] {-1}, 1))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void theListCannotBeChanged() {
        ClassificationList list = ClassificationList.wrap(LABELS, batch(), 4);
        Classification first = list.get(0);
        assertThatThrownBy(() -> list.add(first)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> list.set(1, first)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> list.remove(0)).isInstanceOf(UnsupportedOperationException.class);
        assertThat(list.subList(1, 3)).isEqualTo(eager(batch(), 4).subList(1, 3));
    }

    @Test
    void writesTheSameJsonAsAListOfItsElements() throws Exception {
        ObjectMapper json = new ObjectMapper();
        ClassificationList list = ClassificationList.wrap(LABELS, batch(), 4);
        assertThat(json.writeValueAsString(list)).isEqualTo(json.writeValueAsString(eager(batch(), 4)));
    }
}

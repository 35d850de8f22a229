package dev.modeldeploy.runtime.batch;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PredictionRowsTest {
    public record Item(String item, double score) {
    }

    private static final PredictionRows<List<Item>> TOP = PredictionRows.ranked("rank", top -> top, PredictionColumns.derive(Item.class));

    @Test
    void aRankedPredictionIsOneRowPerElementRankedFromOne() {
        assertThat(TOP.names()).containsExactly("rank", "item", "score");
        assertThat(TOP.valueTypes()).containsExactly(Integer.class, String.class, double.class);
        assertThat(TOP.rankColumn()).contains("rank");
        List<Object[]> rows = TOP.rows(List.of(new Item("a", 0.5), new Item("b", 0.25)));
        assertThat(rows).extracting(Arrays::asList).containsExactly(List.of(1, "a", 0.5), List.of(2, "b", 0.25));
        assertThat(TOP.rows(List.of())).isEmpty();
        assertThat(TOP.rows(null)).isEmpty();
    }

    @Test
    void aSinglePredictionIsOneRowAndNullIsOneRowOfNulls() {
        PredictionRows<Item> single = PredictionRows.single(PredictionColumns.derive(Item.class));
        assertThat(single.rankColumn()).isEmpty();
        assertThat(single.rows(new Item("a", 1.0))).extracting(Arrays::asList).containsExactly(List.of("a", 1.0));
        assertThat(single.rows(null)).extracting(Arrays::asList).containsExactly(Arrays.asList(null, null));
    }

    @Test
    void theRankColumnMustBeAPlainNameOfItsOwn() {
        assertThatThrownBy(() -> PredictionRows.ranked("item", (List<Item> top) -> top, PredictionColumns.derive(Item.class)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("item");
        assertThatThrownBy(() -> PredictionRows.ranked("rank; DROP", (List<Item> top) -> top, PredictionColumns.derive(Item.class)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

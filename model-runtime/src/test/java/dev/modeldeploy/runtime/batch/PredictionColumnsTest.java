package dev.modeldeploy.runtime.batch;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PredictionColumnsTest {
    record Classification(String label, int labelIndex, float[] probabilities) {
    }

    record Recommendation(List<String> items, Map<String, Double> scores) {
    }

    @Test
    void aNumberIsOnePredictionColumn() {
        PredictionColumns<Double> columns = PredictionColumns.derive(Double.class);
        assertThat(columns.names()).containsExactly("prediction");
        assertThat(columns.values(0.25)).containsExactly(0.25);
        assertThat(columns.valueTypes()).containsExactly(Double.class);
    }

    @Test
    void aRecordIsOneSnakeCaseColumnPerComponentWithArraysAsJson() {
        PredictionColumns<Classification> columns = PredictionColumns.derive(Classification.class);
        assertThat(columns.names()).containsExactlyInAnyOrder("label", "label_index", "probabilities");
        Map<String, Object> row = new LinkedHashMap<>();
        Object[] values = columns.values(new Classification("won", 1, new float[] {0.25f, 0.75f}));
        for (int i = 0; i < values.length; i++) {
            row.put(columns.names().get(i), values[i]);
        }
        assertThat(row).containsEntry("label", "won").containsEntry("label_index", 1).containsEntry("probabilities", "[0.25,0.75]");
        assertThat(columns.valueTypes()).hasSize(3).contains(String.class, int.class); // The array is JSON text: a String.
        PredictionColumns<Recommendation> recs = PredictionColumns.derive(Recommendation.class);
        Object[] r = recs.values(new Recommendation(List.of("a", "b"), Map.of("a", 1.0)));
        assertThat(r).contains("[\"a\",\"b\"]", "{\"a\":1.0}");
    }

    record Visit(Instant at, LocalDate day) {
    }

    record NextVisits(Instant scoredAt, List<Visit> visits) {
    }

    @Test
    void datesAndTimesInsideJsonColumnsAreIsoText() {
        PredictionColumns<NextVisits> columns = PredictionColumns.derive(NextVisits.class);
        Instant at = Instant.parse("2026-11-21T03:00:00Z");
        Object[] values = columns.values(new NextVisits(at, List.of(new Visit(at, LocalDate.of(2026, 11, 22)))));
        // A top-level time stays a value for the sink's own time column; a nested one is ISO-8601 text in the JSON.
        assertThat(values).containsExactlyInAnyOrder(at, "[{\"at\":\"2026-11-21T03:00:00Z\",\"day\":\"2026-11-22\"}]");
    }

    @Test
    void explicitColumnsAreValidated() {
        Map<String, Function<? super Classification, ?>> mapping = new LinkedHashMap<>();
        mapping.put("won_probability", c -> c.probabilities()[1]);
        assertThat(PredictionColumns.of(mapping).values(new Classification("won", 1, new float[] {0.1f, 0.9f}))).containsExactly(0.9f);
        assertThatThrownBy(() -> PredictionColumns.<Classification>of(Map.of("drop table x;", c -> 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid column name");
        assertThatThrownBy(() -> PredictionColumns.derive(Object.class)).isInstanceOf(IllegalArgumentException.class);
    }
}

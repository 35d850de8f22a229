package dev.modeldeploy.testkit;

import dev.modeldeploy.api.schema.Field;
import dev.modeldeploy.api.schema.FieldType;
import dev.modeldeploy.api.schema.Schema;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class OutputSchemaConformanceTest {
    private static final Schema SCORE = Schema.of(Field.required("score", FieldType.DOUBLE));

    record Scored(double score, String label) {
    }

    record Timed(Instant at, LocalDate day, long count, float[] embedding) {
    }

    /** A bean whose JSON name differs from its getter's. */
    public static final class Bean {
        @com.fasterxml.jackson.annotation.JsonProperty("p")
        public double getProbability() {
            return 0.5;
        }
    }

    @Test
    void aSingleValueMatchesAOneFieldSchemaWhateverItsName() {
        assertThat(OutputSchemaConformance.problems(SCORE, 0.5)).isEmpty();
        assertThat(OutputSchemaConformance.problems(Schema.of(Field.required("anything", FieldType.DOUBLE)), 0.5f)).isEmpty();
        assertThat(OutputSchemaConformance.problems(Schema.of(Field.required("v", FieldType.FLOAT_ARRAY)), new float[]{1})).isEmpty();
        assertThat(OutputSchemaConformance.problems(Schema.of(Field.required("v", FieldType.FLOAT_ARRAY)), List.of(1f, 2.0))).isEmpty();
        assertThat(OutputSchemaConformance.problems(Schema.of(Field.required("label", FieldType.STRING)), FieldType.INT)).isEmpty();
    }

    @Test
    void aSingleValueOfTheWrongTypeOrNullFails() {
        assertThat(OutputSchemaConformance.problems(Schema.of(Field.required("n", FieldType.INT)), 3L))
                .containsExactly("the output is a Long (3) but schema field 'n' is INT, which takes Integer, Short or Byte");
        assertThat(OutputSchemaConformance.problems(Schema.of(Field.required("v", FieldType.FLOAT_ARRAY)), new int[]{1}))
                .hasSize(1);
        assertThat(OutputSchemaConformance.problems(SCORE, null))
                .containsExactly("the output is null but schema field 'score' (DOUBLE) is not nullable");
        assertThat(OutputSchemaConformance.problems(Schema.of(Field.optional("score", FieldType.DOUBLE)), null)).isEmpty();
    }

    @Test
    void recordsAreCheckedFieldByField() {
        Schema schema = Schema.of(Field.required("score", FieldType.DOUBLE), Field.required("label", FieldType.STRING));
        assertThat(OutputSchemaConformance.problems(schema, new Scored(0.5, "hot"))).isEmpty();
        assertThat(OutputSchemaConformance.problems(schema, new Scored(0.5, null)))
                .containsExactly("field 'label' is null but schema field 'label' (STRING) is not nullable");
        Schema timed = Schema.of(Field.required("at", FieldType.TIMESTAMP), Field.required("day", FieldType.DATE),
                Field.required("count", FieldType.LONG), Field.required("embedding", FieldType.FLOAT_ARRAY));
        assertThat(OutputSchemaConformance.problems(timed, new Timed(Instant.EPOCH, LocalDate.EPOCH, 3, new float[2]))).isEmpty();
        assertThat(OutputSchemaConformance.problems(Schema.of(Field.required("at", FieldType.DATE), Field.required("day", FieldType.DATE),
                Field.required("count", FieldType.INT), Field.required("embedding", FieldType.FLOAT_ARRAY)),
                new Timed(Instant.EPOCH, LocalDate.EPOCH, 3, new float[2])))
                .containsExactly("field 'at' is an Instant (1970-01-01T00:00:00Z) but schema field 'at' is DATE, which takes LocalDate",
                        "field 'count' is a Long (3) but schema field 'count' is INT, which takes Integer, Short or Byte");
    }

    @Test
    void beansUseTheirJsonNames() {
        assertThat(OutputSchemaConformance.problems(Schema.of(Field.required("p", FieldType.DOUBLE)), new Bean())).isEmpty();
        assertThat(OutputSchemaConformance.problems(Schema.of(Field.required("probability", FieldType.DOUBLE)), new Bean()))
                .hasSize(2);
    }

    @Test
    void mapsAreCheckedKeyByKey() {
        Schema schema = Schema.of(Field.required("score", FieldType.DOUBLE), Field.optional("reason", FieldType.STRING));
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("score", 0.5);
        assertThat(OutputSchemaConformance.problems(schema, output)).as("an optional field may be missing").isEmpty();
        output.put("rank", 1);
        output.remove("score");
        assertThat(OutputSchemaConformance.problems(schema, output)).containsExactly(
                "field 'score' (DOUBLE, required) is missing from the output {rank=1}",
                "field 'rank' of the output is not in the output schema [score, reason]");
    }

    @Test
    void aSingleValueAgainstSeveralFieldsFails() {
        Schema two = Schema.of(Field.required("score", FieldType.DOUBLE), Field.required("label", FieldType.STRING));
        assertThat(OutputSchemaConformance.problems(two, 0.5)).containsExactly(
                "the output is a single Double (0.5) but the output schema declares 2 fields [score, label];"
                        + " a single value matches a schema of exactly one field");
    }
}

package dev.modeldeploy.api.pipeline;

import dev.modeldeploy.api.DenseBatch;
import dev.modeldeploy.api.error.SchemaViolationException;
import dev.modeldeploy.api.schema.FieldType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static dev.modeldeploy.api.pipeline.Records.rec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class SchemaViolationTest {
    private final FeaturePipeline pipeline = FeatureSpec.builder()
            .input(InputField.required("visits", FieldType.DOUBLE))
            .input(InputField.nullable("score", FieldType.FLOAT))
            .input(InputField.required("country", FieldType.STRING))
            .feature("visits", Transform.log1p())
            .feature("score", Transform.imputeConstant(0))
            .feature("country", Transform.oneHot(UnknownPolicy.OTHER, "DE", "FR"))
            .build().compile();
    private final Preprocessor<Map<String, Object>> maps = pipeline.forMaps();

    private static Map<String, Object> good(double visits) {
        return rec("visits", visits, "score", 0.5, "country", "DE");
    }

    @Test
    void aWrongTypeNamesFieldValueAndExpectation() {
        SchemaViolationException e = catchThrowableOfType(SchemaViolationException.class,
                () -> maps.apply(rec("visits", "12", "country", "DE")));
        assertThat(e.recordIndex()).isZero();
        assertThat(e.field()).isEqualTo("visits");
        assertThat(e.value()).isEqualTo("12");
        assertThat(e.expectation()).contains("DOUBLE");
        assertThat(e).hasMessageContaining("record 0, field 'visits': value \"12\" (String)");
    }

    @Test
    void aMissingRequiredFieldIsNamed() {
        SchemaViolationException e = catchThrowableOfType(SchemaViolationException.class, () -> maps.apply(rec("visits", 1.0)));
        assertThat(e.field()).isEqualTo("country");
        assertThat(e.value()).isNull();
        assertThat(e.expectation()).contains("required");
        assertThat(catchThrowableOfType(SchemaViolationException.class, () -> maps.apply(rec("visits", null, "country", "DE"))).field())
                .isEqualTo("visits");
    }

    @Test
    void nanAndInfinityAreRefusedWhereNotAllowed() {
        SchemaViolationException nan = catchThrowableOfType(SchemaViolationException.class,
                () -> maps.apply(rec("visits", Double.NaN, "country", "DE")));
        assertThat(nan.field()).isEqualTo("visits");
        assertThat((Double) nan.value()).isNaN();
        assertThat(nan).hasMessageContaining("not NaN");
        // "score" is nullable, but NaN is not a null: it is refused unless the field allows NaN.
        assertThat(catchThrowableOfType(SchemaViolationException.class,
                () -> maps.apply(rec("visits", 1.0, "score", Float.NaN, "country", "DE"))).field()).isEqualTo("score");
        assertThat(catchThrowableOfType(SchemaViolationException.class,
                () -> maps.apply(rec("visits", Double.POSITIVE_INFINITY, "country", "DE"))).expectation()).contains("finite");
    }

    @Test
    void aNullRecordIsAViolation() {
        assertThatThrownBy(() -> maps.apply(null)).isInstanceOf(SchemaViolationException.class).hasMessageContaining("not null");
    }

    @ParameterizedTest(name = "direct batch: {0}")
    @ValueSource(booleans = {false, true})
    void theBatchPathNamesTheRecordIndexAndKeepsOnlyTheRowsBeforeIt(boolean direct) {
        DenseBatch batch = direct ? DenseBatch.direct(pipeline.width(), 2) : new DenseBatch(pipeline.width(), 2);
        List<Map<String, Object>> records = List.of(good(1), good(2), good(3), rec("visits", 4.0, "country", 7), good(5));
        SchemaViolationException e = catchThrowableOfType(SchemaViolationException.class, () -> maps.writeAll(records, batch));
        assertThat(e.recordIndex()).isEqualTo(3);
        assertThat(e.field()).isEqualTo("country");
        assertThat(e.value()).isEqualTo(7);
        assertThat(e).hasMessageStartingWith("record 3, field 'country'");
        assertThat(batch.size()).isEqualTo(3);
        assertThat(batch.row(2)).containsExactly(maps.apply(good(3)));

        // The caller sets the bad record aside and goes on with the rest.
        maps.writeAll(records.subList(4, 5), batch);
        assertThat(batch.size()).isEqualTo(4);
        assertThat(batch.row(3)).containsExactly(maps.apply(good(5)));
    }

    @Test
    void aBatchOfTheWrongWidthIsRefused() {
        assertThatThrownBy(() -> maps.writeAll(List.of(good(1)), new DenseBatch(3, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 columns");
    }

    @Test
    void rowsOfTheWrongLengthAreViolations() {
        Preprocessor<Object[]> rows = pipeline.bind(RecordType.rows(List.of("id", "visits", "score", "country")));
        assertThat(rows.apply(new Object[] {"a-1", 0.0, null, "FR"})).containsExactly(0f, 0f, 0f, 1f, 0f);
        DenseBatch batch = new DenseBatch(pipeline.width(), 1);
        SchemaViolationException e = catchThrowableOfType(SchemaViolationException.class,
                () -> rows.writeAll(List.of(new Object[] {"a-1", 0.0, null, "FR"}, new Object[] {"a-2", 1.0}), batch));
        assertThat(e.recordIndex()).isEqualTo(1);
        assertThat(e).hasMessageContaining("a row of 4 values");
        assertThat(batch.size()).isEqualTo(1);
    }
}

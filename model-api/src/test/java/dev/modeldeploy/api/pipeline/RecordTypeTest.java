package dev.modeldeploy.api.pipeline;

import dev.modeldeploy.api.error.SchemaViolationException;
import dev.modeldeploy.api.schema.FieldType;
import org.junit.jupiter.api.Test;

import java.lang.invoke.MethodHandles;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static dev.modeldeploy.api.pipeline.Records.rec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class RecordTypeTest {
    static final FeatureSpec SPEC = FeatureSpec.builder()
            .input(InputField.required("visits", FieldType.INT))
            .input(InputField.nullable("amount", FieldType.DOUBLE))
            .input(InputField.required("premium", FieldType.BOOLEAN))
            .input(InputField.required("country", FieldType.STRING))
            .input(InputField.required("signedUpAt", FieldType.TIMESTAMP))
            .feature("visits", Transform.log1p())
            .feature("amount", Transform.imputeConstant(-1))
            .feature("premium")
            .feature("country", Transform.oneHot(UnknownPolicy.OTHER, "DE", "FR"))
            .feature(Feature.named("hour", "signedUpAt", Transform.hourOfDay("Europe/Berlin")))
            .build();

    enum Country { DE, FR, NL }

    /** Primitives, boxed values, an enum, an epoch-millis long, and a component the spec does not read. */
    private record Lead(String id, int visits, Double amount, boolean premium, Country country, long signedUpAt) {
    }

    /** The same fields as a bean. */
    public static final class LeadBean {
        private final int visits;
        private final Double amount;
        private final boolean premium;
        private final String country;
        private final Instant signedUpAt;

        LeadBean(int visits, Double amount, boolean premium, String country, Instant signedUpAt) {
            this.visits = visits;
            this.amount = amount;
            this.premium = premium;
            this.country = country;
            this.signedUpAt = signedUpAt;
        }

        public int getVisits() {
            return visits;
        }

        public Double getAmount() {
            return amount;
        }

        public boolean isPremium() {
            return premium;
        }

        public String getCountry() {
            return country;
        }

        public Instant getSignedUpAt() {
            return signedUpAt;
        }
    }

    private static final long NOON_UTC = Instant.parse("2024-06-05T12:00:00Z").toEpochMilli();

    @Test
    void recordsBeansRowsAndMapsMakeTheSameFeatures() {
        FeaturePipeline pipeline = SPEC.compile();
        float[] fromMap = pipeline.forMaps().apply(rec("visits", 3, "amount", null, "premium", true, "country", "NL",
                "signedUpAt", Instant.ofEpochMilli(NOON_UTC)));
        assertThat(fromMap).containsExactly((float) Math.log(4), -1f, 1f, 0f, 0f, 1f, 14f);

        Preprocessor<Lead> records = pipeline.forClass(Lead.class);
        assertThat(records.apply(new Lead("l-1", 3, null, true, Country.NL, NOON_UTC))).containsExactly(fromMap);

        Preprocessor<LeadBean> beans = pipeline.forClass(LeadBean.class);
        assertThat(beans.apply(new LeadBean(3, null, true, "NL", Instant.ofEpochMilli(NOON_UTC)))).containsExactly(fromMap);

        Preprocessor<Object[]> rows = pipeline.bind(RecordType.rows(List.of("signedUpAt", "country", "premium", "amount", "visits")));
        assertThat(rows.apply(new Object[] {NOON_UTC, "NL", true, null, 3})).containsExactly(fromMap);

        assertThat(records.recordType().javaType()).isEqualTo(Lead.class);
        assertThat(rows.recordType().javaType()).isEqualTo(Object[].class);
        assertThat(pipeline.forMaps().recordType().javaType()).isEqualTo(Map.class);
    }

    @Test
    void theCallersLookupReadsClassesThisLibraryCannot() {
        Preprocessor<Lead> p = SPEC.compile().bind(RecordType.of(Lead.class, MethodHandles.lookup()));
        assertThat(p.apply(new Lead("l-2", 0, 2.5, false, Country.DE, NOON_UTC))).containsExactly(0f, 2.5f, 0f, 1f, 0f, 0f, 14f);
    }

    @Test
    void valuesOfRecordsAreValidatedLikeAnyOther() {
        Preprocessor<Lead> p = SPEC.compile().forClass(Lead.class);
        SchemaViolationException e = catchThrowableOfType(SchemaViolationException.class,
                () -> p.apply(new Lead("l-3", 1, null, false, null, NOON_UTC)));
        assertThat(e.field()).isEqualTo("country");
        assertThat(e.expectation()).contains("required");
    }

    private record NoCountry(int visits, Double amount, boolean premium, long signedUpAt) {
    }

    private record TextVisits(String visits, Double amount, boolean premium, String country, long signedUpAt) {
    }

    private record DoubleVisits(double visits, Double amount, boolean premium, String country, long signedUpAt) {
    }

    @Test
    void aClassThatCanNeverFitIsRefusedWhenBinding() {
        FeaturePipeline pipeline = SPEC.compile();
        assertThatThrownBy(() -> pipeline.forClass(NoCountry.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no property 'country'").hasMessageContaining("[amount, premium, signedUpAt, visits]");
        assertThatThrownBy(() -> pipeline.forClass(TextVisits.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'visits' as String").hasMessageContaining("INT");
        // An INT input needs an integral field; a double could hold 2.5.
        assertThatThrownBy(() -> pipeline.forClass(DoubleVisits.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'visits' as double");
        assertThatThrownBy(() -> pipeline.bind(RecordType.rows(List.of("visits"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no column 'amount'");
    }

    private record Measurements(float ratio, double nan, short small) {
    }

    @Test
    void primitiveComponentsAreReadWithoutBoxingAndStillValidated() {
        FeaturePipeline pipeline = FeatureSpec.builder()
                .numeric("ratio")
                .input(InputField.required("nan", FieldType.DOUBLE))
                .input(InputField.required("small", FieldType.INT))
                .feature("nan").feature("small")
                .build().compile();
        Preprocessor<Measurements> p = pipeline.forClass(Measurements.class);
        assertThat(p.apply(new Measurements(0.25f, 3.0, (short) 7))).containsExactly(0.25f, 3f, 7f);
        assertThat(catchThrowableOfType(SchemaViolationException.class, () -> p.apply(new Measurements(0.25f, Double.NaN, (short) 7))).field())
                .isEqualTo("nan");
    }
}

package dev.modeldeploy.api.pipeline;

import dev.modeldeploy.api.error.SchemaViolationException;
import dev.modeldeploy.api.schema.FieldType;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Map;

import static dev.modeldeploy.api.pipeline.Records.rec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class TransformTest {

    /** One numeric input "x" of the given field, one feature with these transforms. */
    private static Preprocessor<Map<String, Object>> numeric(InputField x, Transform... transforms) {
        return FeatureSpec.builder().input(x).feature("x", transforms).build().compile().forMaps();
    }

    private static float one(Preprocessor<Map<String, Object>> p, Object x) {
        float[] out = p.apply(rec("x", x));
        assertThat(out).hasSize(1);
        return out[0];
    }

    private static final InputField X = InputField.required("x", FieldType.DOUBLE);

    @Test
    void passThroughAcceptsAnyNumber() {
        Preprocessor<Map<String, Object>> p = numeric(X);
        assertThat(one(p, 2.5)).isEqualTo(2.5f);
        assertThat(one(p, 7)).isEqualTo(7f);
        assertThat(one(p, 7L)).isEqualTo(7f);
        assertThat(one(p, 1.5f)).isEqualTo(1.5f);
        assertThat(one(p, new BigDecimal("0.125"))).isEqualTo(0.125f);
        assertThat(one(p, -3.0)).isEqualTo(-3f);
    }

    @Test
    void standardize() {
        Preprocessor<Map<String, Object>> p = numeric(X, Transform.standardize(10, 4));
        assertThat(one(p, 10.0)).isEqualTo(0f);
        assertThat(one(p, 18.0)).isEqualTo(2f);
        assertThat(one(p, 4.0)).isEqualTo(-1.5f);
    }

    @Test
    void minMaxMapsTheTrainingRangeToZeroOne() {
        Preprocessor<Map<String, Object>> p = numeric(X, Transform.minMax(18, 90));
        assertThat(one(p, 18)).isEqualTo(0f);
        assertThat(one(p, 90)).isEqualTo(1f);
        assertThat(one(p, 36)).isEqualTo(0.25f);
        assertThat(one(p, 108)).isEqualTo(1.25f); // outside the training range: not clipped unless asked
        Preprocessor<Map<String, Object>> clipped = numeric(X, Transform.minMax(18, 90), Transform.clip(0, 1));
        assertThat(one(clipped, 108)).isEqualTo(1f);
        assertThat(one(clipped, 0)).isEqualTo(0f);
    }

    @Test
    void log1p() {
        Preprocessor<Map<String, Object>> p = numeric(X, Transform.log1p());
        assertThat(one(p, 0.0)).isEqualTo(0f);
        assertThat(one(p, Math.E - 1)).isCloseTo(1f, within(1e-6f));
        assertThat(one(p, 99.0)).isCloseTo((float) Math.log(100), within(1e-6f));
        assertThat(one(p, -1.0)).isEqualTo(Float.NEGATIVE_INFINITY);
        assertThatThrownBy(() -> one(p, -2.0))
                .isInstanceOf(SchemaViolationException.class)
                .hasMessageContaining("field 'x'").hasMessageContaining("-2.0").hasMessageContaining("log1p");
    }

    @Test
    void clipWithOneOrBothBounds() {
        assertThat(one(numeric(X, Transform.clip(-1, 1)), 5.0)).isEqualTo(1f);
        assertThat(one(numeric(X, Transform.clip(-1, 1)), -5.0)).isEqualTo(-1f);
        assertThat(one(numeric(X, Transform.clip(-1, 1)), 0.5)).isEqualTo(0.5f);
        assertThat(one(numeric(X, new Transform.Clip(0.0, null)), -5.0)).isEqualTo(0f);
        assertThat(one(numeric(X, new Transform.Clip(0.0, null)), 1e9)).isEqualTo(1e9f);
        assertThat(one(numeric(X, new Transform.Clip(null, 3.0)), 4.0)).isEqualTo(3f);
    }

    @Test
    void imputeReplacesMissingValuesOnly() {
        InputField nullable = InputField.nullable("x", FieldType.DOUBLE);
        Preprocessor<Map<String, Object>> constant = numeric(nullable, Transform.imputeConstant(-1));
        assertThat(one(constant, null)).isEqualTo(-1f);
        assertThat(constant.apply(rec())).containsExactly(-1f); // an absent key is missing too
        assertThat(one(constant, 4.0)).isEqualTo(4f);

        // The training mean, then the scaler that was fitted after the imputer.
        Preprocessor<Map<String, Object>> mean = numeric(nullable, Transform.imputeMean(12.5), Transform.standardize(12.5, 5));
        assertThat(one(mean, null)).isEqualTo(0f);
        assertThat(one(mean, 17.5)).isEqualTo(1f);
    }

    @Test
    void nanIsMissingOnlyWhereAllowed() {
        Preprocessor<Map<String, Object>> allowed = numeric(InputField.required("x", FieldType.DOUBLE).withNaNAllowed(), Transform.imputeConstant(7));
        assertThat(one(allowed, Double.NaN)).isEqualTo(7f);
        assertThat(one(allowed, Float.NaN)).isEqualTo(7f);

        Preprocessor<Map<String, Object>> refused = numeric(X, Transform.imputeConstant(7));
        assertThatThrownBy(() -> one(refused, Double.NaN))
                .isInstanceOf(SchemaViolationException.class)
                .hasMessageContaining("field 'x'").hasMessageContaining("NaN");
    }

    @Test
    void aMissingValueWithoutImputeReachesTheModelAsNaN() {
        // What tree models exported to ONNX (XGBoost, LightGBM) take as "missing".
        Preprocessor<Map<String, Object>> p = numeric(InputField.nullable("x", FieldType.DOUBLE), Transform.clip(0, 1), Transform.standardize(0, 2));
        assertThat(one(p, null)).isNaN();
    }

    @Test
    void stepsApplyInOrder() {
        Preprocessor<Map<String, Object>> p = numeric(InputField.nullable("x", FieldType.DOUBLE),
                Transform.imputeConstant(0), Transform.clip(0, 999), Transform.log1p(), Transform.standardize(1, 2));
        assertThat(one(p, Math.E * Math.E - 1)).isCloseTo(0.5f, within(1e-6f)); // ln(e²) = 2, (2 - 1) / 2
        assertThat(one(p, -50.0)).isEqualTo(-0.5f); // clipped to 0 before log1p: (0 - 1) / 2
        assertThat(one(p, null)).isEqualTo(-0.5f);
    }

    @Test
    void integersMustBeIntegral() {
        Preprocessor<Map<String, Object>> p = numeric(InputField.required("x", FieldType.INT));
        assertThat(one(p, 3)).isEqualTo(3f);
        assertThat(one(p, 3.0)).isEqualTo(3f);
        assertThat(one(p, (short) 2)).isEqualTo(2f);
        assertThatThrownBy(() -> one(p, 3.5)).isInstanceOf(SchemaViolationException.class)
                .hasMessageContaining("field 'x'").hasMessageContaining("3.5").hasMessageContaining("integral");
    }

    @Test
    void booleansAreOneOrZero() {
        Preprocessor<Map<String, Object>> p = numeric(InputField.required("x", FieldType.BOOLEAN));
        assertThat(one(p, true)).isEqualTo(1f);
        assertThat(one(p, false)).isEqualTo(0f);
        assertThatThrownBy(() -> one(p, "true")).isInstanceOf(SchemaViolationException.class)
                .hasMessageContaining("field 'x'").hasMessageContaining("\"true\"").hasMessageContaining("BOOLEAN");
        assertThatThrownBy(() -> one(p, 1)).isInstanceOf(SchemaViolationException.class);
        Preprocessor<Map<String, Object>> nullable = numeric(InputField.nullable("x", FieldType.BOOLEAN), Transform.imputeConstant(0.5));
        assertThat(one(nullable, null)).isEqualTo(0.5f);
    }

    private static Preprocessor<Map<String, Object>> category(InputField c, Transform... transforms) {
        return FeatureSpec.builder().input(c).feature("c", transforms).build().compile().forMaps();
    }

    private static final InputField C = InputField.required("c", FieldType.STRING);

    private enum Plan { FREE, PRO }

    @Test
    void oneHotWithEachUnknownPolicy() {
        Preprocessor<Map<String, Object>> error = category(C, Transform.oneHot(UnknownPolicy.ERROR, "DE", "FR", "IT"));
        assertThat(error.featureNames()).containsExactly("c=DE", "c=FR", "c=IT");
        assertThat(error.apply(rec("c", "FR"))).containsExactly(0f, 1f, 0f);
        assertThat(error.apply(rec("c", "DE"))).containsExactly(1f, 0f, 0f);
        assertThatThrownBy(() -> error.apply(rec("c", "ES")))
                .isInstanceOf(SchemaViolationException.class)
                .hasMessageContaining("field 'c'").hasMessageContaining("\"ES\"").hasMessageContaining("[DE, FR, IT]")
                .satisfies(e -> assertThat(((SchemaViolationException) e).value()).isEqualTo("ES"));

        Preprocessor<Map<String, Object>> ignore = category(C, Transform.oneHot(UnknownPolicy.IGNORE, "DE", "FR", "IT"));
        assertThat(ignore.apply(rec("c", "ES"))).containsExactly(0f, 0f, 0f);
        assertThat(ignore.apply(rec("c", "IT"))).containsExactly(0f, 0f, 1f);

        Preprocessor<Map<String, Object>> other = category(C, Transform.oneHot(UnknownPolicy.OTHER, "DE", "FR", "IT"));
        assertThat(other.featureNames()).containsExactly("c=DE", "c=FR", "c=IT", "c=<other>");
        assertThat(other.apply(rec("c", "ES"))).containsExactly(0f, 0f, 0f, 1f);
        assertThat(other.apply(rec("c", "DE"))).containsExactly(1f, 0f, 0f, 0f);
    }

    @Test
    void categoriesAreCaseSensitiveAndAcceptEnums() {
        Preprocessor<Map<String, Object>> p = category(C, Transform.oneHot(UnknownPolicy.OTHER, "FREE", "PRO"));
        assertThat(p.apply(rec("c", Plan.PRO))).containsExactly(0f, 1f, 0f);
        assertThat(p.apply(rec("c", "pro"))).containsExactly(0f, 0f, 1f);
        assertThatThrownBy(() -> p.apply(rec("c", 3))).isInstanceOf(SchemaViolationException.class)
                .hasMessageContaining("field 'c'").hasMessageContaining("STRING");
    }

    @Test
    void aMissingCategoryCountsAsUnknown() {
        InputField nullable = InputField.nullable("c", FieldType.STRING);
        assertThat(category(nullable, Transform.oneHot(UnknownPolicy.OTHER, "a", "b")).apply(rec("c", null))).containsExactly(0f, 0f, 1f);
        assertThat(category(nullable, Transform.oneHot(UnknownPolicy.IGNORE, "a", "b")).apply(rec())).containsExactly(0f, 0f);
        assertThatThrownBy(() -> category(nullable, Transform.oneHot(UnknownPolicy.ERROR, "a", "b")).apply(rec()))
                .isInstanceOf(SchemaViolationException.class).hasMessageContaining("field 'c'");
        // A required category must be present whatever the policy.
        assertThatThrownBy(() -> category(C, Transform.oneHot(UnknownPolicy.OTHER, "a")).apply(rec()))
                .isInstanceOf(SchemaViolationException.class).hasMessageContaining("field 'c'").hasMessageContaining("required");
    }

    @Test
    void ordinalWithEachUnknownPolicy() {
        Preprocessor<Map<String, Object>> error = category(C, Transform.ordinal(UnknownPolicy.ERROR, "low", "mid", "high"));
        assertThat(error.apply(rec("c", "low"))).containsExactly(0f);
        assertThat(error.apply(rec("c", "high"))).containsExactly(2f);
        assertThatThrownBy(() -> error.apply(rec("c", "extreme"))).isInstanceOf(SchemaViolationException.class)
                .hasMessageContaining("\"extreme\"");

        Preprocessor<Map<String, Object>> other = category(C, Transform.ordinal(UnknownPolicy.OTHER, "low", "mid", "high"));
        assertThat(other.apply(rec("c", "extreme"))).containsExactly(3f);

        // IGNORE makes a missing number, which an impute step then decides (scikit-learn's unknown_value).
        Preprocessor<Map<String, Object>> ignore = category(C, Transform.ordinal(UnknownPolicy.IGNORE, "low", "mid"), Transform.imputeConstant(-1));
        assertThat(ignore.apply(rec("c", "extreme"))).containsExactly(-1f);
        assertThat(ignore.apply(rec("c", "mid"))).containsExactly(1f);
        Preprocessor<Map<String, Object>> ignoreToNaN = category(C, Transform.ordinal(UnknownPolicy.IGNORE, "low", "mid"));
        assertThat(ignoreToNaN.apply(rec("c", "extreme"))[0]).isNaN();

        Preprocessor<Map<String, Object>> scaled = category(C, Transform.ordinal(UnknownPolicy.ERROR, "low", "mid", "high"), Transform.minMax(0, 2));
        assertThat(scaled.apply(rec("c", "mid"))).containsExactly(0.5f);
    }

    @Test
    void manyFeaturesFromOneInputAndTheirOrder() {
        FeatureSpec spec = FeatureSpec.builder()
                .input(InputField.required("amount", FieldType.DOUBLE))
                .input(InputField.required("country", FieldType.STRING))
                .feature(Feature.named("amountLog", "amount", Transform.log1p()))
                .feature("country", Transform.oneHot(UnknownPolicy.IGNORE, "DE", "FR"))
                .feature(Feature.named("amountRaw", "amount"))
                .feature(Feature.named("countryCode", "country", Transform.ordinal(UnknownPolicy.OTHER, "DE", "FR")))
                .build();
        FeaturePipeline pipeline = spec.compile();
        assertThat(pipeline.featureNames()).containsExactly("amountLog", "country=DE", "country=FR", "amountRaw", "countryCode");
        assertThat(pipeline.width()).isEqualTo(5);
        assertThat(pipeline.inputNames()).containsExactly("amount", "country");
        assertThat(pipeline.forMaps().apply(rec("amount", 0.0, "country", "FR"))).containsExactly(0f, 0f, 1f, 0f, 1f);
        assertThat(pipeline.forMaps().apply(rec("amount", 3.0, "country", "NL"))).containsExactly((float) Math.log(4), 0f, 0f, 3f, 2f);
    }

    @Test
    void writeFillsARangeOfALargerArray() {
        Preprocessor<Map<String, Object>> p = FeatureSpec.builder().numeric("a").numeric("b", Transform.standardize(1, 2)).build()
                .compile().forMaps();
        float[] buffer = {9, 9, 9, 9, 9};
        p.write(rec("a", 4, "b", 5), buffer, 2);
        assertThat(buffer).containsExactly(9f, 9f, 4f, 2f, 9f);
        assertThatThrownBy(() -> p.write(rec("a", 4, "b", 5), buffer, 4)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}

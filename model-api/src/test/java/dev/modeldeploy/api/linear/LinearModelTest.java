package dev.modeldeploy.api.linear;

import dev.modeldeploy.api.DenseBatch;
import dev.modeldeploy.api.ModelTypes;
import dev.modeldeploy.api.error.SchemaViolationException;
import dev.modeldeploy.api.pipeline.FeatureSpec;
import dev.modeldeploy.api.pipeline.Transform;
import dev.modeldeploy.api.prediction.Classification;
import dev.modeldeploy.api.prediction.Regression;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class LinearModelTest {
    /** Two features: a as is, b standardized with mean 10 and std 2. */
    static final FeatureSpec TWO = FeatureSpec.builder().numeric("a").numeric("b", Transform.standardize(10, 2)).build();

    private static Map<String, Object> ab(double a, double b) {
        return Map.of("a", a, "b", b);
    }

    @Test
    void linearRegressionIsInterceptPlusDotProduct() {
        LinearModel<Map<String, Object>, Regression> m = LinearModel.linearRegression("price", TWO)
                .coefficients(2, -3).intercept(0.5).build();
        // 0.5 + 2 * 1.5 - 3 * ((14 - 10) / 2) = -2.5
        assertThat(m.predictRecord(ab(1.5, 14))).isEqualTo(new Regression(-2.5));
        assertThat(m.predict(new float[] {0, 0})).isEqualTo(new Regression(0.5));
        assertThat(m.task()).isEqualTo(LinearModel.Task.REGRESSION);
        assertThat(m.labels()).isEmpty();
        assertThat(m.info().format()).isEqualTo("linear");
        assertThat(m.info().outputSchema()).isEqualTo(Regression.SCHEMA);
        assertThat(m.info().inputSchema()).isEqualTo(TWO.inputSchema());
        assertThat(m.types()).isEqualTo(ModelTypes.of(Map.class, float[].class, Regression.class));
    }

    @Test
    void binaryLogisticRegression() {
        LinearModel<Map<String, Object>, Classification> m = LinearModel.logisticRegression("churn", TWO)
                .labels("stay", "churn").coefficients(new double[][] {{1, -2}}).intercepts(0.25).build();
        // z = 0.25 + 1 * 1 - 2 * ((11 - 10) / 2) = 0.25; sigmoid(0.25) = 0.5621765008857981
        Classification c = m.predictRecord(ab(1, 11));
        assertThat(c.label()).isEqualTo("churn");
        assertThat(c.labelIndex()).isEqualTo(1);
        assertThat(c.probabilities()).containsExactly(0.43782349911420193f, 0.5621765008857981f);
        assertThat(c.probability()).isEqualTo(0.5621765008857981f);
        assertThat(c.probability("stay")).isEqualTo(0.43782349911420193f);
        assertThat(c.labels()).containsExactly("stay", "churn");
        assertThat(m.info().outputSchema()).isEqualTo(Classification.SCHEMA);
        assertThat(m.types().output()).isEqualTo(Classification.class);
        assertThat(m.multiclass()).isEmpty();
    }

    @Test
    void aScoreOfExactlyZeroIsTheNegativeClassAsInScikitLearn() {
        LinearModel<Map<String, Object>, Classification> m = LinearModel.logisticRegression("coin", TWO)
                .coefficients(new double[][] {{1, 0}}).intercepts(0).build();
        Classification c = m.predictRecord(ab(0, 10));
        assertThat(c.labelIndex()).isZero();
        assertThat(c.label()).isEqualTo("0"); // default labels "0", "1"
        assertThat(c.probabilities()).containsExactly(0.5f, 0.5f);
    }

    @Test
    void extremeScoresSaturateWithoutNaN() {
        LinearModel<Map<String, Object>, Classification> m = LinearModel.logisticRegression("x", TWO)
                .coefficients(new double[][] {{1, 0}}).intercepts(0).build();
        assertThat(m.predictRecord(ab(800, 10)).probabilities()).containsExactly(0f, 1f);
        assertThat(m.predictRecord(ab(-800, 10)).probabilities()).containsExactly(1f, 0f);
    }

    private static final double[][] THREE_CLASSES = {{1, 0}, {0, 1}, {-1, -1}};

    @Test
    void multinomialSoftmax() {
        LinearModel<Map<String, Object>, Classification> m = LinearModel.logisticRegression("plan", TWO)
                .labels("free", "pro", "enterprise").coefficients(THREE_CLASSES).intercepts(0, 0.5, 0).build();
        // x = (2, (12 - 10) / 2 = 1), z = (2, 1.5, -3)
        Classification c = m.predictRecord(ab(2, 12));
        assertThat(c.label()).isEqualTo("free");
        float[] p = c.probabilities();
        assertThat(p[0]).isCloseTo(0.6198595793903612f, within(1e-7f));
        assertThat(p[1]).isCloseTo(0.3759638396168312f, within(1e-7f));
        assertThat(p[2]).isCloseTo(0.004176580992807663f, within(1e-8f));
        assertThat(m.multiclass()).contains(Multiclass.SOFTMAX);
    }

    @Test
    void oneVsRestNormalisesTheSigmoids() {
        LinearModel<Map<String, Object>, Classification> m = LinearModel.logisticRegression("plan", TWO)
                .labels("free", "pro", "enterprise").coefficients(THREE_CLASSES).intercepts(0, 0.5, 0)
                .multiclass(Multiclass.ONE_VS_REST).build();
        Classification c = m.predictRecord(ab(2, 12));
        assertThat(c.label()).isEqualTo("free");
        float[] p = c.probabilities();
        assertThat(p[0]).isCloseTo(0.5045242157993836f, within(1e-7f));
        assertThat(p[1]).isCloseTo(0.46831004753804123f, within(1e-7f));
        assertThat(p[2]).isCloseTo(0.02716573666257524f, within(1e-8f));
    }

    @Test
    void softmaxDoesNotOverflowAndBreaksTiesTowardsTheFirstClass() {
        LinearModel<Map<String, Object>, Classification> m = LinearModel.logisticRegression("x", TWO)
                .coefficients(new double[][] {{1000, 0}, {1000, 0}, {0, 0}}).intercepts(0, 0, 0).build();
        Classification c = m.predictRecord(ab(1, 10));
        assertThat(c.labelIndex()).isZero();
        assertThat(c.probabilities()).containsExactly(0.5f, 0.5f, 0f);
        assertThat(c.labels()).containsExactly("0", "1", "2");
    }

    @Test
    void theBatchPathEqualsTheSinglePath() {
        LinearModel<Map<String, Object>, Classification> m = LinearModel.logisticRegression("plan", TWO)
                .labels("free", "pro", "enterprise").coefficients(THREE_CLASSES).intercepts(0.1, -0.2, 0.3).build();
        List<Map<String, Object>> records = new java.util.ArrayList<>();
        java.util.Random r = new java.util.Random(5);
        for (int i = 0; i < 500; i++) {
            records.add(ab(r.nextGaussian() * 3, 10 + r.nextGaussian() * 2));
        }
        List<Classification> batch = m.predictRecords(records);
        DenseBatch features = m.newBatch(4);
        m.preprocess(records, features);
        List<Classification> again = m.predictBatch(features);
        // A batch in native memory, which a pure-Java format reads through a copy on the heap.
        DenseBatch direct = DenseBatch.direct(features.columns(), 4);
        m.preprocess(records, direct);
        List<Classification> fromDirect = m.predictBatch(direct);
        for (int i = 0; i < records.size(); i++) {
            Classification single = m.predictRecord(records.get(i));
            assertThat(batch.get(i)).isEqualTo(single);
            assertThat(again.get(i)).isEqualTo(single);
            assertThat(fromDirect.get(i)).isEqualTo(single);
            assertThat(m.predict(m.preprocess(records.get(i)))).isEqualTo(single);
        }
    }

    @Test
    void otherKindsOfBatchWorkToo() {
        LinearModel<Map<String, Object>, Regression> m = LinearModel.linearRegression("price", TWO).coefficients(2, -3).intercept(0.5).build();
        dev.modeldeploy.api.ListBatch<float[]> list = new dev.modeldeploy.api.ListBatch<>(2);
        m.preprocess(List.of(ab(1.5, 14), ab(0, 10)), list);
        assertThat(m.predictBatch(list)).containsExactly(new Regression(-2.5), new Regression(0.5));
        assertThatThrownBy(() -> m.predictBatch(new DenseBatch(3, 1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("3 columns");
    }

    @Test
    void aBadRecordIsASchemaViolation() {
        LinearModel<Map<String, Object>, Regression> m = LinearModel.linearRegression("price", TWO).coefficients(1, 1).build();
        Map<String, Object> missingB = new HashMap<>(Map.of("a", 1.0));
        assertThatThrownBy(() -> m.predictRecord(missingB)).isInstanceOf(SchemaViolationException.class).hasMessageContaining("field 'b'");
        assertThatThrownBy(() -> m.predictRecords(List.of(ab(1, 1), missingB)))
                .isInstanceOf(SchemaViolationException.class).hasMessageStartingWith("record 1, field 'b'");
        assertThatThrownBy(() -> m.predict(new float[3])).isInstanceOf(IllegalArgumentException.class);
    }

    record House(double a, double b) {
    }

    @Test
    void aTypedVariantReadsTheUsersRecords() {
        LinearModel<Map<String, Object>, Regression> m = LinearModel.linearRegression("price", TWO).coefficients(2, -3).intercept(0.5).build();
        LinearModel<House, Regression> typed = m.forClass(House.class);
        assertThat(typed.predictRecord(new House(1.5, 14))).isEqualTo(new Regression(-2.5));
        assertThat(typed.predictRecords(List.of(new House(1.5, 14), new House(0, 10))))
                .containsExactly(new Regression(-2.5), new Regression(0.5));
        assertThat(typed.types()).isEqualTo(ModelTypes.of(House.class, float[].class, Regression.class));
        assertThat(typed.info()).isEqualTo(m.info());
    }

    @Test
    void shapesAreChecked() {
        assertThatThrownBy(() -> LinearModel.linearRegression("x", TWO).coefficients(1, 2, 3).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 values for 2 features");
        assertThatThrownBy(() -> LinearModel.logisticRegression("x", TWO).coefficients(THREE_CLASSES).intercepts(0, 0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one value per coefficient row (3)");
        assertThatThrownBy(() -> LinearModel.logisticRegression("x", TWO).labels("a", "b").coefficients(THREE_CLASSES).intercepts(0, 0, 0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 coefficient rows for 2 labels");
        assertThatThrownBy(() -> LinearModel.logisticRegression("x", TWO).labels("a", "a").coefficients(new double[][] {{1, 2}}).intercepts(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("distinct");
        assertThatThrownBy(() -> LinearModel.linearRegression("x", TWO).coefficients(1, Double.NaN).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
    }

    @Test
    void predictionsAreImmutableValues() {
        LinearModel<Map<String, Object>, Classification> m = LinearModel.logisticRegression("churn", TWO)
                .labels("stay", "churn").coefficients(new double[][] {{1, -2}}).intercepts(0.25).build();
        Classification c = m.predictRecord(ab(1, 11));
        c.probabilities()[0] = 42f;
        assertThat(c.probability(0)).isEqualTo(0.43782349911420193f);
        assertThatThrownBy(() -> c.probability("maybe")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[stay, churn]");
        assertThat(c).isEqualTo(Classification.of(List.of("stay", "churn"), new float[] {0.43782349911420193f, 0.5621765008857981f}));
        double[][] coefficients = m.coefficients();
        coefficients[0][0] = 99;
        assertThat(m.coefficients()[0][0]).isEqualTo(1.0);
    }
}

package dev.modeldeploy.runtime.online;

import dev.modeldeploy.api.ModelInfo;
import dev.modeldeploy.api.error.ModelException;
import dev.modeldeploy.api.linear.LinearModel;
import dev.modeldeploy.api.pipeline.FeatureSpec;
import dev.modeldeploy.api.pipeline.InputField;
import dev.modeldeploy.api.pipeline.Transform;
import dev.modeldeploy.api.pipeline.UnknownPolicy;
import dev.modeldeploy.api.prediction.Regression;
import dev.modeldeploy.api.schema.FieldType;
import dev.modeldeploy.api.testing.WeightedSumModel;
import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Warm-up runs the bundle's input example (or synthetic rows) through both paths before traffic. */
class WarmUpTest {

    /** A weighted sum whose bundle carries an input example of two records. */
    private static ProbeModel<Map<String, Object>, float[], Double> withExample(List<Map<String, Object>> example) {
        ModelInfo info = WeightedSumModel.of("sum", Map.of("x", 1f), 0f).info().toBuilder().version(1)
                .inputExample(example).build();
        WeightedSumModel sum = new WeightedSumModel(info, List.of("x", "y"), new float[] {2f, 3f}, 1f, null);
        return new ProbeModel<>(sum, info);
    }

    private static OnlinePredictorConfig warmUp(int iterations) {
        return OnlinePredictorConfig.builder().warmUpIterations(iterations).build();
    }

    @Test
    void theBundlesInputExampleRunsThroughTheSingleAndTheBatchPath() {
        var model = withExample(List.of(Map.of("x", 1, "y", 2), Map.of("x", 3.5, "y", -1)));
        try (OnlinePredictor<Map<String, Object>, Double> predictor = OnlinePredictor.builder(model).config(warmUp(7)).build()) {
            assertThat(model.singleCalls()).isEqualTo(2 * 7);
            assertThat(model.batchSizes()).hasSize(7).containsOnly(2);
            assertThat(predictor.predict(Map.of("x", 1, "y", 1)).value()).isEqualTo(6.0);
        }
    }

    @Test
    void withoutAnExampleSyntheticRowsFromTheSchemaStandIn() {
        var model = new ProbeModel<>(TestModels.regression(1), 1);
        assertThat(model.info().inputExample()).isEmpty();
        try (OnlinePredictor<Map<String, Object>, Regression> ignored = OnlinePredictor.builder(model).config(warmUp(5)).build()) {
            assertThat(model.singleCalls()).isEqualTo(2 * 5);
            assertThat(model.batchSizes()).hasSize(5).containsOnly(2);
        }
    }

    @Test
    void syntheticRowsThatDoNotFitTheFeaturesSkipTheWarmUp() {
        FeatureSpec spec = FeatureSpec.builder().numeric("a")
                .input(InputField.required("country", FieldType.STRING))
                .feature("country", Transform.oneHot(UnknownPolicy.ERROR, "DE", "FR")).build();
        var model = new ProbeModel<>(LinearModel.linearRegression("strict", spec).coefficients(1, 2, 3).build(), 1);
        try (OnlinePredictor<Map<String, Object>, Regression> predictor = OnlinePredictor.builder(model).config(warmUp(5)).build()) {
            assertThat(model.singleCalls()).isEqualTo(1); // the first synthetic row failed: no more tries
            assertThat(predictor.predict(Map.of("a", 1.0, "country", "FR")).value().value()).isEqualTo(4.0);
        }
    }

    @Test
    void modelsThatDoNotReadMapsAreNotWarmedUp() {
        record Trip(double a, double b, double c) {
        }
        var model = new ProbeModel<>(TestModels.regression(0).forClass(Trip.class), 1);
        try (OnlinePredictor<Trip, Regression> predictor = OnlinePredictor.builder(model).config(warmUp(5)).build()) {
            assertThat(model.singleCalls()).isZero();
            assertThat(predictor.predict(new Trip(2, 0, 1)).value().value()).isEqualTo(3.0);
        }
    }

    @Test
    void aModelThatFailsOnItsOwnExampleDoesNotStartAndStaysTheCallers() {
        var model = withExample(List.of(Map.of("x", 1, "y", 2), Collections.singletonMap("x", null)));
        assertThatThrownBy(() -> OnlinePredictor.builder(model).config(warmUp(3)).build())
                .isInstanceOf(ModelException.class).hasMessageContaining("sum/1").hasMessageContaining("input example");
        assertThat(model.isClosed()).isFalse();
    }

    @Test
    void noWarmUpWhenTurnedOff() {
        var model = withExample(List.of(Map.of("x", 1, "y", 2)));
        try (OnlinePredictor<Map<String, Object>, Double> ignored = OnlinePredictor.builder(model).config(warmUp(0)).build()) {
            assertThat(model.singleCalls()).isZero();
            assertThat(model.batchSizes()).isEmpty();
        }
    }

    @Test
    void givenWarmUpRecordsTakePrecedenceForTheFirstModelAndEverySwap() {
        var first = withExample(List.of(Map.of("x", 1, "y", 2)));
        var next = withExample(List.of(Map.of("x", 1, "y", 2)));
        List<Map<String, Object>> traffic = List.of(new java.util.HashMap<>(Map.of("x", 1, "y", 1)),
                new java.util.HashMap<>(Map.of("x", 2, "y", 2)), new java.util.HashMap<>(Map.of("x", 3, "y", 3)));
        try (OnlinePredictor<Map<String, Object>, Double> predictor = OnlinePredictor.builder(first).config(warmUp(4))
                .warmUpRecords(traffic).build()) {
            assertThat(first.singleCalls()).isEqualTo(3 * 4);
            assertThat(first.batchSizes()).hasSize(4).containsOnly(3);
            predictor.swap(next);
            assertThat(next.singleCalls()).isEqualTo(3 * 4);
        }
    }

    @Test
    void givenWarmUpRecordsThatDoNotFitStopTheStart() {
        var model = withExample(List.of(Map.of("x", 1, "y", 2)));
        assertThatThrownBy(() -> OnlinePredictor.builder(model).config(warmUp(2))
                .warmUpRecords(List.of(Map.of("x", "one", "y", 1))).build())
                .isInstanceOf(ModelException.class).hasMessageContaining("warm-up records");
    }
}

package dev.modeldeploy.onnx;

import dev.modeldeploy.api.prediction.Regression;
import dev.modeldeploy.testkit.ModelTestKit;
import dev.modeldeploy.testkit.Tolerance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.regression.Regressor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** A linear regression trained and exported by Tribuo: modeldeploy's ONNX predictions are Tribuo's own. */
class TribuoLinearRegressionTest {
    @TempDir
    static Path dir;
    static TribuoModels.Trained<Regressor> trained;
    static OnnxModel<Map<String, Object>, ?> model;

    @BeforeAll
    static void trainAndLoad() throws IOException {
        trained = TribuoModels.linearRegression(dir);
        model = OnnxModel.fromFile(trained.onnx(), trained.spec());
    }

    @AfterAll
    static void closeModel() {
        model.close();
    }

    @Test
    void isFoundToBeARegression() {
        assertThat(model.task()).isEqualTo(OnnxModel.Task.REGRESSION);
        assertThat(model.types().output()).isEqualTo(Regression.class);
        assertThat(model.info().outputSchema()).isEqualTo(Regression.SCHEMA);
        assertThat(model.labels()).isEmpty();
    }

    @Test
    void predictionsAreTribuos() {
        List<Map<String, Object>> records = trained.records();
        List<?> batch = model.predictRecords(records);
        for (int i = 0; i < records.size(); i++) {
            double tribuo = trained.tribuoPredict(records.get(i)).getOutput().getValues()[0];
            double single = ((Regression) model.predictRecord(records.get(i))).value();
            assertThat(single).isCloseTo(tribuo, within(1e-4 * Math.max(1, Math.abs(tribuo))));
            assertThat(((Regression) batch.get(i)).value()).isCloseTo(single, within(1e-5 * Math.max(1, Math.abs(single))));
        }
    }

    @Test
    void learntTheLineItWasShown() {
        // y = 4 + w · x: at the means every standardized feature is 0.
        Map<String, Object> atMeans = new HashMap<>();
        for (int i = 0; i < TribuoModels.FEATURES; i++) {
            atMeans.put("x" + i, TribuoModels.MEANS[i]);
        }
        assertThat(((Regression) model.predictRecord(atMeans)).value()).isCloseTo(4, within(0.2));
    }

    @TestFactory
    Stream<DynamicTest> passesTheModelTestKit() {
        Map<String, Object> nan = new HashMap<>(trained.records().get(0));
        nan.put("x2", Double.NaN);
        return ModelTestKit.forModel(model)
                .samples(trained.records().subList(0, 20))
                .invalidSample(nan, "x2")
                .tolerance(Tolerance.defaults())
                .workDirectory(dir)
                .dynamicTests();
    }
}

package dev.modeldeploy.onnx;

import dev.modeldeploy.api.DenseBatch;
import dev.modeldeploy.api.prediction.Classification;
import dev.modeldeploy.testkit.ModelTestKit;
import dev.modeldeploy.testkit.Tolerance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** A logistic regression trained and exported by Tribuo: modeldeploy's ONNX predictions are Tribuo's own. */
class TribuoLogisticRegressionTest {
    @TempDir
    static Path dir;
    static TribuoModels.Trained<Label> trained;
    static OnnxModel<Map<String, Object>, Classification> model;

    @BeforeAll
    static void trainAndLoad() throws IOException {
        trained = TribuoModels.logisticRegression(dir);
        model = OnnxModel.builder(trained.onnx()).features(trained.spec()).labels(trained.labels()).classifier();
    }

    @AfterAll
    static void closeModel() {
        model.close();
    }

    @Test
    void singleRecordPredictionsAreTribuos() {
        for (Map<String, Object> record : trained.records()) {
            assertSame(model.predictRecord(record), trained.tribuoPredict(record));
        }
    }

    @Test
    void batchPredictionsAreTribuos() {
        List<Classification> batch = model.predictRecords(trained.records());
        assertThat(batch).hasSize(trained.records().size());
        for (int i = 0; i < batch.size(); i++) {
            assertSame(batch.get(i), trained.tribuoPredict(trained.records().get(i)));
        }
    }

    @Test
    void featuresGoStraightIntoADenseBatch() {
        DenseBatch batch = model.newBatch(4);
        model.preprocess(trained.records().subList(0, 50), batch);
        List<Classification> scored = model.predictBatch(batch);
        for (int i = 0; i < 50; i++) {
            assertThat(scored.get(i)).isEqualTo(model.predict(batch.row(i)));
        }
    }

    private static void assertSame(Classification ours, Prediction<Label> tribuos) {
        assertThat(ours.label()).isEqualTo(tribuos.getOutput().getLabel());
        assertThat(ours.labels()).containsExactlyElementsOf(trained.labels());
        for (String label : trained.labels()) {
            assertThat(ours.probability(label)).as("p(%s)", label)
                    .isCloseTo((float) tribuos.getOutputScores().get(label).getScore(), within(1e-5f));
        }
    }

    @Test
    void taskOutputsAndInputAreReadFromTheGraph() {
        try (OnnxModel<Map<String, Object>, ?> found = OnnxModel.fromFile(trained.onnx(), trained.spec())) {
            assertThat(found.task()).isEqualTo(OnnxModel.Task.CLASSIFICATION);
            assertThat(found.labels()).containsExactly("0", "1", "2");
            assertThat(found.inputs()).containsExactly("input[5]");
            assertThat(found.info().name()).isEqualTo("logistic");
            assertThat(found.info().format()).isEqualTo("onnx");
            assertThat(found.info().outputSchema()).isEqualTo(Classification.SCHEMA);
            assertThat(found.info().inputSchema()).isEqualTo(trained.spec().inputSchema());
            assertThat(found.types().output()).isEqualTo(Classification.class);
            Classification c = (Classification) found.predictRecord(trained.records().get(0));
            assertThat(c.probabilities()).containsExactly(model.predictRecord(trained.records().get(0)).probabilities());
        }
    }

    @TestFactory
    Stream<DynamicTest> passesTheModelTestKit() {
        Map<String, Object> wrongType = new HashMap<>(trained.records().get(0));
        wrongType.put("x0", "ten");
        Map<String, Object> missing = new HashMap<>(trained.records().get(1));
        missing.remove("x3");
        return ModelTestKit.forModel(model)
                .samples(trained.records().subList(0, 20))
                .invalidSample(wrongType, "x0")
                .invalidSample(missing, "x3")
                .tolerance(Tolerance.defaults())
                .workDirectory(dir)
                .dynamicTests();
    }
}

package dev.modeldeploy.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modeldeploy.api.Model;
import dev.modeldeploy.api.bundle.BundleManifest;
import dev.modeldeploy.api.bundle.Bundles;
import dev.modeldeploy.api.error.ModelException;
import dev.modeldeploy.api.pipeline.Preprocessor;
import dev.modeldeploy.api.prediction.Classification;
import dev.modeldeploy.testkit.ModelTestKit;
import dev.modeldeploy.testkit.Tolerance;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.classification.Label;
import org.tribuo.regression.Regressor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Which engine runs a model: AUTO picks the pure-Java evaluator for the graphs it supports and ONNX
 * Runtime for the others, JAVA and ONNX_RUNTIME force one, the choice is stored with the model and a
 * host may override it; Tribuo's exports score the same on both engines, and both pass the test kit.
 */
class EngineSelectionTest {
    @TempDir
    static Path shared;
    static TribuoModels.Trained<Label> logistic;
    static TribuoModels.Trained<Regressor> regression;

    @TempDir
    Path tmp;

    @BeforeAll
    static void train() throws IOException {
        logistic = TribuoModels.logisticRegression(shared);
        regression = TribuoModels.linearRegression(shared);
    }

    private static float[][] features(TribuoModels.Trained<?> trained) {
        Preprocessor<Map<String, Object>> pre = trained.spec().compile().forMaps();
        return trained.records().stream().map(pre::apply).toArray(float[][]::new);
    }

    @Test
    void tribuosLogisticRegressionRunsOnTheJavaEngineAsOnOnnxRuntime() {
        EngineParity.assertSamePredictions(logistic.onnx(), logistic.labels(), features(logistic), "Tribuo logistic regression");
    }

    @Test
    void tribuosLinearRegressionRunsOnTheJavaEngineAsOnOnnxRuntime() {
        EngineParity.assertSamePredictions(regression.onnx(), features(regression), "Tribuo linear regression");
    }

    @Test
    void aGraphTheJavaEngineDoesNotSupportLoadsOnOnnxRuntime() throws IOException {
        // ArgMin is not among the pure-Java operators.
        Path file = TestGraphs.zipMapClassifier(tmp.resolve("argmin.onnx"), true);
        try (OnnxModel<float[], ?> model = OnnxModel.fromFile(file)) {
            assertThat(model.engine()).isEqualTo(OnnxOptions.Engine.ONNX_RUNTIME);
            assertThat(((Classification) model.predict(new float[] {1, 2, 3, 4})).labels()).containsExactly("3", "7", "11");
        }
        assertThatThrownBy(() -> OnnxModel.builder(file).options(OnnxOptions.builder().engine(OnnxOptions.Engine.JAVA).build()).build())
                .isInstanceOf(ModelException.class).hasMessageContaining("pure-Java engine").hasMessageContaining("ArgMin");
    }

    @Test
    void sklearnsLabelOfArgMaxAndGatherRunsOnTheJavaEngine() throws IOException {
        Path ids = TestGraphs.zipMapClassifier(tmp.resolve("ids.onnx"), false);
        Path names = ReadmeOnnxModelTest.churnGraph(tmp.resolve("names.onnx"));
        java.util.Random r = new java.util.Random(3);
        float[][] rows = new float[300][4];
        for (float[] row : rows) {
            for (int i = 0; i < 4; i++) {
                row[i] = (float) r.nextGaussian() * 2;
            }
        }
        EngineParity.assertSamePredictions(ids, rows, "int64 classes by ArgMax and Gather");
        EngineParity.assertSamePredictions(names, rows, "string classes by ArgMax and Gather");
    }

    @Test
    void onnxRuntimeCanBeForced() {
        try (OnnxModel<Map<String, Object>, Classification> model = OnnxModel.builder(logistic.onnx()).features(logistic.spec())
                .labels(logistic.labels()).options(OnnxOptions.builder().engine(OnnxOptions.Engine.ONNX_RUNTIME).build()).classifier()) {
            assertThat(model.engine()).isEqualTo(OnnxOptions.Engine.ONNX_RUNTIME);
            assertThat(model.options().engine()).isEqualTo(OnnxOptions.Engine.ONNX_RUNTIME);
        }
    }

    @Test
    void theEngineIsStoredWithTheModelAndAHostMayOverrideIt() throws IOException {
        Path bundle = Files.createDirectories(tmp.resolve("bundle"));
        OnnxOptions ort = OnnxOptions.builder().engine(OnnxOptions.Engine.ONNX_RUNTIME).build();
        try (OnnxModel<Map<String, Object>, Classification> model = OnnxModel.builder(logistic.onnx()).features(logistic.spec())
                .labels(logistic.labels()).options(ort).classifier()) {
            new OnnxFormat().save(model, bundle);
            BundleManifest manifest = Bundles.scan(bundle, model.info());
            JsonNode settings = new ObjectMapper().readTree(bundle.resolve("onnx.json").toFile());
            assertThat(settings.get("session").get("engine").asText()).isEqualTo("ONNX_RUNTIME");
            try (Model<?, ?, ?> stored = new OnnxFormat().load(manifest, bundle);
                 Model<?, ?, ?> overridden = OnnxFormat.withOptions(OnnxOptions.defaults()).load(manifest, bundle)) {
                assertThat(((OnnxModel<?, ?>) stored).engine()).isEqualTo(OnnxOptions.Engine.ONNX_RUNTIME);
                assertThat(((OnnxModel<?, ?>) overridden).engine()).isEqualTo(OnnxOptions.Engine.JAVA);
                Map<String, Object> record = logistic.records().get(0);
                Classification a = ((Model<Map<String, Object>, ?, Classification>) cast(stored)).predictRecord(record);
                Classification b = ((Model<Map<String, Object>, ?, Classification>) cast(overridden)).predictRecord(record);
                EngineParity.assertSame(a, b, "the stored and the overridden engine", EngineParity.TOLERANCE);
            }
        }
    }

    @Test
    void settingsWrittenBeforeTheEngineCouldBeChosenLoadWithAuto() throws IOException {
        Path bundle = Files.createDirectories(tmp.resolve("old"));
        try (OnnxModel<Map<String, Object>, Classification> model = OnnxModel.builder(logistic.onnx()).features(logistic.spec())
                .labels(logistic.labels()).classifier()) {
            new OnnxFormat().save(model, bundle);
            ObjectMapper json = new ObjectMapper();
            ObjectNode settings = (ObjectNode) json.readTree(bundle.resolve("onnx.json").toFile());
            ((ObjectNode) settings.get("session")).remove("engine");
            Files.writeString(bundle.resolve("onnx.json"), json.writeValueAsString(settings));
            try (Model<?, ?, ?> loaded = new OnnxFormat().load(Bundles.scan(bundle, model.info()), bundle)) {
                assertThat(((OnnxModel<?, ?>) loaded).options().engine()).isEqualTo(OnnxOptions.Engine.AUTO);
                assertThat(((OnnxModel<?, ?>) loaded).engine()).isEqualTo(OnnxOptions.Engine.JAVA);
            }
        }
    }

    @Test
    void viewsOfAJavaModelShareItsEngineAndItsClosing() {
        OnnxModel<Map<String, Object>, Classification> model = OnnxModel.builder(logistic.onnx()).features(logistic.spec())
                .labels(logistic.labels()).classifier();
        OnnxModel<Map<String, Object>, Classification> view = model.withRecordType(dev.modeldeploy.api.pipeline.RecordType.map());
        assertThat(view.engine()).isEqualTo(OnnxOptions.Engine.JAVA);
        Map<String, Object> record = logistic.records().get(3);
        assertThat(view.predictRecord(record)).isEqualTo(model.predictRecord(record));
        model.close();
        assertThatThrownBy(() -> model.predictRecord(record)).isInstanceOf(ModelException.class).hasMessageContaining("closed");
        assertThat(view.predictRecord(record)).isNotNull();
        view.close();
    }

    @TestFactory
    Stream<DynamicNode> bothEnginesPassTheTestKit() {
        Map<String, Object> wrongType = new HashMap<>(logistic.records().get(0));
        wrongType.put("x0", "ten");
        return Stream.of(OnnxOptions.Engine.JAVA, OnnxOptions.Engine.ONNX_RUNTIME).map(engine -> {
            OnnxModel<Map<String, Object>, Classification> model = OnnxModel.builder(logistic.onnx()).features(logistic.spec())
                    .labels(logistic.labels()).options(OnnxOptions.builder().engine(engine).build()).classifier();
            Path work = shared.resolve("kit-" + engine);
            return DynamicContainer.dynamicContainer(engine.name(), Stream.concat(
                    ModelTestKit.forModel(model).samples(logistic.records().subList(0, 20)).invalidSample(wrongType, "x0")
                            .tolerance(Tolerance.defaults()).workDirectory(work).dynamicTests(),
                    Stream.of(DynamicTest.dynamicTest("engine " + engine, () -> assertThat(model.engine()).isEqualTo(engine)),
                            DynamicTest.dynamicTest("close", model::close))));
        });
    }

    @SuppressWarnings("unchecked")
    private static Model<Map<String, Object>, ?, Classification> cast(Model<?, ?, ?> model) {
        return (Model<Map<String, Object>, ?, Classification>) model;
    }
}

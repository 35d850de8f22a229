package dev.modeldeploy.onnx;

import dev.modeldeploy.api.DenseBatch;
import dev.modeldeploy.api.error.ModelException;
import dev.modeldeploy.api.pipeline.FeatureSpec;
import dev.modeldeploy.api.prediction.Classification;
import dev.modeldeploy.api.prediction.Regression;
import dev.modeldeploy.api.schema.Field;
import dev.modeldeploy.api.schema.FieldType;
import dev.modeldeploy.api.schema.Schema;
import dev.modeldeploy.testkit.ModelTestKit;
import dev.modeldeploy.testkit.Tolerance;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** What Tribuo does not export: ZipMap outputs, label outputs, two inputs, single sigmoid columns, fixed batches; and what is refused. */
class GraphModelsTest {
    @TempDir
    Path tmp;

    static List<float[]> rows(int n, int width, long seed) {
        Random r = new Random(seed);
        List<float[]> rows = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            float[] x = new float[width];
            for (int i = 0; i < width; i++) {
                x[i] = (float) r.nextGaussian();
            }
            rows.add(x);
        }
        return rows;
    }

    static FeatureSpec passThrough(String... names) {
        FeatureSpec.Builder spec = FeatureSpec.builder();
        for (String name : names) {
            spec.numeric(name);
        }
        return spec.build();
    }

    @Test
    void zipMapProbabilitiesWithTheModelsOwnLabel() throws IOException {
        Path file = TestGraphs.zipMapClassifier(tmp.resolve("zipmap.onnx"), true);
        try (OnnxModel<float[], ?> model = OnnxModel.fromFile(file)) {
            assertThat(model.task()).isEqualTo(OnnxModel.Task.CLASSIFICATION);
            assertThat(model.labels()).as("learnt from the first prediction").isEmpty();
            List<float[]> rows = rows(40, 4, 1);
            List<?> batch = model.predictRecords(rows);
            for (int i = 0; i < rows.size(); i++) {
                float[] expected = TestGraphs.softmax(rows.get(i));
                Classification single = (Classification) model.predictRecord(rows.get(i));
                assertThat(single.labels()).containsExactly("3", "7", "11");
                assertThat(single.probabilities()).containsExactly(expected, within(1e-6f));
                // The graph's label is its least probable class: the label output wins over the probabilities.
                int argmin = 0;
                for (int c = 1; c < 3; c++) {
                    argmin = expected[c] < expected[argmin] ? c : argmin;
                }
                assertThat(single.labelIndex()).isEqualTo(argmin);
                assertThat(batch.get(i)).isEqualTo(single);
            }
            assertThat(model.labels()).containsExactly("3", "7", "11");
        }
    }

    @Test
    void zipMapWithStringClassesIsReadInSortedLabelOrder() throws IOException {
        Path file = TestGraphs.stringZipMapClassifier(tmp.resolve("strings.onnx"));
        try (OnnxModel<float[], ?> model = OnnxModel.fromFile(file)) {
            for (float[] x : rows(20, 4, 2)) {
                float[] columns = TestGraphs.softmax(x); // in the graph's order: eel, cat, dog
                Classification c = (Classification) model.predictRecord(x);
                assertThat(c.labels()).containsExactly("cat", "dog", "eel");
                assertThat(c.probability("eel")).isCloseTo(columns[0], within(1e-6f));
                assertThat(c.probability("cat")).isCloseTo(columns[1], within(1e-6f));
                assertThat(c.probability("dog")).isCloseTo(columns[2], within(1e-6f));
                assertThat(c.probability()).isCloseTo(Math.max(columns[0], Math.max(columns[1], columns[2])), within(1e-6f));
            }
        }
    }

    @Test
    void givenLabelsMustBeTheZipMapsClasses() throws IOException {
        Path file = TestGraphs.zipMapClassifier(tmp.resolve("zipmap.onnx"), false);
        try (OnnxModel<float[], Classification> reordered = OnnxModel.builder(file).labels("11", "7", "3").classifier();
             OnnxModel<float[], Classification> wrong = OnnxModel.builder(file).labels("1", "2", "3").classifier()) {
            float[] x = rows(1, 4, 3).get(0);
            float[] columns = TestGraphs.softmax(x);
            Classification c = reordered.predictRecord(x);
            assertThat(c.labels()).containsExactly("11", "7", "3");
            assertThat(c.probabilities()).containsExactly(new float[] {columns[2], columns[1], columns[0]}, within(1e-6f));
            assertThatThrownBy(() -> wrong.predictRecord(x)).isInstanceOf(ModelException.class)
                    .hasMessageContaining("gave row 0 the classes").hasMessageContaining("[1, 2, 3]");
        }
        assertThatThrownBy(() -> OnnxModel.builder(file).labels("red", "green", "blue").classifier())
                .isInstanceOf(ModelException.class).hasMessageContaining("int64 class ids");
    }

    @TestFactory
    Stream<DynamicTest> zipMapModelPassesTheTestKit() throws IOException {
        OnnxModel<float[], ?> model = OnnxModel.fromFile(TestGraphs.zipMapClassifier(tmp.resolve("kit.onnx"), false));
        return Stream.concat(ModelTestKit.forModel(model).samples(rows(12, 4, 4))
                        .invalidSample(new float[3], FloatRows.FIELD)
                        .invalidSample(new float[] {1, Float.POSITIVE_INFINITY, 0, 0}, "features[1]")
                        .tolerance(Tolerance.defaults()).workDirectory(tmp).dynamicTests(),
                Stream.of(DynamicTest.dynamicTest("close", model::close)));
    }

    @Test
    void rowsWithoutASpecAreOneFloatArrayField() throws IOException {
        try (OnnxModel<float[], ?> model = OnnxModel.fromFile(TestGraphs.zipMapClassifier(tmp.resolve("m.onnx"), false))) {
            assertThat(model.info().inputSchema()).isEqualTo(Schema.of(Field.required("features", FieldType.FLOAT_ARRAY)));
            assertThat(model.types().input()).isEqualTo(float[].class);
            assertThat(model.info().name()).isEqualTo("m");
            // NaN passes through to the graph, as tree models expect for missing values.
            Classification c = (Classification) model.predictRecord(new float[] {Float.NaN, 0, 0, 0});
            assertThat(c.probabilities()).containsOnly(Float.NaN);
            assertThatThrownBy(() -> model.withRecordType(dev.modeldeploy.api.pipeline.RecordType.map()))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("no feature spec");
        }
    }

    @Test
    void aSpecFillsTwoInputsInTheGraphsOrder() throws IOException {
        Path file = TestGraphs.twoInputRegression(tmp.resolve("two.onnx"));
        try (OnnxModel<Map<String, Object>, ?> model = OnnxModel.fromFile(file, passThrough("p", "q", "r", "s", "t"))) {
            assertThat(model.inputs()).containsExactly("a[2]", "b[3]");
            assertThat(model.task()).isEqualTo(OnnxModel.Task.REGRESSION);
            Map<String, Object> record = Map.of("p", 1.0, "q", -2.0, "r", 0.5, "s", 3.0, "t", -1.0);
            double expected = TestGraphs.B5 + 1 * 1.0 + 2 * -2.0 + 3 * 0.5 + 4 * 3.0 + 5 * -1.0;
            assertThat(((Regression) model.predictRecord(record)).value()).isCloseTo(expected, within(1e-5));

            List<Map<String, Object>> records = new ArrayList<>();
            for (float[] x : rows(30, 5, 5)) {
                records.add(Map.of("p", (double) x[0], "q", (double) x[1], "r", (double) x[2], "s", (double) x[3], "t", (double) x[4]));
            }
            List<?> batch = model.predictRecords(records);
            for (int i = 0; i < records.size(); i++) {
                float[] x = model.preprocess(records.get(i));
                double dot = TestGraphs.B5;
                for (int f = 0; f < 5; f++) {
                    dot += TestGraphs.W5[f] * x[f];
                }
                assertThat(((Regression) batch.get(i)).value()).isCloseTo(dot, within(1e-5));
            }
        }
    }

    @TestFactory
    Stream<DynamicTest> twoInputModelPassesTheTestKit() throws IOException {
        OnnxModel<Map<String, Object>, ?> model = OnnxModel.fromFile(TestGraphs.twoInputRegression(tmp.resolve("kit2.onnx")),
                passThrough("p", "q", "r", "s", "t"));
        List<Map<String, Object>> samples = new ArrayList<>();
        for (float[] x : rows(10, 5, 6)) {
            samples.add(Map.of("p", x[0], "q", x[1], "r", x[2], "s", x[3], "t", x[4]));
        }
        return Stream.concat(ModelTestKit.forModel(model).samples(samples)
                        .invalidSample(Map.of("p", 1, "q", 2, "r", 3, "s", 4), "t")
                        .workDirectory(tmp).dynamicTests(),
                Stream.of(DynamicTest.dynamicTest("close", model::close)));
    }

    @Test
    void aSpecThatDoesNotAddUpToTheInputsIsRefusedAtLoad() throws IOException {
        Path file = TestGraphs.twoInputRegression(tmp.resolve("two.onnx"));
        assertThatThrownBy(() -> OnnxModel.fromFile(file, passThrough("p", "q", "r", "s")))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("takes 5 features")
                .hasMessageContaining("a float[-1, 2], b float[-1, 3]")
                .hasMessageContaining("the feature spec makes 4");
    }

    @Test
    void aSingleSigmoidColumnIsABinaryClassifierWhenSaidSo() throws IOException {
        Path file = TestGraphs.sigmoid(tmp.resolve("sigmoid.onnx"));
        try (OnnxModel<float[], Classification> classifier = OnnxModel.builder(file).labels("no", "yes").classifier();
             OnnxModel<float[], ?> guessed = OnnxModel.fromFile(file)) {
            assertThat(guessed.task()).as("one column reads as a regression unless told").isEqualTo(OnnxModel.Task.REGRESSION);
            for (float[] x : rows(20, 3, 7)) {
                double p = 1 / (1 + Math.exp(-(x[0] - 2 * x[1] + 0.5 * x[2])));
                Classification c = classifier.predictRecord(x);
                assertThat(c.probability("yes")).isCloseTo((float) p, within(1e-6f));
                assertThat(c.probability("no")).isCloseTo((float) (1 - p), within(1e-6f));
                assertThat(c.label()).isEqualTo(p > 0.5 ? "yes" : "no");
                assertThat(((Regression) guessed.predictRecord(x)).value()).isCloseTo(p, within(1e-6));
            }
        }
    }

    @Test
    void aFixedBatchOfOneRunsBatchesRowByRow() throws IOException {
        try (OnnxModel<float[], ?> model = OnnxModel.fromFile(TestGraphs.fixedBatchOfOne(tmp.resolve("one.onnx")))) {
            DenseBatch batch = model.newBatch(7);
            List<float[]> rows = rows(7, 3, 8);
            rows.forEach(batch::add);
            List<?> scored = model.predictBatch(batch);
            for (int i = 0; i < rows.size(); i++) {
                float[] x = rows.get(i);
                assertThat(((Regression) scored.get(i)).value()).isCloseTo(x[0] + 2 * x[1] + 3 * x[2], within(1e-5));
            }
        }
    }

    @Test
    void doubleVectorOutputsAreRegressions() throws IOException {
        try (OnnxModel<float[], ?> model = OnnxModel.fromFile(TestGraphs.doubleVector(tmp.resolve("double.onnx")))) {
            assertThat(model.task()).isEqualTo(OnnxModel.Task.REGRESSION);
            List<float[]> rows = rows(9, 2, 9);
            List<?> scored = model.predictRecords(rows);
            for (int i = 0; i < rows.size(); i++) {
                assertThat(((Regression) scored.get(i)).value()).isCloseTo(rows.get(i)[0] + 2 * rows.get(i)[1], within(1e-5));
            }
        }
    }

    @Test
    void severalCandidateOutputsNeedANamedOne() throws IOException {
        Path file = TestGraphs.twoOutputs(tmp.resolve("two-outputs.onnx"));
        assertThatThrownBy(() -> OnnxModel.fromFile(file)).isInstanceOf(ModelException.class)
                .hasMessageContaining("several outputs may hold the scores [a, b]").hasMessageContaining("output(name)");
        try (OnnxModel<float[], ?> b = OnnxModel.builder(file).output("b").build()) {
            assertThat(((Regression) b.predictRecord(new float[] {3, 1})).value()).isEqualTo(2.0);
        }
        assertThatThrownBy(() -> OnnxModel.builder(file).output("c").build()).isInstanceOf(ModelException.class)
                .hasMessageContaining("there is no output 'c'");
    }

    @Test
    void aDynamicFeatureDimensionTakesItsWidthFromTheSpec() throws IOException {
        Path file = TestGraphs.dynamicWidth(tmp.resolve("dynamic.onnx"));
        assertThatThrownBy(() -> OnnxModel.fromFile(file)).isInstanceOf(ModelException.class)
                .hasMessageContaining("dynamic feature dimension").hasMessageContaining("give a feature spec");
        try (OnnxModel<Map<String, Object>, ?> model = OnnxModel.fromFile(file, passThrough("u", "v", "w"))) {
            assertThat(model.inputs()).containsExactly("X[3]");
            assertThat(((Regression) model.predictRecord(Map.of("u", 1, "v", 2, "w", 4))).value()).isEqualTo(7.0);
        }
    }

    @Test
    void inputsOtherThanFloatTensorsAreRefused() throws IOException {
        Path file = TestGraphs.int64Input(tmp.resolve("int64.onnx"));
        assertThatThrownBy(() -> OnnxModel.fromFile(file)).isInstanceOf(ModelException.class)
                .hasMessageContaining("input 'X'").hasMessageContaining("float tensors");
    }

    @Test
    void labelsMustNumberTheClasses() throws IOException {
        Path file = TestGraphs.stringZipMapClassifier(tmp.resolve("s.onnx"));
        try (OnnxModel<float[], Classification> model = OnnxModel.builder(file).labels("cat", "dog").classifier()) {
            assertThatThrownBy(() -> model.predictRecord(new float[4])).isInstanceOf(ModelException.class)
                    .hasMessageContaining("the model's labels are [cat, dog]");
        }
        Path sigmoid = TestGraphs.sigmoid(tmp.resolve("sig.onnx"));
        assertThatThrownBy(() -> OnnxModel.builder(sigmoid).labels("a", "b", "c").classifier()).isInstanceOf(ModelException.class)
                .hasMessageContaining("gives 2 class probabilities but 3 labels were given");
        assertThatThrownBy(() -> OnnxModel.builder(sigmoid).labels("a", "b").regressor()).isInstanceOf(ModelException.class)
                .hasMessageContaining("a regression has no 'labels'");
    }

    @Test
    void aMissingOrBrokenFileIsAClearError() throws IOException {
        assertThatThrownBy(() -> OnnxModel.fromFile(tmp.resolve("nope.onnx"))).isInstanceOf(ModelException.class)
                .hasMessageContaining("no ONNX file at");
        Path garbage = java.nio.file.Files.writeString(tmp.resolve("garbage.onnx"), "not a model");
        assertThatThrownBy(() -> OnnxModel.fromFile(garbage)).isInstanceOf(ModelException.class)
                .hasMessageContaining("ONNX Runtime cannot load model garbage");
    }
}

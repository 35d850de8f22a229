package dev.modeldeploy.onnx;

import dev.modeldeploy.api.Model;
import dev.modeldeploy.api.pipeline.FeatureSpec;
import dev.modeldeploy.api.pipeline.InputField;
import dev.modeldeploy.api.pipeline.Transform;
import dev.modeldeploy.api.pipeline.UnknownPolicy;
import dev.modeldeploy.api.prediction.Classification;
import dev.modeldeploy.api.schema.FieldType;
import dev.modeldeploy.api.testing.ChildJvm;
import dev.modeldeploy.api.testing.ReadmeSnippets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.modeldeploy.onnx.OnnxGraphs.FLOAT;
import static dev.modeldeploy.onnx.OnnxGraphs.STRING;
import static dev.modeldeploy.onnx.OnnxGraphs.intAttr;
import static dev.modeldeploy.onnx.OnnxGraphs.stringsAttr;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the README's ONNX example (in a child JVM, whose default repository caches in a temporary
 * folder) on a graph shaped as skl2onnx exports a LogisticRegression (label output, ZipMap of string
 * classes), and fails when the README's copy drifts from it.
 */
class ReadmeOnnxModelTest {
    @TempDir
    Path tmp;

    @SuppressWarnings({"rawtypes", "unchecked"})
    static Classification yourModel(Path onnxFile, Path specFile, URI storeRoot) throws IOException {
        // README:start
        // The exported graph (skl2onnx, onnxmltools, torch.onnx, Tribuo) and the features its training used.
        FeatureSpec spec = FeatureSpec.read(specFile);
        URI published;
        try (OnnxModel<Map<String, Object>, ?> churn = OnnxModel.fromFile(onnxFile, spec)) {  // checks the graph against the spec
            published = churn.toRemote(storeRoot.resolve("churn"));                            // e.g. file:/srv/models/churn/1
        }

        // Anywhere else: load by URI and score, as any model.
        try (Model<Map, ?, Classification> model = Model.fromRemote(published, Map.class, Classification.class)) {
            Classification c = model.predictRecord(Map.of("visits", 12, "country", "FR"));
            // c.label() is "churn" (the classes come from the graph's ZipMap), c.probability() about 0.67
            // README:end
            return c;
        }
    }

    /** Runs {@link #yourModel} with the model file, the spec file and the store root given as arguments. */
    public static void main(String[] args) throws IOException {
        Classification c = yourModel(Path.of(args[0]), Path.of(args[1]), URI.create(args[2]));
        System.out.println("label=" + c.label() + " p=" + c.probability() + " labels=" + c.labels());
    }

    /**
     * The linear README example's churn model, as skl2onnx would export it: classes "churn" and "stay"
     * (sorted), scores {@code [z, 0]} with {@code z = -1.1 + 0.8·visits' + 0.3·DE - 0.2·FR + 0.1·IT}.
     */
    /** The README example's feature spec for {@link #churnGraph}: visits standardised, country one-hot (DE, FR, IT). */
    static FeatureSpec churnSpec() {
        return FeatureSpec.builder()
                .numeric("visits", Transform.standardize(4.2, 3.1))
                .input(InputField.required("country", FieldType.STRING))
                .feature("country", Transform.oneHot(UnknownPolicy.IGNORE, "DE", "FR", "IT"))
                .build();
    }

    static Path churnGraph(Path file) throws IOException {
        return OnnxGraphs.graph().input("float_input", FLOAT, -1, 4)
                .floats("coef", new long[] {4, 2}, 0.8f, 0, 0.3f, 0, -0.2f, 0, 0.1f, 0)
                .floats("intercept", new long[] {2}, -1.1f, 0)
                .strings("classes", new long[] {2}, "churn", "stay")
                .node("Gemm", List.of("float_input", "coef", "intercept"), List.of("scores"))
                .node("Softmax", List.of("scores"), List.of("probabilities"), intAttr("axis", 1))
                .node("ArgMax", List.of("probabilities"), List.of("index"), intAttr("axis", 1), intAttr("keepdims", 0))
                .node("Gather", List.of("classes", "index"), List.of("output_label"), intAttr("axis", 0))
                .node("ai.onnx.ml", "ZipMap", List.of("probabilities"), List.of("output_probability"), stringsAttr("classlabels_strings", "churn", "stay"))
                .output("output_label", STRING, -1)
                .mapsOutput("output_probability", STRING, FLOAT)
                .write(file);
    }

    @Test
    void theReadmeCodeRuns() throws Exception {
        Path onnx = churnGraph(tmp.resolve("churn.onnx"));
        churnSpec().write(tmp.resolve("churn-features.json"));
        Path log = tmp.resolve("child.log");
        Path models = Files.createDirectories(tmp.resolve("models")); // Existing, so its URI ends in '/'.
        Process p = ChildJvm.start(log, List.of("-Dmodeldeploy.cache.dir=" + tmp.resolve("cache")), ReadmeOnnxModelTest.class,
                onnx.toString(), tmp.resolve("churn-features.json").toString(), models.toUri().toString());
        ChildJvm.Result result = ChildJvm.await(p, log, 60);
        assertThat(result.exitCode()).as(result.output()).isZero();
        // z = -1.1 + 0.8 * (12 - 4.2) / 3.1 - 0.2 = 0.712903..., p(churn) = sigmoid(z) = 0.67105...
        assertThat(result.output()).contains("label=churn p=0.6710").contains("labels=[churn, stay]");
        assertThat(tmp.resolve("models/churn/1/MODEL.json")).exists();
    }

    @Test
    void readmeShowsThisCode() throws Exception {
        ReadmeSnippets.assertReadmeShows("src/test/java/dev/modeldeploy/onnx/ReadmeOnnxModelTest.java");
    }
}

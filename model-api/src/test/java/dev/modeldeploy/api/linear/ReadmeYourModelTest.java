package dev.modeldeploy.api.linear;

import dev.modeldeploy.api.Model;
import dev.modeldeploy.api.pipeline.FeatureSpec;
import dev.modeldeploy.api.pipeline.InputField;
import dev.modeldeploy.api.pipeline.Transform;
import dev.modeldeploy.api.pipeline.UnknownPolicy;
import dev.modeldeploy.api.prediction.Classification;
import dev.modeldeploy.api.schema.FieldType;
import dev.modeldeploy.api.testing.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the README's "Your model" code for the linear format (in a child JVM, whose default repository
 * caches in a temporary folder), and fails when the README's copy drifts from it.
 */
class ReadmeYourModelTest {
    @TempDir
    Path tmp;

    @SuppressWarnings({"rawtypes", "unchecked"})
    static Classification yourModel(URI storeRoot) {
        // README-linear:start
        // The features as in training: StandardScaler's mean_/scale_, OneHotEncoder's categories_.
        FeatureSpec spec = FeatureSpec.builder()
                .numeric("visits", Transform.standardize(4.2, 3.1))
                .input(InputField.required("country", FieldType.STRING))
                .feature("country", Transform.oneHot(UnknownPolicy.IGNORE, "DE", "FR", "IT"))
                .build();

        // The fitted LogisticRegression's classes_, coef_ and intercept_.
        LinearModel<Map<String, Object>, Classification> churn = LinearModel.logisticRegression("churn", spec)
                .labels("stay", "churn")
                .coefficients(new double[][] {{0.8, 0.3, -0.2, 0.1}})
                .intercepts(-1.1)
                .build();
        URI published = churn.toRemote(storeRoot.resolve("churn"));   // e.g. file:/srv/models/churn/1

        // Anywhere else: load by URI and score.
        try (Model<Map, ?, Classification> model = Model.fromRemote(published, Map.class, Classification.class)) {
            Classification c = model.predictRecord(Map.of("visits", 12, "country", "FR"));
            // c.label() is "churn", c.probability() about 0.67
            // README-linear:end
            return c;
        }
    }

    /** Runs {@link #yourModel} with the store root given as the argument, and prints its prediction. */
    public static void main(String[] args) {
        Classification c = yourModel(URI.create(args[0]));
        System.out.println("label=" + c.label() + " p=" + c.probability());
    }

    @Test
    void theReadmeCodeRuns() throws Exception {
        Path log = tmp.resolve("child.log");
        Path models = Files.createDirectories(tmp.resolve("models")); // Existing, so its URI ends in '/'.
        Process p = ChildJvm.start(log, List.of("-Dmodeldeploy.cache.dir=" + tmp.resolve("cache")), ReadmeYourModelTest.class,
                models.toUri().toString());
        ChildJvm.Result result = ChildJvm.await(p, log, 60);
        assertThat(result.exitCode()).as(result.output()).isZero();
        // z = -1.1 + 0.8 * (12 - 4.2) / 3.1 - 0.2 = 0.712903..., sigmoid(z) = 0.67105...
        assertThat(result.output()).contains("label=churn p=0.6710");
        assertThat(tmp.resolve("models/churn/1/MODEL.json")).exists();
        assertThat(tmp.resolve("cache")).isDirectory();
    }

    @Test
    void readmeShowsThisCode() throws Exception {
        Path readme = Path.of("..", "README.md");
        String code = Files.readString(Path.of("src/test/java/dev/modeldeploy/api/linear/ReadmeYourModelTest.java"));
        String snippet = code.substring(code.indexOf("// README-linear:start") + "// README-linear:start".length(),
                code.indexOf("            // README-linear:end"));
        assertThat(normalise(Files.readString(readme))).contains(normalise(snippet));
    }

    private static String normalise(String text) {
        return text.lines().map(String::strip).filter(l -> !l.isEmpty()).collect(Collectors.joining("\n"));
    }
}

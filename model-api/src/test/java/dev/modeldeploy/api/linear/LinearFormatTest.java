package dev.modeldeploy.api.linear;

import dev.modeldeploy.api.Model;
import dev.modeldeploy.api.ModelInfo;
import dev.modeldeploy.api.bundle.BundleManifest;
import dev.modeldeploy.api.bundle.Bundles;
import dev.modeldeploy.api.error.FeatureSpecException;
import dev.modeldeploy.api.error.ModelException;
import dev.modeldeploy.api.pipeline.Feature;
import dev.modeldeploy.api.pipeline.FeatureSpec;
import dev.modeldeploy.api.pipeline.InputField;
import dev.modeldeploy.api.pipeline.Transform;
import dev.modeldeploy.api.pipeline.UnknownPolicy;
import dev.modeldeploy.api.prediction.Classification;
import dev.modeldeploy.api.prediction.Regression;
import dev.modeldeploy.api.repository.ModelRepository;
import dev.modeldeploy.api.repository.PublishOptions;
import dev.modeldeploy.api.schema.FieldType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

// Loading by type takes Map.class, a raw type, as users do.
@SuppressWarnings({"rawtypes", "unchecked"})
class LinearFormatTest {
    @TempDir
    Path tmp;
    ModelRepository repo;

    @BeforeEach
    void setUp() {
        repo = ModelRepository.builder().cacheDirectory(tmp.resolve("cache")).build();
    }

    @AfterEach
    void tearDown() {
        repo.close();
    }

    /** A fresh repository with its own empty cache, so that loading must download. */
    private ModelRepository freshRepository() {
        return ModelRepository.builder().cacheDirectory(tmp.resolve("cache-" + System.nanoTime())).build();
    }

    static final FeatureSpec LEADS = FeatureSpec.builder()
            .input(InputField.nullable("visits", FieldType.DOUBLE))
            .input(InputField.required("country", FieldType.STRING))
            .input(InputField.required("premium", FieldType.BOOLEAN))
            .input(InputField.required("signedUpAt", FieldType.TIMESTAMP))
            .feature("visits", Transform.imputeMean(4.2), Transform.log1p(), Transform.standardize(1.3, 0.6))
            .feature("country", Transform.oneHot(UnknownPolicy.OTHER, "DE", "FR", "IT"))
            .feature("premium")
            .feature(Feature.named("signupHour", "signedUpAt", Transform.hourOfDay("Europe/Berlin"), Transform.minMax(0, 23)))
            .build();

    static LinearModel<Map<String, Object>, Classification> softmaxModel() {
        Random r = new Random(3);
        double[][] coef = new double[3][LEADS.featureNames().size()];
        for (double[] row : coef) {
            for (int i = 0; i < row.length; i++) {
                row[i] = r.nextGaussian();
            }
        }
        return LinearModel.logisticRegression("plan-choice", LEADS).labels("free", "pro", "enterprise")
                .coefficients(coef).intercepts(0.1, -0.4, 0.2).description("picks a plan").tags(Map.of("team", "growth")).build();
    }

    static List<Map<String, Object>> leads(int n, long seed) {
        Random r = new Random(seed);
        String[] countries = {"DE", "FR", "IT", "NL"};
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<String, Object> m = new HashMap<>();
            m.put("visits", r.nextInt(5) == 0 ? null : (double) r.nextInt(60));
            m.put("country", countries[r.nextInt(countries.length)]);
            m.put("premium", r.nextBoolean());
            m.put("signedUpAt", Instant.ofEpochSecond(1_700_000_000L + r.nextInt(50_000_000)));
            out.add(m);
        }
        return out;
    }

    @Test
    void theFormatIsInstalledUnderItsName() {
        assertThat(repo.formats().names()).contains("linear");
        assertThat(repo.formats().get("linear")).isInstanceOf(LinearFormat.class);
    }

    @Test
    void publishThenLoadGivesIdenticalPredictions() {
        LinearModel<Map<String, Object>, Classification> model = softmaxModel();
        URI uri = tmp.resolve("store").resolve("plan-choice").toUri();
        URI v1 = repo.publish(model, uri, PublishOptions.defaults());
        List<Map<String, Object>> records = leads(400, 9);

        try (ModelRepository other = freshRepository();
             Model<Map, ?, Classification> loaded = other.load(v1, Map.class, Classification.class)) {
            assertThat(loaded).isInstanceOf(LinearModel.class);
            assertThat(loaded.info().format()).isEqualTo("linear");
            assertThat(loaded.info().version()).isEqualTo(1);
            assertThat(loaded.info().inputSchema()).isEqualTo(LEADS.inputSchema());
            assertThat(loaded.info().outputSchema()).isEqualTo(Classification.SCHEMA);
            assertThat(loaded.info().description()).isEqualTo("picks a plan");
            assertThat(((LinearModel<?, ?>) loaded).pipeline().spec()).isEqualTo(LEADS);
            List<Classification> loadedBatch = loaded.predictRecords((List) records);
            assertThat(loadedBatch).isEqualTo(model.predictRecords(records));
            for (Map<String, Object> r : records) {
                Classification c = ((Model<Map<String, Object>, ?, Classification>) (Model<?, ?, ?>) loaded).predictRecord(r);
                assertThat(c).isEqualTo(model.predictRecord(r));
            }
        }
    }

    @Test
    void aRegressionRoundTripsThroughToRemoteStyleDefaultsToo() {
        LinearModel<Map<String, Object>, Regression> model = LinearModel.linearRegression("ltv", LEADS)
                .coefficients(1.5, -2, 0.25, 0.5, 3, 0.75, -1).intercept(12).build();
        URI v = repo.publish(model, tmp.resolve("store").resolve("ltv").toUri(), PublishOptions.defaults());
        try (ModelRepository other = freshRepository(); Model<Map, ?, Regression> loaded = other.load(v, Map.class, Regression.class)) {
            LinearModel<?, ?> linear = (LinearModel<?, ?>) loaded;
            assertThat(linear.task()).isEqualTo(LinearModel.Task.REGRESSION);
            assertThat(linear.coefficients()).isDeepEqualTo(model.coefficients());
            assertThat(linear.intercepts()).containsExactly(12);
            for (Map<String, Object> r : leads(100, 4)) {
                assertThat(((LinearModel<Map<String, Object>, ?>) linear).predictRecord(r)).isEqualTo(model.predictRecord(r));
            }
        }
    }

    private record Lead(Double visits, String country, boolean premium, Instant signedUpAt) {
    }

    @Test
    void aLoadedModelReadsTheUsersRecordsThroughForClass() {
        URI v = repo.publish(softmaxModel(), tmp.resolve("store").resolve("plan-choice").toUri(), PublishOptions.defaults());
        try (Model<Map, ?, Classification> loaded = repo.load(v, Map.class, Classification.class)) {
            LinearModel<Map<String, Object>, Classification> linear = (LinearModel<Map<String, Object>, Classification>) (Model<?, ?, ?>) loaded;
            LinearModel<Lead, Classification> typed = linear.forClass(Lead.class);
            Lead lead = new Lead(12.0, "FR", true, Instant.parse("2024-05-01T08:00:00Z"));
            Map<String, Object> same = Map.of("visits", 12.0, "country", "FR", "premium", true, "signedUpAt", "2024-05-01T08:00:00Z");
            assertThat(typed.predictRecord(lead)).isEqualTo(linear.predictRecord(same));
        }
    }

    @Test
    void aTypedLoadOfTheWrongOutputTypeFails() {
        URI v = repo.publish(softmaxModel(), tmp.resolve("store").resolve("plan-choice").toUri(), PublishOptions.defaults());
        assertThatThrownBy(() -> repo.load(v, Map.class, Regression.class))
                .isInstanceOf(dev.modeldeploy.api.error.TypeMismatchException.class);
    }

    /** A bundle folder as a Python exporter would write it, without the Java builder. */
    private Path handWrittenBundle(String linearJson) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("bundle-" + System.nanoTime()));
        Files.writeString(dir.resolve("features.json"), """
                {"version": 1,
                 "inputs": [{"name": "sepalLength", "type": "DOUBLE"}, {"name": "petalLength", "type": "DOUBLE"}],
                 "features": [{"input": "sepalLength", "transforms": [{"type": "standardize", "mean": 5.8, "std": 0.8}]},
                              {"input": "petalLength", "transforms": [{"type": "standardize", "mean": 3.8, "std": 1.8}]}]}
                """);
        Files.writeString(dir.resolve("linear.json"), linearJson);
        ModelInfo info = ModelInfo.builder("iris", "linear").formatVersion("1").build();
        Bundles.write(dir, Bundles.scan(dir, info));
        return dir;
    }

    private static final String IRIS = """
            {"version": 1, "task": "CLASSIFICATION",
             "features": ["sepalLength", "petalLength"],
             "labels": ["setosa", "versicolor", "virginica"],
             "multiclass": "SOFTMAX",
             "intercepts": [0.5, 1.0, -1.5],
             "coefficients": [[-1.0, -3.0], [0.5, 0.2], [0.5, 2.8]]}
            """;

    @Test
    void aHandWrittenBundlePublishesAndLoads() throws Exception {
        URI v = repo.publishBundle(handWrittenBundle(IRIS), tmp.resolve("store").resolve("iris").toUri(), PublishOptions.defaults());
        try (Model<Map, ?, Classification> iris = repo.load(v, Map.class, Classification.class)) {
            Model<Map<String, Object>, ?, Classification> m = (Model<Map<String, Object>, ?, Classification>) (Model<?, ?, ?>) iris;
            // x = ((5.0 - 5.8) / 0.8, (1.4 - 3.8) / 1.8) = (-1, -4/3): scores 4.5 + 0.5 ... setosa by far.
            assertThat(m.predictRecord(Map.of("sepalLength", 5.0, "petalLength", 1.4)).label()).isEqualTo("setosa");
            assertThat(m.predictRecord(Map.of("sepalLength", 6.5, "petalLength", 5.8)).label()).isEqualTo("virginica");
        }
    }

    @Test
    void strictWeightsAreCheckedOnLoad() throws Exception {
        URI uri = tmp.resolve("store").resolve("iris").toUri();
        URI unknownProperty = repo.publishBundle(handWrittenBundle(IRIS.replace("\"version\": 1,", "\"version\": 1, \"penalty\": \"l2\",")), uri,
                PublishOptions.defaults());
        assertThatThrownBy(() -> repo.load(unknownProperty))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("linear.json").hasMessageContaining("unknown property 'penalty'");

        URI wrongFeatures = repo.publishBundle(handWrittenBundle(IRIS.replace("\"petalLength\"]", "\"petalWidth\"]")), uri,
                PublishOptions.defaults());
        assertThatThrownBy(() -> repo.load(wrongFeatures))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("weights are for features [sepalLength, petalWidth]")
                .hasMessageContaining("makes [sepalLength, petalLength]");

        URI wrongShape = repo.publishBundle(handWrittenBundle(IRIS.replace("[0.5, 2.8]", "[0.5]")), uri, PublishOptions.defaults());
        assertThatThrownBy(() -> repo.load(wrongShape))
                .isInstanceOf(ModelException.class).hasMessageContaining("coefficient row 2 has 1 values for 2 features");
    }

    @Test
    void aBadSpecInABundleNamesTheFile() throws Exception {
        Path dir = handWrittenBundle(IRIS);
        Files.writeString(dir.resolve("features.json"), Files.readString(dir.resolve("features.json")).replace("standardize", "robustScale"));
        BundleManifest manifest = Bundles.scan(dir, Bundles.readManifest(dir).info());
        assertThatThrownBy(() -> new LinearFormat().load(manifest, dir))
                .isInstanceOf(FeatureSpecException.class)
                .hasMessageContaining("features.json of iris/0")
                .hasMessageContaining("unknown transform type 'robustScale'")
                .hasMessageContaining("features[0].transforms[0]");
    }

    @Test
    void closeLeavesTheModelUsable() {
        LinearModel<Map<String, Object>, Classification> m = softmaxModel();
        Map<String, Object> r = leads(1, 1).get(0);
        Classification before = m.predictRecord(r);
        m.close();
        m.close();
        assertThat(m.predictRecord(r)).isEqualTo(before);
    }
}

package dev.modeldeploy.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modeldeploy.api.Model;
import dev.modeldeploy.api.bundle.BundleManifest;
import dev.modeldeploy.api.bundle.Bundles;
import dev.modeldeploy.api.error.ModelException;
import dev.modeldeploy.api.pipeline.FeatureSpec;
import dev.modeldeploy.api.prediction.Classification;
import dev.modeldeploy.api.repository.ModelRepository;
import dev.modeldeploy.api.repository.PublishOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.classification.Label;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Saving, publishing and loading ONNX bundles through a real file store. */
// Loading by type takes Map.class, a raw type, as users do.
@SuppressWarnings({"rawtypes", "unchecked"})
class OnnxFormatTest {
    @TempDir
    static Path shared;
    static TribuoModels.Trained<Label> trained;

    @TempDir
    Path tmp;

    static final OnnxOptions STORED = OnnxOptions.builder().intraOpThreads(1).optimizationLevel(OnnxOptions.OptimizationLevel.BASIC).build();

    @BeforeAll
    static void train() throws IOException {
        trained = TribuoModels.logisticRegression(shared);
    }

    private OnnxModel<Map<String, Object>, Classification> churn() {
        return OnnxModel.builder(trained.onnx()).features(trained.spec()).labels(trained.labels()).options(STORED)
                .name("churn").description("who leaves").tags(Map.of("team", "growth")).classifier();
    }

    private ModelRepository repository(String cache) {
        return ModelRepository.builder().cacheDirectory(tmp.resolve(cache)).build();
    }

    @Test
    void aBundleHoldsTheGraphTheSpecAndTheSettings() throws IOException {
        Path bundle = Files.createDirectories(tmp.resolve("bundle"));
        try (OnnxModel<Map<String, Object>, Classification> model = churn()) {
            new OnnxFormat().save(model, bundle);
        }
        assertThat(bundle.resolve("model.onnx")).hasSameBinaryContentAs(trained.onnx());
        assertThat(FeatureSpec.read(bundle.resolve("features.json"))).isEqualTo(trained.spec());
        JsonNode settings = new ObjectMapper().readTree(bundle.resolve("onnx.json").toFile());
        assertThat(settings.get("version").asInt()).isEqualTo(1);
        assertThat(settings.get("task").asText()).isEqualTo("CLASSIFICATION");
        assertThat(settings.get("output").asText()).isEqualTo("output");
        assertThat(settings.get("labels")).hasSize(3);
        assertThat(settings.get("labels").get(0).asText()).isEqualTo(trained.labels().get(0));
        assertThat(settings.has("labelOutput")).isFalse();
        assertThat(settings.get("session").get("intraOpThreads").asInt()).isEqualTo(1);
        assertThat(settings.get("session").get("optimizationLevel").asText()).isEqualTo("BASIC");
    }

    @Test
    void publishedAndLoadedByUriItPredictsTheSame() {
        URI store = tmp.resolve("store").toUri();
        try (OnnxModel<Map<String, Object>, Classification> model = churn();
             ModelRepository publisher = repository("cache-a");
             ModelRepository consumer = repository("cache-b")) {
            URI published = publisher.publish(model, store.resolve("churn"), PublishOptions.defaults());
            assertThat(published.toString()).endsWith("churn/1");
            try (Model<Map, ?, Classification> loaded = consumer.load(published, Map.class, Classification.class)) {
                assertThat(loaded).isInstanceOf(OnnxModel.class);
                OnnxModel<?, ?> onnx = (OnnxModel<?, ?>) loaded;
                assertThat(onnx.options()).isEqualTo(STORED);
                assertThat(onnx.labels()).isEqualTo(trained.labels());
                assertThat(loaded.info().description()).isEqualTo("who leaves");
                assertThat(loaded.info().tags()).containsEntry("team", "growth");
                List<Map<String, Object>> records = trained.records().subList(0, 30);
                assertThat(loaded.predictRecords(records)).isEqualTo(model.predictRecords(records));
            }
        }
    }

    @Test
    void aHostOverridesTheStoredOptionsAtLoadWithoutStoringThem() throws IOException {
        OnnxOptions host = OnnxOptions.builder().intraOpThreads(2).executionMode(OnnxOptions.ExecutionMode.PARALLEL).interOpThreads(2).build();
        URI store = tmp.resolve("store").toUri();
        Path again = Files.createDirectories(tmp.resolve("again"));
        try (OnnxModel<Map<String, Object>, Classification> model = churn();
             ModelRepository publisher = repository("cache-a");
             ModelRepository consumer = ModelRepository.builder().cacheDirectory(tmp.resolve("cache-b")).format(OnnxFormat.withOptions(host)).build()) {
            URI published = publisher.publish(model, store.resolve("churn"), PublishOptions.defaults());
            try (Model<?, ?, ?> loaded = consumer.load(published)) {
                assertThat(((OnnxModel<?, ?>) loaded).options()).isEqualTo(host);
                Map<String, Object> record = trained.records().get(0);
                assertThat(((Model<Map<String, Object>, ?, ?>) loaded).predictRecord(record)).isEqualTo(model.predictRecord(record));
                new OnnxFormat().save(loaded, again);
            }
        }
        JsonNode settings = new ObjectMapper().readTree(again.resolve("onnx.json").toFile());
        assertThat(settings.get("session").get("intraOpThreads").asInt()).as("the stored options, not the host's").isEqualTo(1);
    }

    @Test
    void aModelOfRowsHasNoSpecInItsBundle() throws IOException {
        Path bundle = Files.createDirectories(tmp.resolve("bundle"));
        Path file = TestGraphs.sigmoid(tmp.resolve("sigmoid.onnx"));
        try (OnnxModel<float[], Classification> model = OnnxModel.builder(file).labels("no", "yes").classifier()) {
            new OnnxFormat().save(model, bundle);
            assertThat(bundle.resolve("features.json")).doesNotExist();
            BundleManifest manifest = Bundles.scan(bundle, model.info());
            try (Model<?, ?, ?> loaded = new OnnxFormat().load(manifest, bundle)) {
                assertThat(loaded.types().input()).isEqualTo(float[].class);
                float[] x = {0.5f, -1, 2};
                assertThat(((Model<float[], ?, ?>) loaded).predictRecord(x)).isEqualTo(model.predictRecord(x));
                assertThat(((OnnxModel<?, ?>) loaded).labels()).containsExactly("no", "yes");
            }
        }
    }

    @Test
    void savingFailsWhenTheSourceFileChangedOrWentAway() throws IOException {
        Path copy = Files.copy(trained.onnx(), tmp.resolve("copy.onnx"));
        try (OnnxModel<Map<String, Object>, ?> model = OnnxModel.fromFile(copy, trained.spec())) {
            Path bundle = Files.createDirectories(tmp.resolve("bundle"));
            Files.copy(TestGraphs.sigmoid(tmp.resolve("other.onnx")), copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            assertThatThrownBy(() -> new OnnxFormat().save(model, bundle)).isInstanceOf(ModelException.class)
                    .hasMessageContaining("has changed since");
            assertThat(bundle.resolve("model.onnx")).doesNotExist();
            Files.delete(copy);
            assertThatThrownBy(() -> new OnnxFormat().save(model, bundle)).isInstanceOf(ModelException.class)
                    .hasMessageContaining("is gone");
            // The session was made from the original bytes and still scores.
            assertThat(model.predictRecord(trained.records().get(0))).isNotNull();
        }
    }

    @Test
    void settingsAreReadStrictly() throws IOException {
        Path bundle = Files.createDirectories(tmp.resolve("bundle"));
        BundleManifest manifest;
        try (OnnxModel<Map<String, Object>, Classification> model = churn()) {
            new OnnxFormat().save(model, bundle);
            manifest = Bundles.scan(bundle, model.info());
        }
        Path settings = bundle.resolve("onnx.json");
        String json = Files.readString(settings);

        Files.writeString(settings, json.replace("\"intraOpThreads\"", "\"threads\""));
        assertThatThrownBy(() -> new OnnxFormat().load(manifest, bundle)).isInstanceOf(ModelException.class)
                .hasMessageContaining("onnx.json of churn/0").hasMessageContaining("missing required property 'intraOpThreads'");

        Files.writeString(settings, json.replace("\"task\"", "\"threads\" : 2,\n  \"task\""));
        assertThatThrownBy(() -> new OnnxFormat().load(manifest, bundle)).isInstanceOf(ModelException.class)
                .hasMessageContaining("unknown property 'threads'");

        Files.writeString(settings, json.replace("\"CLASSIFICATION\"", "\"CLUSTERING\""));
        assertThatThrownBy(() -> new OnnxFormat().load(manifest, bundle)).isInstanceOf(ModelException.class)
                .hasMessageContaining("task").hasMessageContaining("CLUSTERING");

        Files.writeString(settings, json.replace("\"output\" : \"output\"", "\"output\" : \"probabilities\""));
        assertThatThrownBy(() -> new OnnxFormat().load(manifest, bundle)).isInstanceOf(ModelException.class)
                .hasMessageContaining("there is no output 'probabilities'");

        Files.delete(settings);
        assertThatThrownBy(() -> new OnnxFormat().load(manifest, bundle)).isInstanceOf(ModelException.class)
                .hasMessageContaining("has no onnx.json");
    }
}

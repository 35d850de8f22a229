package dev.modeldeploy.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modeldeploy.api.pipeline.FeatureSpec;
import dev.modeldeploy.api.pipeline.Preprocessor;
import dev.modeldeploy.api.pipeline.Transform;
import dev.modeldeploy.api.prediction.Classification;
import dev.modeldeploy.api.repository.ModelRepository;
import dev.modeldeploy.api.repository.PublishOptions;
import dev.modeldeploy.api.testing.TestRepositories;
import dev.modeldeploy.onnx.OnnxModel;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.MutableDataset;
import org.tribuo.ONNXExportable;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Scoring with a real ONNX model (a logistic regression trained and exported by Tribuo, run by ONNX
 * Runtime 1.28.0 inside Spark's tasks) equals the single-JVM batch runner's scoring.
 */
class OnnxScoringTest {
    private static final int FEATURES = 4;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;
    static SparkSession spark;
    static ModelRepository repository;
    static URI model;

    @BeforeAll
    static void trainPublishAndStart() throws Exception {
        FeatureSpec spec = spec();
        List<String> labels = new ArrayList<>();
        Path onnx = train(spec, labels);
        repository = TestRepositories.repository(tmp);
        try (OnnxModel<Map<String, Object>, Classification> classifier = OnnxModel.builder(onnx).features(spec).name("churn")
                .labels(labels).classifier()) {
            model = repository.publish(classifier, TestRepositories.modelUri(tmp, "churn"), PublishOptions.defaults());
        }
        spark = TestSpark.session();
    }

    @AfterAll
    static void closeRepository() {
        repository.close();
    }

    private static FeatureSpec spec() {
        FeatureSpec.Builder spec = FeatureSpec.builder();
        for (int i = 0; i < FEATURES; i++) {
            spec.numeric("x" + i, Transform.standardize(i * 3, 1 + i));
        }
        return spec.build();
    }

    /** Trains a two-class logistic regression with Tribuo on the spec's features and exports it to ONNX. */
    private static Path train(FeatureSpec spec, List<String> labels) throws Exception {
        Preprocessor<Map<String, Object>> pre = spec.compile().forMaps();
        LabelFactory factory = new LabelFactory();
        MutableDataset<Label> data = new MutableDataset<>(new SimpleDataSourceProvenance("synthetic", factory), factory);
        Random noise = new Random(17);
        double[] direction = {1.2, -0.8, 0.5, 0.3};
        for (Map<String, Object> record : records(800, 5)) {
            float[] x = pre.apply(record);
            double s = noise.nextGaussian() * 0.5;
            for (int i = 0; i < FEATURES; i++) {
                s += direction[i] * x[i];
            }
            data.add(example(pre, x, new Label(s > 0 ? "churn" : "stay")));
        }
        var trained = new LogisticRegressionTrainer().train(data);
        for (int i = 0; i < FEATURES; i++) {
            assertThat(trained.getFeatureIDMap().get(i).getName()).isEqualTo("x" + i);
        }
        Path onnx = tmp.resolve("churn.onnx");
        ((ONNXExportable) trained).saveONNXModel("dev.modeldeploy.test", 1, onnx);
        for (int id = 0; id < trained.getOutputIDInfo().size(); id++) {
            labels.add(trained.getOutputIDInfo().getOutput(id).getLabel());
        }
        return onnx;
    }

    private static ArrayExample<Label> example(Preprocessor<Map<String, Object>> pre, float[] x, Label label) {
        double[] values = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            values[i] = x[i];
        }
        return new ArrayExample<>(label, pre.featureNames().toArray(String[]::new), values);
    }

    private static List<Map<String, Object>> records(int n, long seed) {
        Random r = new Random(seed);
        List<Map<String, Object>> records = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            Map<String, Object> m = new HashMap<>();
            m.put("id", (long) k);
            for (int i = 0; i < FEATURES; i++) {
                m.put("x" + i, i * 3 + (1 + i) * r.nextGaussian());
            }
            records.add(m);
        }
        return records;
    }

    @Test
    void predictionsAndRejectsEqualTheBatchRunners() throws Exception {
        List<Map<String, Object>> records = records(1_500, 99);
        records.get(40).put("x2", null);
        records.get(700).put("x0", Double.NaN);
        List<StructField> fields = new ArrayList<>();
        fields.add(DataTypes.createStructField("id", DataTypes.LongType, false));
        for (int i = 0; i < FEATURES; i++) {
            fields.add(DataTypes.createStructField("x" + i, DataTypes.DoubleType, true));
        }
        StructType schema = DataTypes.createStructType(fields);
        List<Row> rows = records.stream().map(m -> RowFactory.create(m.get("id"), m.get("x0"), m.get("x1"), m.get("x2"), m.get("x3"))).toList();

        List<Row> scored = SparkScorer.builder(model).cacheDirectory(tmp.resolve("cache")).idColumns("id").chunkSize(256).build()
                .score(spark.createDataFrame(rows, schema).repartition(4)).collectAsList();

        BatchReference.Result reference = BatchReference.score(repository, model, Classification.class, records, "id");
        assertThat(scored).hasSize(records.size());
        assertThat(reference.rejects()).containsOnlyKeys(40L, 700L);
        int compared = 0;
        for (Row row : scored) {
            Object id = row.getAs("id");
            String reason = row.getAs(SparkScorer.REJECT_REASON);
            if (reference.rejects().containsKey(id)) {
                assertThat(reason).isEqualTo(reference.rejects().get(id));
                continue;
            }
            assertThat(reason).isNull();
            List<Object> expected = reference.cells().get(id);
            assertThat((String) row.getAs("label")).isEqualTo(expected.get(0));
            assertThat((Integer) row.getAs("label_index")).isEqualTo(expected.get(1));
            double[] ours = JSON.readValue((String) row.getAs("probabilities"), double[].class);
            double[] theirs = JSON.readValue((String) expected.get(2), double[].class);
            assertThat(ours).hasSize(2).containsExactly(theirs, within(1e-6));
            compared++;
        }
        assertThat(compared).isEqualTo(records.size() - 2);
        assertThat(scored.stream().map(r -> (String) r.getAs("label")).distinct()).contains("churn", "stay");
    }
}

package dev.modeldeploy.spark;

import dev.modeldeploy.api.prediction.Classification;
import dev.modeldeploy.api.repository.ModelRepository;
import dev.modeldeploy.api.repository.PublishOptions;
import dev.modeldeploy.api.testing.TestRepositories;
import org.apache.spark.SparkException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Scoring a Dataset with the linear lead model, in local[2] mode, against the single-JVM batch runner. */
class SparkScorerTest {
    @TempDir
    static Path tmp;
    static SparkSession spark;
    static ModelRepository repository;
    static URI production;

    @BeforeAll
    static void start() {
        spark = TestSpark.session();
        repository = TestRepositories.repository(tmp);
        URI model = TestRepositories.modelUri(tmp, "lead-scoring");
        URI v1 = repository.publish(Leads.model("lead-scoring", 7), model, PublishOptions.defaults());
        repository.setAlias(URI.create(model + "@production"), repository.resolve(v1).version());
        production = URI.create(model + "@production");
    }

    @AfterAll
    static void closeRepository() {
        repository.close();
    }

    private static SparkScorer.Builder scorer() {
        return SparkScorer.builder(production).cacheDirectory(tmp.resolve("cache"));
    }

    @Test
    void predictionsAndRejectsEqualTheBatchRunners() {
        List<Row> rows = Leads.rows(2_000, 1, 3, 37);
        Dataset<Row> leads = spark.createDataFrame(rows, Leads.SCHEMA).repartition(5);

        List<Row> scored = scorer().chunkSize(128).build().score(leads).collectAsList();

        BatchReference.Result reference = BatchReference.score(repository, production, Classification.class,
                rows.stream().map(Leads::record).toList(), "lead_id");
        assertThat(scored).hasSize(rows.size());
        Map<Object, List<Object>> cells = new HashMap<>();
        Map<Object, String> rejects = new HashMap<>();
        for (Row row : scored) {
            Object id = row.getAs("lead_id");
            assertThat((String) row.getAs(SparkScorer.MODEL_NAME)).isEqualTo("lead-scoring");
            assertThat((Integer) row.getAs(SparkScorer.MODEL_VERSION)).isEqualTo(1);
            String reason = row.getAs(SparkScorer.REJECT_REASON);
            if (reason == null) {
                cells.put(id, List.of(row.getAs("label"), row.getAs("label_index"), row.getAs("probabilities")));
            } else {
                assertThat((Object) row.getAs("label")).isNull();
                rejects.put(id, reason);
            }
        }
        assertThat(rejects).hasSize(2_000 / 37).isEqualTo(reference.rejects());
        assertThat(cells).hasSize(rows.size() - 2_000 / 37).isEqualTo(reference.cells());
        assertThat(rejects.values()).anyMatch(r -> r.contains("visits")).anyMatch(r -> r.contains("country"));
    }

    @Test
    void outputHasTheIdColumnsThenTypedPredictionColumns() {
        Dataset<Row> leads = spark.createDataFrame(Leads.rows(50, 1, 4, 0), Leads.SCHEMA);

        Dataset<Row> scored = scorer().idColumns("lead_id").build().score(leads);

        StructType expected = DataTypes.createStructType(List.of(
                DataTypes.createStructField("lead_id", DataTypes.LongType, false),
                DataTypes.createStructField("label", DataTypes.StringType, true),
                DataTypes.createStructField("label_index", DataTypes.IntegerType, true),
                DataTypes.createStructField("probabilities", DataTypes.StringType, true),
                DataTypes.createStructField(SparkScorer.MODEL_NAME, DataTypes.StringType, false),
                DataTypes.createStructField(SparkScorer.MODEL_VERSION, DataTypes.IntegerType, false),
                DataTypes.createStructField(SparkScorer.REJECT_REASON, DataTypes.StringType, true)));
        assertThat(scored.schema()).isEqualTo(expected);
        assertThat(SparkScorer.accepted(scored).count()).isEqualTo(50);
        assertThat(SparkScorer.rejects(scored).count()).isZero();
    }

    @Test
    void everyTaskOfTheJvmSharesOneLoadedModel() {
        URI uri = TestRepositories.modelUri(tmp, "counting");
        repository.publish(CountingFormat.model("counting", 2f, -1f, 0.5f), uri, PublishOptions.defaults());
        StructType schema = DataTypes.createStructType(List.of(
                DataTypes.createStructField("id", DataTypes.IntegerType, false),
                DataTypes.createStructField("x", DataTypes.DoubleType, false),
                DataTypes.createStructField("y", DataTypes.DoubleType, false)));
        List<Row> rows = IntStream.range(0, 1_000).mapToObj(i -> RowFactory.create(i, i * 0.5, i % 7 * 1.0)).toList();
        Dataset<Row> points = spark.createDataFrame(rows, schema).repartition(8);
        SparkScorer scorer = SparkScorer.builder(uri).cacheDirectory(tmp.resolve("cache")).chunkSize(10).build();

        List<Row> first = scorer.score(points).collectAsList();
        List<Row> second = scorer.score(points).collectAsList();

        assertThat(CountingFormat.loads("counting")).isEqualTo(1);
        ModelSource exact = ExecutorModels.resolve(ModelSource.of(uri).withCacheDirectory(tmp.resolve("cache")));
        assertThat(ExecutorModels.loadCount(exact)).isEqualTo(1);
        BatchReference.Result reference = BatchReference.score(repository, uri, Double.class, rows.stream().map(r ->
                Map.<String, Object>of("id", r.get(0), "x", r.get(1), "y", r.get(2))).toList(), "id");
        for (List<Row> run : List.of(first, second)) {
            assertThat(run).hasSize(1_000);
            for (Row row : run) {
                Object prediction = row.getAs("prediction");
                assertThat(List.of(prediction)).isEqualTo(reference.cells().get(row.getAs("id")));
            }
        }
    }

    @Test
    void missingAndMistypedColumnsFailOnTheDriverWithOneErrorListingThemAll() {
        Dataset<Row> leads = spark.createDataFrame(Leads.rows(10, 1, 5, 0), Leads.SCHEMA)
                .drop("country")
                .withColumn("visits", functions.col("visits").cast("string"))
                .withColumn("created_at", functions.col("created_at").cast("timestamp_ntz"));

        Throwable thrown = catchThrowable(() -> scorer().idColumns("lead_id", "account").build().score(leads));

        assertThat(thrown).isInstanceOf(ColumnMismatchException.class);
        assertThat(((ColumnMismatchException) thrown).problems()).hasSize(4);
        assertThat(thrown.getMessage())
                .contains("lead-scoring/1")
                .contains("missing column 'country' for input field 'country' (STRING)")
                .contains("column 'visits' is string but input field 'visits' (DOUBLE) needs a numeric type")
                .contains("column 'created_at' is timestamp_ntz", "to_utc_timestamp")
                .contains("missing id column 'account'");
    }

    @Test
    void fieldsCanBeReadFromColumnsOfOtherNames() {
        List<Row> rows = Leads.rows(200, 1, 6, 0);
        Dataset<Row> leads = spark.createDataFrame(rows, Leads.SCHEMA).withColumnRenamed("visits", "web.visits");

        List<Row> renamed = scorer().column("visits", "web.visits").idColumns("lead_id").build().score(leads).collectAsList();
        List<Row> plain = scorer().idColumns("lead_id").build().score(spark.createDataFrame(rows, Leads.SCHEMA)).collectAsList();

        assertThat(renamed).containsExactlyInAnyOrderElementsOf(plain);
        assertThatThrownBy(() -> scorer().column("visitz", "web.visits").build().score(leads))
                .isInstanceOf(ColumnMismatchException.class)
                .hasMessageContaining("column mapping names field 'visitz'")
                .hasMessageContaining("missing column 'visits'");
    }

    @Test
    void predictionColumnsThatClashWithInputColumnsNeedAPrefix() {
        Dataset<Row> leads = spark.createDataFrame(Leads.rows(20, 1, 8, 0), Leads.SCHEMA).withColumn("label", functions.lit("old"));

        assertThatThrownBy(() -> scorer().build().score(leads))
                .isInstanceOf(ColumnMismatchException.class).hasMessageContaining("two columns 'label'");
        Dataset<Row> prefixed = scorer().predictionPrefix("score_").build().score(leads);
        assertThat(prefixed.columns()).contains("label", "score_label", "score_label_index", "score_probabilities");
        assertThat(prefixed.filter(functions.col("score_label").isin("lost", "won")).count()).isEqualTo(20);
    }

    @Test
    void failPolicyFailsTheJobNamingTheRowAndReason() {
        List<Row> rows = new ArrayList<>(Leads.rows(30, 100, 9, 0));
        Row good = rows.get(0);
        rows.set(12, RowFactory.create(112L, good.get(1), good.get(2), null, good.get(4)));
        Dataset<Row> leads = spark.createDataFrame(rows, Leads.SCHEMA);

        Dataset<Row> scored = scorer().idColumns("lead_id").rejects(RejectPolicy.FAIL).build().score(leads);

        assertThat(scored.columns()).doesNotContain(SparkScorer.REJECT_REASON);
        assertThatThrownBy(scored::collectAsList).isInstanceOf(SparkException.class)
                .hasMessageContaining("[lead_id=112]").hasMessageContaining("RejectPolicy.FAIL").hasMessageContaining("country");
    }
}

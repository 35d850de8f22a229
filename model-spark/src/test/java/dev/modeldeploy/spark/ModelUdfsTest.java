package dev.modeldeploy.spark;

import dev.modeldeploy.api.repository.ModelRepository;
import dev.modeldeploy.api.repository.PublishOptions;
import dev.modeldeploy.api.testing.TestRepositories;
import org.apache.spark.SparkException;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The model as a Spark SQL function gives what the Dataset scorer gives. */
class ModelUdfsTest {
    @TempDir
    static Path tmp;
    static SparkSession spark;
    static ModelRepository repository;
    static ModelSource source;

    @BeforeAll
    static void start() {
        spark = TestSpark.session();
        repository = TestRepositories.repository(tmp);
        URI uri = repository.publish(Leads.model("lead-scoring", 11), TestRepositories.modelUri(tmp, "lead-scoring"), PublishOptions.defaults());
        source = ModelSource.of(uri).withCacheDirectory(tmp.resolve("cache"));
        spark.createDataFrame(Leads.rows(400, 1, 12, 0), Leads.SCHEMA).createOrReplaceTempView("leads");
    }

    @AfterAll
    static void closeRepository() {
        repository.close();
    }

    private static Map<Long, Row> scoredByDataset() {
        Map<Long, Row> byId = new HashMap<>();
        for (Row row : SparkScorer.builder(source).idColumns("lead_id").build().score(spark.table("leads")).collectAsList()) {
            byId.put(row.getLong(0), row);
        }
        return byId;
    }

    @Test
    void theFunctionReturnsTheMainPredictionValue() {
        ModelUdfs.register(spark, "lead_score", source);

        List<Row> rows = spark.sql("SELECT lead_id, lead_score(struct(visits, emails_opened, country, created_at)) AS label, "
                + "lead_score(struct(*)) AS label_too FROM leads").collectAsList();

        Map<Long, Row> expected = scoredByDataset();
        assertThat(rows).hasSize(400);
        for (Row row : rows) {
            assertThat(row.getString(1)).isEqualTo(expected.get(row.getLong(0)).<String>getAs("label")).isEqualTo(row.getString(2));
        }
    }

    @Test
    void theStructFunctionReturnsEveryPredictionColumn() {
        ModelUdfs.registerStruct(spark, "lead_scores", source);

        List<Row> rows = spark.sql("SELECT lead_id, s.label, s.label_index, s.probabilities FROM "
                + "(SELECT lead_id, lead_scores(struct(*)) AS s FROM leads)").collectAsList();

        Map<Long, Row> expected = scoredByDataset();
        for (Row row : rows) {
            Row e = expected.get(row.getLong(0));
            List<Object> ours = new ArrayList<>(List.of(row.get(1), row.get(2), row.get(3)));
            assertThat(ours).containsExactly(e.getAs("label"), e.getAs("label_index"), e.getAs("probabilities"));
        }
    }

    @Test
    void aRowTheModelCannotReadFailsTheQueryWithTheReason() {
        ModelUdfs.register(spark, "lead_score_strict", source);
        spark.createDataFrame(List.of(RowFactory.create(1L, null, 2, "DE", new java.sql.Timestamp(0))), Leads.SCHEMA)
                .createOrReplaceTempView("bad_leads");

        assertThatThrownBy(() -> spark.sql("SELECT lead_score_strict(struct(*)) FROM bad_leads").collectAsList())
                .isInstanceOf(SparkException.class).hasMessageContaining("visits");
        assertThatThrownBy(() -> spark.sql("SELECT lead_score_strict(struct(lead_id, country)) FROM leads").collectAsList())
                .hasMessageContaining("missing column 'visits'");
    }
}

package dev.modeldeploy.spark;

import dev.modeldeploy.api.testing.ReadmeSnippets;
import dev.modeldeploy.api.testing.TestRepositories;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;

/** Runs the README's Spark example and fails when the README's copy drifts from it. */
class ReadmeSparkTest {
    @TempDir
    Path tmp;

    static void scoreOneDay(SparkSession spark, String modelUri, String leadsPath, String scoresPath, String day) {
        // README:start
        Dataset<Row> leads = spark.read().parquet(leadsPath).filter(col("created_date").equalTo(day));
        Dataset<Row> scores = SparkScorer.builder(URI.create(modelUri))   // latest, a version or an alias
                .idColumns("lead_id")       // the input columns to keep (default: all)
                .chunkSize(2_000)           // rows per predictBatch call
                .build()
                .score(leads);              // checks the columns now; scores when Spark runs the write
        // lead_id, label, label_index, probabilities, model_name, model_version, reject_reason
        SparkScorer.accepted(scores).withColumn("date", lit(day))
                .write().mode(SaveMode.Overwrite).option("partitionOverwriteMode", "dynamic")   // replaces this day only
                .partitionBy("date").parquet(scoresPath);
        // README:end
    }

    @Test
    void readmeExampleScoresADayAndIsShownInTheReadme() throws IOException {
        SparkSession spark = TestSpark.session();
        String leads = tmp.resolve("leads").toString();
        spark.createDataFrame(Leads.rows(500, 1, 21, 100), Leads.SCHEMA).withColumn("created_date", lit("2026-11-20"))
                .write().partitionBy("created_date").parquet(leads);
        URI model = Leads.model("lead-scoring", 3).toRemote(TestRepositories.modelUri(tmp, "lead-scoring"));

        scoreOneDay(spark, model.toString(), leads, tmp.resolve("scores").toString(), "2026-11-20");

        Dataset<Row> written = spark.read().parquet(tmp.resolve("scores").toString());
        assertThat(written.count()).isEqualTo(495);
        assertThat(written.columns()).containsExactly("lead_id", "label", "label_index", "probabilities", "model_name", "model_version", "date");
        ReadmeSnippets.assertReadmeShows("src/test/java/dev/modeldeploy/spark/ReadmeSparkTest.java");
    }
}

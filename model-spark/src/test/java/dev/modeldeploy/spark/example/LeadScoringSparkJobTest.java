package dev.modeldeploy.spark.example;

import dev.modeldeploy.spark.SparkScorer;
import dev.modeldeploy.spark.TestSpark;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The Spark lead-scoring example, on its demo data, in local mode: run twice, the day's rows stay once. */
class LeadScoringSparkJobTest {
    @TempDir
    static Path tmp;

    @Test
    void theDemoDayIsScoredAndARerunReplacesIt() {
        SparkSession spark = TestSpark.session();   // also points the default repository's cache at a temporary folder
        LeadScoringSparkJob.Options options = LeadScoringSparkJob.demo(spark, tmp.resolve("demo"), LocalDate.of(2026, 11, 20), 3_000);

        LeadScoringSparkJob.Summary first = LeadScoringSparkJob.run(spark, options);
        LeadScoringSparkJob.Summary second = LeadScoringSparkJob.run(spark, options);

        assertThat(first).isEqualTo(new LeadScoringSparkJob.Summary(1, 2_994, 6)).isEqualTo(second);
        assertThat(spark.read().parquet(options.output()).select("lead_id").distinct().count()).isEqualTo(2_994);
        List<Row> rejects = spark.read().parquet(options.output() + "_rejects").collectAsList();
        assertThat(rejects).hasSize(6).allSatisfy(r -> assertThat(r.<String>getAs(SparkScorer.REJECT_REASON)).contains("visits"));
    }
}

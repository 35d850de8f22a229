package dev.modeldeploy.spark;

import dev.modeldeploy.api.repository.ModelRepository;
import dev.modeldeploy.api.repository.PublishOptions;
import dev.modeldeploy.api.testing.TestRepositories;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The idempotence pattern of a nightly Spark job: score the day's rows and write them with Spark's own
 * Parquet writer, overwriting only that day's {@code date=} partition (dynamic partition overwrite).
 * Rerunning a day replaces its rows, never duplicates them, and leaves the other days alone.
 */
class PartitionOverwriteTest {
    @TempDir
    static Path tmp;
    static SparkSession spark;
    static ModelRepository repository;
    static URI model;
    static URI production;

    @BeforeAll
    static void start() {
        spark = TestSpark.session();
        repository = TestRepositories.repository(tmp);
        model = TestRepositories.modelUri(tmp, "lead-scoring");
        production = URI.create(model + "@production");
    }

    @AfterAll
    static void closeRepository() {
        repository.close();
    }

    /**
     * The nightly job for one day: score, keep the scored rows, overwrite the day's partition. Without
     * dynamic partition overwrite, an overwrite would delete the other days.
     */
    private static void runDay(String date, List<Row> leads, Path output) {
        Dataset<Row> scored = SparkScorer.builder(production).cacheDirectory(tmp.resolve("cache")).idColumns("lead_id").build()
                .score(spark.createDataFrame(leads, Leads.SCHEMA).repartition(3));
        SparkScorer.accepted(scored).withColumn("date", functions.lit(date))
                .write().mode(SaveMode.Overwrite).option("partitionOverwriteMode", "dynamic")
                .partitionBy("date").parquet(output.toString());
    }

    private static void publishAsProduction(long seed) {
        URI version = repository.publish(Leads.model("lead-scoring", seed), model, PublishOptions.defaults());
        repository.setAlias(production, repository.resolve(version).version());
    }

    @Test
    void rerunningADayReplacesItsPartitionAndNeverDuplicates() {
        Path output = tmp.resolve("lead_scores");
        List<Row> day1 = Leads.rows(300, 1_000, 1, 0);
        List<Row> day2 = Leads.rows(200, 2_000, 2, 0);
        publishAsProduction(1);
        runDay("2026-11-20", day1, output);
        runDay("2026-11-21", day2, output);

        publishAsProduction(2);
        runDay("2026-11-20", day1, output);
        runDay("2026-11-20", day1, output);

        Dataset<Row> all = spark.read().parquet(output.toString());
        assertThat(all.count()).isEqualTo(500);
        assertThat(all.select("date", "lead_id").distinct().count()).isEqualTo(500);
        Dataset<Row> first = all.filter(functions.col("date").equalTo("2026-11-20"));
        assertThat(first.count()).isEqualTo(300);
        assertThat(first.select(SparkScorer.MODEL_VERSION).distinct().collectAsList()).extracting(r -> r.getInt(0)).containsExactly(2);
        Dataset<Row> second = all.filter(functions.col("date").equalTo("2026-11-21"));
        assertThat(second.count()).isEqualTo(200);
        assertThat(second.select(SparkScorer.MODEL_VERSION).distinct().collectAsList()).extracting(r -> r.getInt(0)).containsExactly(1);
    }
}

package dev.modeldeploy.spark;

import org.apache.spark.sql.SparkSession;

import java.nio.file.Path;

/** Local Spark sessions for tests: two worker threads, no UI, few shuffle partitions. */
final class TestSpark {
    private TestSpark() {
    }

    /** A new local[2] session; the test class stops it in its {@code @AfterAll}. */
    static SparkSession start(String app, Path tmp) {
        return SparkSession.builder()
                .master("local[2]")
                .appName(app)
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "4")
                .config("spark.sql.warehouse.dir", tmp.resolve("warehouse").toString())
                .config("spark.driver.host", "127.0.0.1")
                .getOrCreate();
    }
}

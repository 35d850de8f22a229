package dev.modeldeploy.spark;

import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The local Spark session of the tests: two worker threads, no UI, few shuffle partitions. One session
 * serves every test class of the JVM (starting one costs seconds); it stops when the JVM exits. Test
 * classes keep their models and files in their own temporary folders; the default model repository,
 * which the examples load through, caches in a folder of this JVM's own.
 */
public final class TestSpark {
    private TestSpark() {
    }

    private static final class Holder {
        static final SparkSession SESSION = start();

        private static SparkSession start() {
            Path warehouse;
            try {
                warehouse = Files.createTempDirectory("modeldeploy-spark-warehouse");
                System.setProperty("modeldeploy.cache.dir", Files.createTempDirectory("modeldeploy-spark-cache").toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            SparkSession spark = SparkSession.builder()
                    .master("local[2]")
                    .appName("model-spark-tests")
                    .config("spark.ui.enabled", "false")
                    .config("spark.sql.shuffle.partitions", "4")
                    .config("spark.sql.warehouse.dir", warehouse.toString())
                    .config("spark.driver.host", "127.0.0.1")
                    .getOrCreate();
            Runtime.getRuntime().addShutdownHook(new Thread(spark::stop, "stop-test-spark"));
            return spark;
        }
    }

    /** The shared local[2] session. */
    public static SparkSession session() {
        return Holder.SESSION;
    }
}

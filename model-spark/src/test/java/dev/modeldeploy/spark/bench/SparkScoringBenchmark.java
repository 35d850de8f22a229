package dev.modeldeploy.spark.bench;

import dev.modeldeploy.api.prediction.Classification;
import dev.modeldeploy.api.repository.ModelRepository;
import dev.modeldeploy.api.repository.PublishOptions;
import dev.modeldeploy.runtime.batch.BatchConfig;
import dev.modeldeploy.runtime.batch.BatchJob;
import dev.modeldeploy.runtime.batch.BatchRunner;
import dev.modeldeploy.runtime.batch.CallbackSink;
import dev.modeldeploy.runtime.batch.IterableSource;
import dev.modeldeploy.runtime.batch.PredictionColumns;
import dev.modeldeploy.runtime.batch.RunKey;
import dev.modeldeploy.runtime.batch.Scored;
import dev.modeldeploy.spark.SparkScorer;
import dev.modeldeploy.spark.example.LeadScoringSparkJob;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Rows per second of the lead model (the example's logistic regression in the linear format) scored by
 * {@link SparkScorer} in Spark's local mode ({@code local[2]}: the two cores of this machine) against the
 * single-JVM batch runner with two worker threads, on the same {@value #ROWS} leads, 1,000-row chunks
 * each. Spark's input is a cached DataFrame and the runner's a list of maps, both made once; each side
 * pays for turning its input into records, scoring, and making each prediction's columns (the batch
 * runner's {@link PredictionColumns}: label, label index, probabilities as JSON text), which Spark then
 * encodes as output rows and the runner's sink only counts. {@code sparkPassThrough} is Spark's own floor: the same rows
 * through a {@code mapPartitions} that returns them unchanged. Read the scores as ratios from the same run.
 *
 * <p>Not part of {@code benchmarks.jar}: that shaded jar would have to carry Spark (~290 MB) or could not
 * run the benchmark. The benchmark suite's entry point ({@code benchmarks/run-suite.sh short|full}) measures
 * it anyway: the script builds this module's test class path into a file, and the suite runs JMH on it in
 * a child JVM and adds the results to its {@code results.json} and summary. The short profile runs the
 * three methods in that JVM without forks, 2 × 2 s warm-up and 3 × 1 s measured, because each fork would
 * start Spark and build the fixture again from cold; the full profile keeps the settings below. To run it
 * alone, from this module's test class path:
 * <pre>
 * mvn -B -o -q -pl model-spark -am test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * java -cp model-spark/target/test-classes:model-spark/target/classes:$(cat /tmp/cp.txt) org.openjdk.jmh.Main SparkScoringBenchmark
 * </pre>
 * The fixture collects the leads into the runner's list only for {@code batchRunner}: the Spark methods'
 * trials (and, without forks, their heap) do without 200,000 maps they never read.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(SparkScoringBenchmark.ROWS)
@Warmup(iterations = 6, time = 5)   // Spark's code generation and JIT take a few jobs to settle
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+IgnoreUnrecognizedVMOptions",
        "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
        "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/java.util=ALL-UNNAMED",
        "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED", "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED"})
@State(Scope.Benchmark)
public class SparkScoringBenchmark {
    static final int ROWS = 200_000;
    static final int CHUNK = 1_000;
    static final PredictionColumns<Classification> COLUMNS = PredictionColumns.derive(Classification.class);

    SparkSession spark;
    Dataset<Row> leads;
    List<Map<String, Object>> records;
    SparkScorer scorer;
    BatchRunner runner;
    URI model;
    Path dir;

    @Setup(Level.Trial)
    public void setUp(BenchmarkParams params) throws java.io.IOException {
        dir = Files.createTempDirectory("spark-bench");
        System.setProperty("modeldeploy.cache.dir", dir.resolve("cache").toString());
        spark = SparkSession.builder().master("local[2]").appName("spark-scoring-benchmark")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1").getOrCreate();
        model = ModelRepository.defaultRepository().publish(LeadScoringSparkJob.demoModel(), dir.resolve("store/lead-scoring").toUri(),
                PublishOptions.defaults());
        leads = spark.range(ROWS).selectExpr(
                "id AS lead_id",
                "CAST(floor(exp(rand(1) * 3.5)) AS INT) AS visits",
                "CAST(floor(rand(2) * 8) AS INT) AS emails_opened",
                "element_at(array('DE', 'FR', 'NL', 'US', 'IN', 'BR'), CAST(floor(rand(3) * 6) AS INT) + 1) AS country",
                "timestamp_seconds(1763596800 + CAST(rand(4) * 86400 AS BIGINT)) AS created_at")
                .repartition(2).cache();
        leads.count();
        records = new ArrayList<>(ROWS);
        if (params.getBenchmark().endsWith(".batchRunner")) {
            for (Row row : leads.collectAsList()) {
                Map<String, Object> m = new HashMap<>();
                for (int i = 0; i < row.size(); i++) {
                    m.put(row.schema().fieldNames()[i], row.get(i));
                }
                records.add(m);
            }
        }
        scorer = SparkScorer.builder(model).idColumns("lead_id").chunkSize(CHUNK).build();
        runner = BatchRunner.builder().config(BatchConfig.builder().chunkSize(CHUNK).threads(2).build()).build();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        spark.stop();
    }

    @Benchmark
    public long sparkLocal() {
        return scorer.score(leads).count();
    }

    /** The floor: Spark hands the same rows through a {@code mapPartitions} that returns them unchanged. */
    @Benchmark
    public long sparkPassThrough() {
        return leads.mapPartitions(new PassThrough(), Encoders.row(leads.schema())).count();
    }

    private static final class PassThrough implements MapPartitionsFunction<Row, Row> {
        private static final long serialVersionUID = 1L;

        @Override
        public Iterator<Row> call(Iterator<Row> rows) {
            return rows;
        }
    }

    @Benchmark
    public long batchRunner() {
        LongAdder cells = new LongAdder();
        runner.run(BatchJob.forMaps(Classification.class).runKey(RunKey.of("bench", Map.of())).model(model)
                .source(new IterableSource<>(records, r -> r.get("lead_id")))
                .sink(new CallbackSink<>((run, predictions, rejects) -> {
                    // What a file or JDBC sink does first, and what Spark's output rows hold: the prediction's columns.
                    for (Scored<Classification> p : predictions) {
                        cells.add(COLUMNS.values(p.prediction()).length);
                    }
                })).build());
        return cells.sum();
    }
}

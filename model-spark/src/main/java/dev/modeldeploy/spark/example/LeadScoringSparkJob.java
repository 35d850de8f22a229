package dev.modeldeploy.spark.example;

import dev.modeldeploy.api.error.ModelNotFoundException;
import dev.modeldeploy.api.linear.LinearModel;
import dev.modeldeploy.api.pipeline.FeatureSpec;
import dev.modeldeploy.api.pipeline.InputField;
import dev.modeldeploy.api.pipeline.Transform;
import dev.modeldeploy.api.pipeline.UnknownPolicy;
import dev.modeldeploy.api.repository.ModelRepository;
import dev.modeldeploy.api.repository.PublishOptions;
import dev.modeldeploy.api.schema.FieldType;
import dev.modeldeploy.spark.SparkScorer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

import java.net.URI;
import java.nio.file.Path;
import java.time.LocalDate;

/**
 * The nightly lead-scoring job as a Spark application: read one day of leads from Parquet, score them
 * with the model a URI names, and write the scores (and the rejected leads, with their reasons) with
 * Spark's Parquet writer into that day's {@code date=} partition, replacing it. Rerunning a day
 * replaces its rows and never duplicates them; the other days are left alone (dynamic partition
 * overwrite), and Spark's output commit protocol keeps a failed attempt's files out.
 *
 * <pre>
 * spark-submit --class dev.modeldeploy.spark.example.LeadScoringSparkJob \
 *     --packages dev.modeldeploy:model-spark:0.1.0,dev.modeldeploy:model-storage-s3:0.1.0 \
 *     model-spark-0.1.0.jar \
 *     --date 2026-11-20 --leads s3a://crm/leads --model s3://ml-models/lead-scoring@production --output s3a://crm/lead_scores
 * </pre>
 *
 * With {@code --demo FOLDER} instead of {@code --leads}, {@code --model} and {@code --output}, it first
 * writes a day of synthetic leads and publishes a stand-in model under that folder, so the job can be
 * tried with {@code --master local[2]} on a laptop.
 */
public final class LeadScoringSparkJob {
    private LeadScoringSparkJob() {
    }

    /**
     * The job's options.
     *
     * @param date   the day to score ({@code created_date} of the leads, {@code date} of the output)
     * @param leads  Parquet leads, partitioned or filtered by {@code created_date}
     * @param model  the model URI (an alias such as {@code @production} is resolved once, on the driver)
     * @param output the scores' folder; rejects go to {@code <output>_rejects}
     */
    public record Options(LocalDate date, String leads, URI model, String output) {
        static Options parse(String[] args, SparkSession spark) {
            LocalDate date = LocalDate.now().minusDays(1);
            String leads = null;
            URI model = null;
            String output = null;
            Path demo = null;
            for (int i = 0; i + 1 < args.length; i += 2) {
                String value = args[i + 1];
                switch (args[i]) {
                    case "--date" -> date = LocalDate.parse(value);
                    case "--leads" -> leads = value;
                    case "--model" -> model = URI.create(value);
                    case "--output" -> output = value;
                    case "--demo" -> demo = Path.of(value).toAbsolutePath();
                    default -> throw new IllegalArgumentException("unknown option " + args[i]
                            + " (options: --date YYYY-MM-DD, --leads PATH, --model URI, --output PATH, --demo FOLDER)");
                }
            }
            if (args.length % 2 != 0) {
                throw new IllegalArgumentException("option " + args[args.length - 1] + " needs a value");
            }
            if (demo != null) {
                return demo(spark, demo, date, 20_000);
            }
            if (leads == null || model == null || output == null) {
                throw new IllegalArgumentException("--leads, --model and --output are required (or --demo FOLDER)");
            }
            return new Options(date, leads, model, output);
        }
    }

    /**
     * What a run did.
     *
     * @param version  the model version that scored the day
     * @param scored   rows written to the day's partition
     * @param rejected leads rejected, written with their reasons
     */
    public record Summary(int version, long scored, long rejected) {
    }

    public static void main(String[] args) {
        SparkSession spark = SparkSession.builder().appName("lead-scoring").getOrCreate();
        try {
            Options options = Options.parse(args, spark);
            Summary summary = run(spark, options);
            System.out.printf("lead-scoring %s: model version %d, %d leads scored into %s, %d rejected%n", options.date(),
                    summary.version(), summary.scored(), options.output(), summary.rejected());
        } finally {
            spark.stop();
        }
    }

    /** Scores one day and overwrites that day's partitions of the scores and the rejects. */
    public static Summary run(SparkSession spark, Options o) {
        String day = o.date().toString();
        Dataset<Row> leads = spark.read().parquet(o.leads()).filter(functions.col("created_date").equalTo(day));
        Dataset<Row> scored = SparkScorer.builder(o.model()).idColumns("lead_id").chunkSize(2_000).build()
                .score(leads)
                .withColumn("date", functions.lit(day))
                .persist();   // written twice (scores, rejects): score once
        try {
            write(SparkScorer.accepted(scored), o.output());
            write(SparkScorer.rejects(scored).select("lead_id", SparkScorer.REJECT_REASON, SparkScorer.MODEL_NAME,
                    SparkScorer.MODEL_VERSION, "date"), o.output() + "_rejects");
            Dataset<Row> written = spark.read().parquet(o.output()).filter(functions.col("date").equalTo(day));
            long rejected = spark.read().parquet(o.output() + "_rejects").filter(functions.col("date").equalTo(day)).count();
            Row first = written.select(SparkScorer.MODEL_VERSION).limit(1).collectAsList().stream().findFirst().orElse(null);
            return new Summary(first == null ? 0 : first.getInt(0), written.count(), rejected);
        } finally {
            scored.unpersist();
        }
    }

    /** Replaces only the partitions present in {@code rows} (the day's), whatever the session's default. */
    private static void write(Dataset<Row> rows, String path) {
        rows.write().mode(SaveMode.Overwrite).option("partitionOverwriteMode", "dynamic").partitionBy("date").parquet(path);
    }

    /** Writes a day of synthetic leads and publishes a stand-in model under {@code dir}, once. */
    static Options demo(SparkSession spark, Path dir, LocalDate date, int count) {
        String leads = dir.resolve("leads").toString();
        String day = date.toString();
        // Every 500th lead lacks its visit count: the model rejects it, and the job keeps going.
        spark.range(count).selectExpr(
                        date.toEpochDay() * 1_000_000L + " + id AS lead_id",
                        "CASE WHEN id % 500 = 499 THEN NULL ELSE CAST(floor(exp(rand(1) * 3.5)) AS INT) END AS visits",
                        "CAST(floor(rand(2) * 8) AS INT) AS emails_opened",
                        "element_at(array('DE', 'FR', 'NL', 'US', 'IN', 'BR'), CAST(floor(rand(3) * 6) AS INT) + 1) AS country",
                        "timestamp_seconds(unix_timestamp(DATE'" + day + "') + CAST(rand(4) * 86400 AS BIGINT)) AS created_at",
                        "'" + day + "' AS created_date")
                .write().mode(SaveMode.Overwrite).option("partitionOverwriteMode", "dynamic").partitionBy("created_date").parquet(leads);
        URI model = dir.resolve("models").resolve("lead-scoring").toUri();
        URI production = URI.create(model + "@production");
        ModelRepository repository = ModelRepository.defaultRepository();
        try {
            repository.resolve(production);
        } catch (ModelNotFoundException | dev.modeldeploy.api.error.AliasNotFoundException none) {
            URI published = demoModel().toRemote(model, PublishOptions.builder().description("stand-in lead model of the Spark demo").build());
            repository.setAlias(production, repository.resolve(published).version());
        }
        return new Options(date, leads, production, dir.resolve("lead_scores").toString());
    }

    /** A logistic regression with fixed, plausible weights: a stand-in for the model the data team publishes. */
    public static LinearModel<java.util.Map<String, Object>, dev.modeldeploy.api.prediction.Classification> demoModel() {
        FeatureSpec spec = FeatureSpec.builder()
                .input(InputField.required("visits", FieldType.DOUBLE))
                .feature("visits", Transform.log1p(), Transform.standardize(2.1, 0.9))
                .numeric("emails_opened", Transform.standardize(3.5, 2.3))
                .input(InputField.required("country", FieldType.STRING))
                .feature("country", Transform.oneHot(UnknownPolicy.OTHER, "DE", "FR", "NL", "US", "IN"))
                .input(InputField.required("created_at", FieldType.TIMESTAMP))
                .feature("created_at", Transform.hourOfDay("UTC"), Transform.standardize(11.5, 6.9))
                .build();
        return LinearModel.logisticRegression("lead-scoring", spec).labels("lost", "won")
                .coefficients(new double[][] {{0.9, 0.6, 0.4, 0.1, 0.3, 0.6, -0.5, 0.0, -0.2}})
                .intercepts(-1.2).build();
    }
}

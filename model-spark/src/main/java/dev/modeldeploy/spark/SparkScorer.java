package dev.modeldeploy.spark;

import dev.modeldeploy.api.Model;
import dev.modeldeploy.api.error.ModelException;
import dev.modeldeploy.api.schema.Field;
import dev.modeldeploy.api.schema.Schema;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Scores a Spark {@code Dataset<Row>} with any modeldeploy model, named by URI: the distributed form of
 * the batch runner, for when the nightly batch outgrows one machine.
 *
 * <pre>{@code
 * Dataset<Row> leads = spark.read().parquet("s3a://crm/leads/date=2026-11-20");
 * Dataset<Row> scores = SparkScorer.builder(URI.create("s3://ml-models/lead-scoring@production"))
 *         .idColumns("lead_id")
 *         .chunkSize(2_000)
 *         .build()
 *         .score(leads);
 * // lead_id, label, label_index, probabilities, model_name, model_version, reject_reason
 * SparkScorer.accepted(scores).withColumn("date", lit("2026-11-20"))
 *         .write().mode("overwrite").partitionBy("date").parquet("s3a://crm/lead_scores");   // with dynamic partition overwrite
 * }</pre>
 *
 * <p>{@link #score} runs on the driver and starts no job: it resolves the URI to its exact version (so
 * every executor scores with the same version even if an alias moves), loads the model once in the
 * driver JVM to learn its schema and output type, checks that the DataFrame has every column the model's
 * input schema reads with a readable type (one {@link ColumnMismatchException} listing every problem),
 * and returns a lazy Dataset. When Spark runs it, each executor JVM loads the model once through its
 * local cache ({@link ExecutorModels}), its tasks share it, and each partition is scored in chunks of
 * {@link Builder#chunkSize} rows with one {@code predictBatch} call each.
 *
 * <p>The output has the input columns (or only the {@linkplain Builder#idColumns id columns}), then the
 * batch runner's prediction columns for the model's output type (a {@code Classification} makes
 * {@code label}, {@code label_index} and {@code probabilities} as JSON text; a {@code Regression}
 * {@code value}; a number {@code prediction}), then {@value #MODEL_NAME} and {@value #MODEL_VERSION},
 * then {@value #REJECT_REASON} under {@link RejectPolicy#COLUMN}.
 *
 * <p>Models read {@code Map<String, Object>} records (what every model loaded from a store reads);
 * {@link Builder#column(String, String)} maps an input field to a column of another name.
 *
 * <p>Immutable and thread-safe; reuse one scorer for many Datasets (each {@code score} call resolves the
 * URI again).
 */
public final class SparkScorer {
    /** The column holding the model's name. */
    public static final String MODEL_NAME = "model_name";
    /** The column holding the model's version. */
    public static final String MODEL_VERSION = "model_version";
    /** The column holding why a row was rejected, null for a scored row ({@link RejectPolicy#COLUMN}). */
    public static final String REJECT_REASON = "reject_reason";

    private final ModelSource source;
    private final List<String> idColumns;
    private final Map<String, String> columnOf;
    private final int chunkSize;
    private final RejectPolicy rejects;
    private final String prefix;

    private SparkScorer(Builder b) {
        this.source = b.source;
        this.idColumns = List.copyOf(b.idColumns);
        this.columnOf = Map.copyOf(b.columnOf);
        this.chunkSize = b.chunkSize;
        this.rejects = b.rejects;
        this.prefix = b.prefix;
    }

    /** A builder for a scorer of the model at {@code modelUri} (latest, a version, or an alias). */
    public static Builder builder(URI modelUri) {
        return new Builder(ModelSource.of(modelUri));
    }

    /** A builder for a scorer of a model source (a URI with the executors' cache folder). */
    public static Builder builder(ModelSource source) {
        return new Builder(source);
    }

    /**
     * The scored Dataset (lazy: nothing runs until an action or a write).
     *
     * @throws ColumnMismatchException if columns the model reads are missing or mistyped, an id column is
     *                                 missing, or an output column name would be taken twice
     * @throws ModelException          if the model cannot be resolved or loaded, or does not read field maps
     */
    public Dataset<Row> score(Dataset<Row> dataset) {
        ModelSource exact = ExecutorModels.resolve(source);
        Model<?, ?, ?> model = ExecutorModels.get(exact);
        if (!model.types().input().isAssignableFrom(LinkedHashMap.class)) {
            throw new ModelException("model " + model.info() + " reads " + model.types().input().getName()
                    + " records; Spark scoring feeds Map<String, Object> records (what models loaded from a store read)");
        }
        // With id columns, only they and the columns the model reads are deserialized for the job.
        Dataset<Row> needed = idColumns.isEmpty() ? dataset : project(dataset, model.info().inputSchema());
        StructType input = needed.schema();
        List<String> problems = new ArrayList<>();
        InputColumns columns = InputColumns.bind(model.info().inputSchema(), input, columnOf, problems);
        List<String> keptNames = idColumns.isEmpty() ? List.of(input.fieldNames()) : idColumns;
        int[] kept = new int[keptNames.size()];
        List<StructField> fields = new ArrayList<>();
        for (int k = 0; k < kept.length; k++) {
            String name = keptNames.get(k);
            int at = indexOf(input, name);
            if (at < 0) {
                problems.add("missing id column '" + name + "'");
                continue;
            }
            kept[k] = at;
            fields.add(input.fields()[at]);
        }
        PredictionLayout layout = PredictionLayout.of(model.types().output(), prefix);
        fields.addAll(layout.fields());
        fields.add(DataTypes.createStructField(MODEL_NAME, DataTypes.StringType, false));
        fields.add(DataTypes.createStructField(MODEL_VERSION, DataTypes.IntegerType, false));
        if (rejects == RejectPolicy.COLUMN) {
            fields.add(DataTypes.createStructField(REJECT_REASON, DataTypes.StringType, true));
        }
        Set<String> seen = new HashSet<>();
        for (StructField f : fields) {
            if (!seen.add(f.name())) {
                problems.add("the output would have two columns '" + f.name() + "': keep fewer input columns with idColumns(...) or set a "
                        + "predictionPrefix(...)");
            }
        }
        if (!problems.isEmpty()) {
            throw new ColumnMismatchException(model.info().toString(), problems);
        }
        PartitionScorer.Plan plan = new PartitionScorer.Plan(exact, columns, kept, keptNames.toArray(String[]::new), prefix,
                layout.names(), chunkSize, rejects);
        StructType output = DataTypes.createStructType(fields);
        return needed.mapPartitions(new PartitionScorer(plan), Encoders.row(output));
    }

    /** The id columns, then the columns the input fields are read from, as far as they exist (missing ones are reported later). */
    private Dataset<Row> project(Dataset<Row> dataset, Schema inputSchema) {
        if (inputSchema.size() == 0) {
            return dataset;
        }
        Set<String> names = new LinkedHashSet<>();
        for (String id : idColumns) {
            if (indexOf(dataset.schema(), id) >= 0) {
                names.add(id);
            }
        }
        for (Field field : inputSchema.fields()) {
            String column = columnOf.getOrDefault(field.name(), field.name());
            if (indexOf(dataset.schema(), column) >= 0) {
                names.add(column);
            }
        }
        // Back-quoted: a column name with a dot is a name, not a path into a struct.
        return dataset.select(names.stream().map(n -> functions.col("`" + n.replace("`", "``") + "`")).toArray(Column[]::new));
    }

    private static int indexOf(StructType type, String name) {
        String[] names = type.fieldNames();
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** The scored rows of a result ({@link RejectPolicy#COLUMN}), without the reject column. */
    public static Dataset<Row> accepted(Dataset<Row> scored) {
        return scored.filter(functions.col(REJECT_REASON).isNull()).drop(REJECT_REASON);
    }

    /** The rejected rows of a result ({@link RejectPolicy#COLUMN}), with their reasons. */
    public static Dataset<Row> rejects(Dataset<Row> scored) {
        return scored.filter(functions.col(REJECT_REASON).isNotNull());
    }

    @Override
    public String toString() {
        return "SparkScorer[" + source + ", chunk " + chunkSize + ", " + rejects + "]";
    }

    /** Builds a {@link SparkScorer}. Not thread-safe. */
    public static final class Builder {
        private ModelSource source;
        private final List<String> idColumns = new ArrayList<>();
        private final Map<String, String> columnOf = new HashMap<>();
        private int chunkSize = 1_000;
        private RejectPolicy rejects = RejectPolicy.COLUMN;
        private String prefix = "";

        private Builder(ModelSource source) {
            this.source = Objects.requireNonNull(source, "source");
        }

        /** Keep only these input columns in the output (default: all input columns). */
        public Builder idColumns(String... columns) {
            idColumns.clear();
            idColumns.addAll(List.of(columns));
            return this;
        }

        /** Read the model's input field {@code field} from the column {@code column} (default: the column of the field's name). */
        public Builder column(String field, String column) {
            columnOf.put(Objects.requireNonNull(field, "field"), Objects.requireNonNull(column, "column"));
            return this;
        }

        /** Rows per {@code predictBatch} call (default 1,000): larger chunks amortize a native model's per-call cost. */
        public Builder chunkSize(int rows) {
            if (rows < 1) {
                throw new IllegalArgumentException("chunk size must be >= 1, was " + rows);
            }
            this.chunkSize = rows;
            return this;
        }

        /** What to do with rows the model cannot read (default {@link RejectPolicy#COLUMN}). */
        public Builder rejects(RejectPolicy policy) {
            this.rejects = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** A prefix for the prediction columns ({@code "score_"} makes {@code score_label}), to avoid clashes with input columns. */
        public Builder predictionPrefix(String prefix) {
            this.prefix = Objects.requireNonNull(prefix, "prefix");
            return this;
        }

        /** The local cache folder of every JVM that loads the model (default: each JVM's default repository's). */
        public Builder cacheDirectory(Path directory) {
            this.source = source.withCacheDirectory(directory);
            return this;
        }

        public SparkScorer build() {
            return new SparkScorer(this);
        }
    }
}

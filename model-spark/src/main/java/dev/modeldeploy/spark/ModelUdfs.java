package dev.modeldeploy.spark;

import dev.modeldeploy.api.Model;
import dev.modeldeploy.api.error.ModelException;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model as a Spark SQL function, for simple cases: one argument, a struct of the model's input fields
 * by name, scored row by row with {@code predictRecord}.
 *
 * <pre>{@code
 * ModelUdfs.register(spark, "lead_score", URI.create("s3://ml-models/lead-scoring@production"));
 * spark.sql("SELECT lead_id, lead_score(struct(visits, emails_opened, country, created_at)) AS label FROM leads");
 * spark.sql("SELECT lead_id, lead_score(struct(*)) AS label FROM leads");       // extra fields are ignored
 * }</pre>
 *
 * <p>{@link #register} returns the main prediction value: the first of the batch runner's prediction
 * columns (a classifier's {@code label}, a regression's {@code value}, a number itself);
 * {@link #registerStruct} returns every prediction column as a struct
 * ({@code lead_scores(struct(*)).probabilities}). As with {@link SparkScorer}, the URI is resolved to its
 * exact version at registration and each executor JVM loads the model once ({@link ExecutorModels}).
 * A row the model cannot read fails the query with the reason; use {@link SparkScorer} to keep going with
 * rejects, and for chunked {@code predictBatch} scoring, which is faster for native models. Stateless.
 */
public final class ModelUdfs {
    private ModelUdfs() {
    }

    /**
     * Registers {@code name(struct)} returning the model's main prediction value.
     *
     * @return the exact model source the function scores with
     */
    public static ModelSource register(SparkSession spark, String name, URI modelUri) {
        return register(spark, name, ModelSource.of(modelUri), false);
    }

    /** Like {@link #register(SparkSession, String, URI)} for a source with its own cache folder. */
    public static ModelSource register(SparkSession spark, String name, ModelSource source) {
        return register(spark, name, source, false);
    }

    /**
     * Registers {@code name(struct)} returning a struct of every prediction column.
     *
     * @return the exact model source the function scores with
     */
    public static ModelSource registerStruct(SparkSession spark, String name, ModelSource source) {
        return register(spark, name, source, true);
    }

    private static ModelSource register(SparkSession spark, String name, ModelSource source, boolean struct) {
        ModelSource exact = ExecutorModels.resolve(source);
        Model<?, ?, ?> model = ExecutorModels.get(exact);
        PredictionLayout layout = PredictionLayout.of(model.types().output(), "");
        DataType type = struct ? DataTypes.createStructType(layout.fields()) : layout.fields().get(0).dataType();
        spark.udf().register(name, new ModelUdf(exact, struct), type);
        return exact;
    }

    /** The function: serializable, it holds the model's source; the input binding is made per JVM on first call. */
    private static final class ModelUdf implements UDF1<Row, Object> {
        private static final long serialVersionUID = 1L;
        private final ModelSource source;
        private final boolean struct;
        private transient volatile Bound bound;

        ModelUdf(ModelSource source, boolean struct) {
            this.source = source;
            this.struct = struct;
        }

        /** What the first call works out, for the struct type the query passes. */
        private record Bound(Model<Map<String, Object>, ?, Object> model, StructType type, InputColumns input, PredictionLayout layout) {
        }

        @Override
        public Object call(Row row) {
            if (row == null) {
                return null;
            }
            Bound b = bind(row.schema());
            Object prediction;
            try {
                prediction = b.model().predictRecord(b.input().record(row));
            } catch (RuntimeException e) {
                throw new ModelException("model " + b.model().info() + " cannot score the row: " + e.getMessage(), e);
            }
            Object[] cells = new Object[b.layout().width()];
            b.layout().write(prediction, cells, 0);
            return struct ? RowFactory.create(cells) : cells[0];
        }

        @SuppressWarnings("unchecked")
        private Bound bind(StructType type) {
            Bound b = bound;
            if (b != null && b.type().equals(type)) {
                return b;
            }
            if (type == null) {
                throw new ModelException("the argument of a model function must be a struct of the input fields: name(struct(col1, col2, ...))");
            }
            Model<Map<String, Object>, ?, Object> model = (Model<Map<String, Object>, ?, Object>) ExecutorModels.get(source);
            if (!model.types().input().isAssignableFrom(LinkedHashMap.class)) {
                throw new ModelException("model " + model.info() + " reads " + model.types().input().getName() + " records, not field maps");
            }
            List<String> problems = new ArrayList<>();
            InputColumns input = InputColumns.bind(model.info().inputSchema(), type, Map.of(), problems);
            if (!problems.isEmpty()) {
                throw new ColumnMismatchException(model.info().toString(), problems);
            }
            b = new Bound(model, type, input, PredictionLayout.of(model.types().output(), ""));
            bound = b;
            return b;
        }
    }
}

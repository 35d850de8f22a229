package dev.modeldeploy.spark;

import dev.modeldeploy.api.FeatureBatch;
import dev.modeldeploy.api.Model;
import dev.modeldeploy.api.error.ModelException;
import dev.modeldeploy.runtime.batch.ChunkScoring;
import dev.modeldeploy.runtime.batch.Rejected;
import dev.modeldeploy.runtime.batch.Scored;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The function Spark runs on each partition: reads rows in chunks, scores each chunk as the batch runner
 * does ({@link ChunkScoring}: one {@code predictBatch} call, bad rows rejected one by one) with the
 * model this JVM holds for the plan's source, and yields one output row per input row, lazily.
 * Serializable: it carries the {@link Plan} only, never a model.
 */
final class PartitionScorer implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    /**
     * Everything an executor needs, checked on the driver.
     *
     * @param source      the model, by exact version
     * @param input       how raw records are read from rows
     * @param kept        positions of the input columns copied to the output
     * @param keptNames   their names, for messages
     * @param prefix      prefix of the prediction columns
     * @param predictions the prediction column names the driver planned, checked against the executor's model
     * @param chunkSize   rows per {@code predictBatch} call
     * @param rejects     what to do with bad rows
     */
    record Plan(ModelSource source, InputColumns input, int[] kept, String[] keptNames, String prefix, List<String> predictions,
                int chunkSize, RejectPolicy rejects) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    private final Plan plan;

    PartitionScorer(Plan plan) {
        this.plan = plan;
    }

    /** What this function scores with. */
    Plan plan() {
        return plan;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Iterator<Row> call(Iterator<Row> rows) {
        Model<Map<String, Object>, Object, Object> model = (Model<Map<String, Object>, Object, Object>) ExecutorModels.get(plan.source());
        PredictionLayout layout = PredictionLayout.of(model.types().output(), plan.prefix());
        if (!layout.names().equals(plan.predictions())) {
            throw new ModelException("model " + model.info() + " on this executor makes columns " + layout.names()
                    + " but the driver planned " + plan.predictions() + "; are the executors' modeldeploy jars the driver's?");
        }
        return new Chunks<>(model, layout, rows);
    }

    /** The output rows of a partition, scored a chunk at a time. Not thread-safe (one per task). */
    private final class Chunks<F> implements Iterator<Row> {
        private final Model<Map<String, Object>, F, Object> model;
        private final PredictionLayout layout;
        private final Iterator<Row> input;
        private final FeatureBatch<F> batch;
        private final String modelName;
        private final int modelVersion;
        private final int width;
        private List<Row> ready = List.of();
        private int next;
        private long rowsBefore;

        Chunks(Model<Map<String, Object>, F, Object> model, PredictionLayout layout, Iterator<Row> input) {
            this.model = model;
            this.layout = layout;
            this.input = input;
            this.batch = model.newBatch(plan.chunkSize());
            this.modelName = model.info().name();
            this.modelVersion = model.info().version();
            this.width = plan.kept().length + layout.width() + 2 + (plan.rejects() == RejectPolicy.COLUMN ? 1 : 0);
        }

        @Override
        public boolean hasNext() {
            while (next == ready.size()) {
                if (!input.hasNext()) {
                    return false;
                }
                ready = scoreChunk();
                next = 0;
            }
            return true;
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return ready.get(next++);
        }

        private List<Row> scoreChunk() {
            List<Row> chunk = new ArrayList<>(plan.chunkSize());
            while (chunk.size() < plan.chunkSize() && input.hasNext()) {
                chunk.add(input.next());
            }
            List<Integer> ids = new ArrayList<>(chunk.size());
            List<Map<String, Object>> records = new ArrayList<>(chunk.size());
            String[] reasons = new String[chunk.size()];
            for (int i = 0; i < chunk.size(); i++) {
                try {
                    records.add(plan.input().record(chunk.get(i)));
                    ids.add(i);
                } catch (RuntimeException e) {
                    reasons[i] = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                }
            }
            ChunkScoring.Prepared prepared = ChunkScoring.preprocess(model, ids, records, batch);
            for (Rejected r : prepared.rejects()) {
                reasons[(Integer) r.id()] = r.reason();
            }
            Object[] predictions = new Object[chunk.size()];
            for (Scored<Object> s : ChunkScoring.predict(model, prepared, batch)) {
                predictions[(Integer) s.id()] = s.prediction();
            }
            List<Row> out = new ArrayList<>(chunk.size());
            for (int i = 0; i < chunk.size(); i++) {
                if (reasons[i] != null && plan.rejects() == RejectPolicy.FAIL) {
                    throw new ModelException("row " + (rowsBefore + i) + " of the partition" + describeIds(chunk.get(i))
                            + " was rejected (RejectPolicy.FAIL): " + reasons[i]);
                }
                out.add(output(chunk.get(i), reasons[i] == null ? predictions[i] : null, reasons[i]));
            }
            rowsBefore += chunk.size();
            return out;
        }

        private Row output(Row row, Object prediction, String reason) {
            Object[] values = new Object[width];
            int[] kept = plan.kept();
            for (int k = 0; k < kept.length; k++) {
                values[k] = row.get(kept[k]);
            }
            int at = kept.length;
            if (reason == null) {
                layout.write(prediction, values, at);
            }
            at += layout.width();
            values[at++] = modelName;
            values[at++] = modelVersion;
            if (plan.rejects() == RejectPolicy.COLUMN) {
                values[at] = reason;
            }
            return RowFactory.create(values);
        }

        private String describeIds(Row row) {
            int[] kept = plan.kept();
            if (kept.length == 0 || kept.length > 4) {
                return "";
            }
            List<String> parts = new ArrayList<>();
            for (int k = 0; k < kept.length; k++) {
                parts.add(plan.keptNames()[k] + "=" + row.get(kept[k]));
            }
            return " " + parts;
        }
    }

    @Override
    public String toString() {
        return "PartitionScorer[" + plan.source() + ", chunk " + plan.chunkSize() + ", kept " + Arrays.toString(plan.keptNames()) + "]";
    }
}

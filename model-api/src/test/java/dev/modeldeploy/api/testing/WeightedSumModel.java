package dev.modeldeploy.api.testing;

import dev.modeldeploy.api.DenseBatch;
import dev.modeldeploy.api.FeatureBatch;
import dev.modeldeploy.api.Model;
import dev.modeldeploy.api.ModelInfo;
import dev.modeldeploy.api.ModelTypes;
import dev.modeldeploy.api.error.SchemaViolationException;
import dev.modeldeploy.api.schema.Field;
import dev.modeldeploy.api.schema.FieldType;
import dev.modeldeploy.api.schema.Schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The test-only model: score = bias + Σ weight[i] · record[field i], over numeric fields of a map. It
 * may carry an opaque payload file (to test very large bundles) that is saved and re-hashed on load
 * but never read into the heap.
 */
public final class WeightedSumModel implements Model<Map<String, Object>, float[], Double> {
    private final ModelInfo info;
    private final List<String> fields;
    private final float[] weights;
    private final float bias;
    private final java.nio.file.Path payload;
    private volatile boolean closed;

    public WeightedSumModel(ModelInfo info, List<String> fields, float[] weights, float bias, java.nio.file.Path payload) {
        if (fields.size() != weights.length) {
            throw new IllegalArgumentException("one weight per field");
        }
        this.info = info;
        this.fields = List.copyOf(fields);
        this.weights = weights.clone();
        this.bias = bias;
        this.payload = payload;
    }

    /** A fresh, unpublished model. */
    public static WeightedSumModel of(String name, Map<String, Float> weightsByField, float bias) {
        List<String> names = new ArrayList<>(weightsByField.keySet());
        float[] w = new float[names.size()];
        List<Field> schema = new ArrayList<>();
        for (int i = 0; i < w.length; i++) {
            w[i] = weightsByField.get(names.get(i));
            schema.add(Field.required(names.get(i), FieldType.DOUBLE));
        }
        ModelInfo info = ModelInfo.builder(name, WeightedSumFormat.NAME).inputSchema(new Schema(schema))
                .outputSchema(Schema.of(Field.required("score", FieldType.DOUBLE))).build();
        return new WeightedSumModel(info, names, w, bias, null);
    }

    /** The same model carrying a payload file. */
    public WeightedSumModel withPayload(java.nio.file.Path file) {
        return new WeightedSumModel(info, fields, weights, bias, file);
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    @Override
    public ModelTypes types() {
        return ModelTypes.of(Map.class, float[].class, Double.class);
    }

    List<String> fields() {
        return fields;
    }

    float[] weights() {
        return weights.clone();
    }

    float bias() {
        return bias;
    }

    /** The payload file, if any (in the cache it may be gone after load; formats must not rely on it). */
    public Optional<java.nio.file.Path> payload() {
        return Optional.ofNullable(payload);
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public float[] preprocess(Map<String, Object> record) {
        float[] out = new float[fields.size()];
        fill(record, out, 0);
        return out;
    }

    private void fill(Map<String, Object> record, float[] into, int at) {
        for (int i = 0; i < fields.size(); i++) {
            String f = fields.get(i);
            Object v = record.get(f);
            if (!(v instanceof Number n)) {
                throw new SchemaViolationException(0, f, v, "a number");
            }
            into[at + i] = n.floatValue();
        }
    }

    @Override
    public Double predict(float[] features) {
        double s = bias;
        for (int i = 0; i < weights.length; i++) {
            s += weights[i] * features[i];
        }
        return s;
    }

    @Override
    public FeatureBatch<float[]> newBatch(int capacity) {
        return new DenseBatch(Math.max(1, fields.size()), capacity);
    }

    @Override
    public void preprocess(List<? extends Map<String, Object>> records, FeatureBatch<float[]> into) {
        DenseBatch batch = (DenseBatch) into;
        for (int r = 0; r < records.size(); r++) {
            int at = batch.appendRow();
            try {
                fill(records.get(r), batch.data(), at);
            } catch (SchemaViolationException e) {
                throw e.atRecord(r);
            }
        }
    }

    @Override
    public List<Double> predictBatch(FeatureBatch<float[]> into) {
        DenseBatch batch = (DenseBatch) into;
        float[] data = batch.data();
        int cols = batch.columns();
        List<Double> out = new ArrayList<>(batch.size());
        for (int r = 0; r < batch.size(); r++) {
            double s = bias;
            for (int i = 0; i < weights.length; i++) {
                s += weights[i] * data[r * cols + i];
            }
            out.add(s);
        }
        return out;
    }

    @Override
    public void close() {
        closed = true;
    }
}

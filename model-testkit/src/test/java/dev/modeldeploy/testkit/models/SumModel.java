package dev.modeldeploy.testkit.models;

import dev.modeldeploy.api.DenseBatch;
import dev.modeldeploy.api.FeatureBatch;
import dev.modeldeploy.api.Model;
import dev.modeldeploy.api.ModelInfo;
import dev.modeldeploy.api.ModelTypes;
import dev.modeldeploy.api.error.SchemaViolationException;
import dev.modeldeploy.api.schema.Field;
import dev.modeldeploy.api.schema.FieldType;
import dev.modeldeploy.api.schema.Schema;

import java.util.List;
import java.util.Map;

/**
 * A correct small model over map records: score = bias + the sum of the numeric fields, as a
 * {@code Double}. The deliberately broken models of the kit's tests extend it and break one thing
 * each; it uses {@code Model}'s default batch path.
 */
public class SumModel implements Model<Map<String, Object>, float[], Double> {
    protected final ModelInfo info;
    protected final List<String> fields;
    protected final double bias;

    public SumModel(String format, List<String> fields, double bias) {
        this(ModelInfo.builder("sum", format).inputSchema(inputSchema(fields))
                .outputSchema(Schema.of(Field.required("score", FieldType.DOUBLE))).build(), fields, bias);
    }

    public SumModel(ModelInfo info, List<String> fields, double bias) {
        this.info = info;
        this.fields = List.copyOf(fields);
        this.bias = bias;
    }

    static Schema inputSchema(List<String> fields) {
        return new Schema(fields.stream().map(f -> Field.required(f, FieldType.DOUBLE)).toList());
    }

    public List<String> fields() {
        return fields;
    }

    public double bias() {
        return bias;
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    @Override
    public ModelTypes types() {
        return ModelTypes.of(Map.class, float[].class, Double.class);
    }

    @Override
    public float[] preprocess(Map<String, Object> record) {
        float[] out = new float[fields.size()];
        for (int i = 0; i < out.length; i++) {
            Object v = record.get(fields.get(i));
            if (!(v instanceof Number n)) {
                throw new SchemaViolationException(0, fields.get(i), v, "a number");
            }
            out[i] = n.floatValue();
        }
        return out;
    }

    @Override
    public Double predict(float[] features) {
        double s = bias;
        for (float f : features) {
            s += f;
        }
        return s;
    }

    @Override
    public FeatureBatch<float[]> newBatch(int capacity) {
        return new DenseBatch(fields.size(), capacity);
    }

    @Override
    public void close() {
    }
}

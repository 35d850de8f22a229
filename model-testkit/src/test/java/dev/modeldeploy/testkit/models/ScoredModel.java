package dev.modeldeploy.testkit.models;

import dev.modeldeploy.api.FeatureBatch;
import dev.modeldeploy.api.Model;
import dev.modeldeploy.api.ModelInfo;
import dev.modeldeploy.api.ModelTypes;
import dev.modeldeploy.api.schema.Schema;

import java.util.List;
import java.util.Map;

/** A {@link SumModel} whose prediction is a record: the score and "hot" above 5, else "cold". */
public final class ScoredModel implements Model<Map<String, Object>, float[], Scored> {
    private final SumModel sum;
    private final ModelInfo info;

    public ScoredModel(List<String> fields, double bias, Schema outputSchema) {
        this.sum = new SumModel("test-scored", fields, bias);
        this.info = sum.info().toBuilder().outputSchema(outputSchema).build();
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    @Override
    public ModelTypes types() {
        return ModelTypes.of(Map.class, float[].class, Scored.class);
    }

    @Override
    public float[] preprocess(Map<String, Object> record) {
        return sum.preprocess(record);
    }

    @Override
    public Scored predict(float[] features) {
        double score = sum.predict(features);
        return new Scored(score, score > 5 ? "hot" : "cold");
    }

    @Override
    public FeatureBatch<float[]> newBatch(int capacity) {
        return sum.newBatch(capacity);
    }

    @Override
    public void close() {
    }
}

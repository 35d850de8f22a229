package dev.modeldeploy.api.pipeline;

import dev.modeldeploy.api.DenseBatch;
import dev.modeldeploy.api.FeatureBatch;
import dev.modeldeploy.api.Model;
import dev.modeldeploy.api.ModelInfo;
import dev.modeldeploy.api.ModelTypes;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The base of every model whose features are the dense {@code float[]} a {@link FeaturePipeline}
 * makes (the built-in {@code linear} format, ONNX): it supplies {@code preprocess} (single and batch,
 * writing straight into a {@link DenseBatch}), {@code newBatch}, {@code types()}, a
 * {@code predictRecord} that reuses a per-thread feature buffer, and a {@code predictBatch} that scores
 * row by row in place. A format implements {@link #predictRow(float[], int)} and, when its runtime
 * has a real batch call, overrides {@link #predictBatch(FeatureBatch)}.
 *
 * <p>Thread-safe as long as {@link #predictRow} is.
 *
 * @param <I> the raw record type (a {@code Map<String, Object>}, a user's record class, …)
 * @param <O> the prediction type
 */
public abstract class PipelineModel<I, O> implements Model<I, float[], O> {
    private final ModelInfo info;
    private final Preprocessor<I> preprocessor;
    private final Class<O> outputType;
    private final int width;
    private final ThreadLocal<float[]> scratch;

    /**
     * @param info         what the model is (its input schema should be the pipeline's)
     * @param preprocessor the bound pipeline
     * @param outputType   the class of one prediction
     */
    protected PipelineModel(ModelInfo info, Preprocessor<I> preprocessor, Class<O> outputType) {
        this.info = Objects.requireNonNull(info, "info");
        this.preprocessor = Objects.requireNonNull(preprocessor, "preprocessor");
        this.outputType = Objects.requireNonNull(outputType, "outputType");
        this.width = preprocessor.width();
        this.scratch = ThreadLocal.withInitial(() -> new float[width]);
    }

    /**
     * Scores the features at {@code features[offset .. offset + width)}. Must not keep a reference to
     * {@code features}: it may be a batch's array or a reused per-thread buffer.
     */
    protected abstract O predictRow(float[] features, int offset);

    @Override
    public ModelInfo info() {
        return info;
    }

    @Override
    public ModelTypes types() {
        return ModelTypes.of(preprocessor.recordType().javaType(), float[].class, outputType);
    }

    /** The preprocessor that turns raw records into features. */
    public Preprocessor<I> preprocessor() {
        return preprocessor;
    }

    /** The compiled feature pipeline (feature names, spec). */
    public FeaturePipeline pipeline() {
        return preprocessor.pipeline();
    }

    /** Length of the feature vector. */
    public int width() {
        return width;
    }

    @Override
    public float[] preprocess(I record) {
        return preprocessor.apply(record);
    }

    @Override
    public DenseBatch newBatch(int capacity) {
        return new DenseBatch(width, capacity);
    }

    @Override
    public void preprocess(List<? extends I> records, FeatureBatch<float[]> into) {
        if (into instanceof DenseBatch dense) {
            preprocessor.writeAll(records, dense);
        } else {
            Model.super.preprocess(records, into);
        }
    }

    @Override
    public O predict(float[] features) {
        if (features.length != width) {
            throw new IllegalArgumentException("expected " + width + " features, got " + features.length);
        }
        return predictRow(features, 0);
    }

    /** Preprocesses into a per-thread buffer, so the call allocates only the prediction. */
    @Override
    public O predictRecord(I record) {
        float[] features = scratch.get();
        preprocessor.write(record, features, 0);
        return predictRow(features, 0);
    }

    @Override
    public List<O> predictBatch(FeatureBatch<float[]> batch) {
        DenseBatch dense = dense(batch).onHeap();
        float[] data = dense.data();
        int rows = dense.size();
        List<O> out = new ArrayList<>(rows);
        for (int r = 0; r < rows; r++) {
            out.add(predictRow(data, r * width));
        }
        return out;
    }

    /**
     * The batch as a dense batch of this model's width, as it is (possibly {@linkplain DenseBatch#isDirect()
     * direct}), or a copy on the heap when it is another kind of batch.
     */
    protected final DenseBatch dense(FeatureBatch<float[]> batch) {
        if (batch instanceof DenseBatch dense) {
            if (dense.columns() != width) {
                throw new IllegalArgumentException("batch has " + dense.columns() + " columns, the model takes " + width);
            }
            return dense;
        }
        DenseBatch copy = new DenseBatch(width, batch.size());
        for (int r = 0; r < batch.size(); r++) {
            copy.add(batch.row(r));
        }
        return copy;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + info + ", " + width + " features)";
    }
}

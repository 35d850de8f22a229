package dev.modeldeploy.benchmarks;

import dev.modeldeploy.api.FeatureBatch;
import dev.modeldeploy.api.Model;
import dev.modeldeploy.api.ModelInfo;
import dev.modeldeploy.api.ModelTypes;

import java.util.List;

/**
 * A real model with a fixed cost added to every call ({@code predict}, {@code predictRecord} and each
 * {@code predictBatch}), burnt on the CPU like a native runtime's per-call cost (ONNX Runtime's is
 * ~7.6 µs whatever the model, DEPENDENCIES.md). It stands in for ONNX until that format lands, to show
 * what micro-batching buys when a call has a fixed cost. Thread-safe if the model is.
 */
final class SimulatedCallCost<I, F, O> implements Model<I, F, O> {
    private final Model<I, F, O> model;
    private final long nanos;

    SimulatedCallCost(Model<I, F, O> model, long nanos) {
        this.model = model;
        this.nanos = nanos;
    }

    private void burn() {
        if (nanos > 0) {
            long end = System.nanoTime() + nanos;
            while (System.nanoTime() < end) {
                Thread.onSpinWait();
            }
        }
    }

    @Override
    public ModelInfo info() {
        return model.info();
    }

    @Override
    public ModelTypes types() {
        return model.types();
    }

    @Override
    public F preprocess(I record) {
        return model.preprocess(record);
    }

    @Override
    public O predict(F features) {
        burn();
        return model.predict(features);
    }

    @Override
    public FeatureBatch<F> newBatch(int capacity) {
        return model.newBatch(capacity);
    }

    @Override
    public void preprocess(List<? extends I> records, FeatureBatch<F> into) {
        model.preprocess(records, into);
    }

    @Override
    public List<O> predictBatch(FeatureBatch<F> batch) {
        burn();
        return model.predictBatch(batch);
    }

    @Override
    public O predictRecord(I record) {
        burn();
        return model.predictRecord(record);
    }

    @Override
    public void close() {
        model.close();
    }
}

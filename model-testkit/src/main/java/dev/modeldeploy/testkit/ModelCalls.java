package dev.modeldeploy.testkit;

import dev.modeldeploy.api.FeatureBatch;
import dev.modeldeploy.api.Model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The ways a host calls a model, spelled out so that a check says exactly which one misbehaved. The
 * feature type is captured here so that callers can hold a {@code Model<I, ?, O>}.
 */
final class ModelCalls {
    static final String SINGLE = "predict(preprocess(x))";
    static final String BATCH_STEPS = "(newBatch + preprocess(list, batch) + predictBatch)";
    static final String BATCH = "the batch path " + BATCH_STEPS;

    private ModelCalls() {
    }

    /** {@code predict(preprocess(x))}: the reference every other path is compared with. */
    static <I, O> O single(Model<I, ?, O> model, I record) {
        return singleOf(model, record);
    }

    private static <I, F, O> O singleOf(Model<I, F, O> model, I record) {
        return model.predict(model.preprocess(record));
    }

    /** {@code newBatch(n)}, {@code preprocess(records, batch)}, {@code predictBatch(batch)}. */
    static <I, O> List<O> batch(Model<I, ?, O> model, List<? extends I> records) {
        return batchOf(model, records);
    }

    private static <I, F, O> List<O> batchOf(Model<I, F, O> model, List<? extends I> records) {
        FeatureBatch<F> batch = model.newBatch(records.size());
        model.preprocess(records, batch);
        return model.predictBatch(batch);
    }

    /**
     * A batch used the way batch hosts use one: created too small (so it must grow), filled and
     * scored, cleared, then filled with the records in reverse order and scored again. Returns the
     * second scoring in the records' order.
     */
    static <I, O> List<O> reusedBatch(Model<I, ?, O> model, List<? extends I> records) {
        return reusedBatchOf(model, records);
    }

    private static <I, F, O> List<O> reusedBatchOf(Model<I, F, O> model, List<? extends I> records) {
        FeatureBatch<F> batch = model.newBatch(1);
        model.preprocess(records, batch);
        model.predictBatch(batch);
        batch.clear();
        List<I> reversed = new ArrayList<>(records);
        Collections.reverse(reversed);
        model.preprocess(reversed, batch);
        List<O> out = new ArrayList<>(model.predictBatch(batch));
        Collections.reverse(out);
        return out;
    }
}

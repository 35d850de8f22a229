package dev.modeldeploy.runtime.batch;

import dev.modeldeploy.api.FeatureBatch;
import dev.modeldeploy.api.Model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * How the batch runner scores one chunk, for every host that scores in chunks (the runner's workers,
 * Spark partitions): preprocess all records into one batch; if some record is bad, redo the chunk
 * record by record so that only the bad ones are rejected, each with its reason; then score the batch
 * with one {@code predictBatch} call. Stateless and thread-safe; the batch belongs to the caller's thread.
 */
public final class ChunkScoring {
    /** Records preprocessed before their ids are taken: a few dozen maps stay in a core's cache. */
    static final int SLICE = 32;

    private ChunkScoring() {
    }

    /**
     * The outcome of preprocessing a chunk.
     *
     * @param ids     the ids of the records now in the batch, in batch order
     * @param records the records now in the batch, in batch order
     * @param rejects the records that could not be preprocessed, with their reasons
     */
    public record Prepared(List<Object> ids, List<?> records, List<Rejected> rejects) {
    }

    /**
     * Clears {@code batch} and preprocesses {@code records} into it; a record that fails preprocessing
     * (a schema violation naming its field) is rejected and left out.
     *
     * @param ids one id per record, in the same order
     */
    public static <I, F> Prepared preprocess(Model<I, F, ?> model, List<?> ids, List<? extends I> records, FeatureBatch<F> batch) {
        if (ids.size() != records.size()) {
            throw new IllegalArgumentException("one id per record: " + records.size() + " records, " + ids.size() + " ids");
        }
        batch.clear();
        try {
            if (ids instanceof RecordIds<?> lazy) {
                return new Prepared(preprocessTakingIds(model, lazy, records, batch), records, List.of());
            }
            model.preprocess(records, batch);
            return new Prepared(FrozenList.frozen(ids), records, List.of());
        } catch (RuntimeException whole) {
            // Some record is bad: redo one by one so only the bad ones are rejected.
            batch.clear();
            List<Object> kept = new ArrayList<>(records.size());
            List<I> keptRecords = new ArrayList<>(records.size());
            List<Rejected> rejects = new ArrayList<>();
            for (int i = 0; i < records.size(); i++) {
                Object id = ids.get(i);
                try {
                    batch.add(model.preprocess(records.get(i)));
                    kept.add(id);
                    keptRecords.add(records.get(i));
                } catch (RuntimeException e) {
                    rejects.add(new Rejected(id, reason(e)));
                }
            }
            // Unmodifiable: the scored list that pairs these ids with predictions must not see them change.
            return new Prepared(Collections.unmodifiableList(kept), Collections.unmodifiableList(keptRecords),
                    Collections.unmodifiableList(rejects));
        }
    }

    /**
     * Preprocesses a chunk whose ids a reader left to compute, {@value #SLICE} records at a time, taking
     * each slice's ids right after its rows while its records are still in this core's cache: a whole
     * chunk's records are more than the cache holds (a thousand 16-field maps are about a megabyte), and
     * looking the ids up after the whole chunk was 5 % of a two-worker run's CPU on maps (perf).
     */
    private static <I, F> List<Object> preprocessTakingIds(Model<I, F, ?> model, RecordIds<?> ids, List<? extends I> records,
                                                           FeatureBatch<F> batch) {
        int n = records.size();
        Object[] taken = new Object[n];
        for (int from = 0; from < n; from += SLICE) {
            int to = Math.min(n, from + SLICE);
            model.preprocess(records.subList(from, to), batch);
            for (int i = from; i < to; i++) {
                taken[i] = ids.get(i);
            }
        }
        return FrozenList.handOver(taken, n);
    }

    /**
     * Scores a prepared batch with one {@code predictBatch} call and pairs each prediction with its id.
     *
     * @throws IllegalStateException if the model returns another number of predictions than rows
     */
    public static <F, O> List<Scored<O>> predict(Model<?, F, O> model, Prepared prepared, FeatureBatch<F> batch) {
        return score(model, prepared, batch);
    }

    /** {@link #predict}, keeping the predictions at hand for the caller. */
    static <F, O> ScoredList<O> score(Model<?, F, O> model, Prepared prepared, FeatureBatch<F> batch) {
        List<Object> ids = prepared.ids();
        List<O> outputs = batch.size() == 0 ? List.of() : model.predictBatch(batch);
        if (outputs.size() != ids.size()) {
            throw new IllegalStateException("model " + model.info() + " returned " + outputs.size() + " predictions for " + ids.size() + " rows");
        }
        return new ScoredList<>(ids, outputs);
    }

    /** The reject reason of a failure: its message, or its type when it has none. */
    static String reason(RuntimeException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}

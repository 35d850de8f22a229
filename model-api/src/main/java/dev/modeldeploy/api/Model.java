package dev.modeldeploy.api;

import dev.modeldeploy.api.repository.ModelRepository;
import dev.modeldeploy.api.repository.PublishOptions;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * A trained model, ready to score: the one contract that batch jobs, online services and Spark all
 * call.
 *
 * <p>A model turns a raw record {@code I} into features {@code F} with {@link #preprocess(Object)},
 * and features into a prediction {@code O} with {@link #predict(Object)}. The batch path fills one
 * {@link FeatureBatch} from many records and scores it with one {@link #predictBatch(FeatureBatch)}
 * call, allocating nothing per row for dense models. For every record, {@code predict(preprocess(r))}
 * equals that record's result from the batch path (within the tolerance of floating point); the test
 * kit checks this parity for every model.
 *
 * <p><b>Thread safety:</b> implementations must be safe for concurrent use by any number of threads
 * once constructed or loaded ({@code preprocess}, {@code predict}, {@code predictBatch} and
 * {@code newBatch} may run at the same time). A {@link FeatureBatch} is not: each thread uses its own.
 * {@link #close()} must be called only once no call is in flight.
 *
 * <p>Models loaded from a store are closed by their caller ({@code try}-with-resources): native
 * formats hold memory outside the heap.
 *
 * <pre>{@code
 * try (Model<Lead, ?, Score> model =
 *          Model.fromRemote(URI.create("s3://ml-models/lead-scoring@production"), Lead.class, Score.class)) {
 *     Score score = model.predictRecord(lead);
 * }
 * }</pre>
 *
 * @param <I> one raw input record
 * @param <F> the features of one record
 * @param <O> one prediction
 */
public interface Model<I, F, O> extends AutoCloseable {

    /** What this model is: name, version, format, schemas, tags. */
    ModelInfo info();

    /** The runtime classes of {@code I}, {@code F} and {@code O}. */
    ModelTypes types();

    /**
     * Turns one raw record into features.
     *
     * @throws dev.modeldeploy.api.error.SchemaViolationException if the record does not fit the input schema
     */
    F preprocess(I record);

    /** Scores one record's features. Allocates nothing beyond its result. */
    O predict(F features);

    /** An empty batch for up to {@code capacity} rows (it grows if more are added). */
    FeatureBatch<F> newBatch(int capacity);

    /**
     * Preprocesses many records into {@code into}, appending. Dense models override this to write
     * straight into the batch's array.
     *
     * @throws dev.modeldeploy.api.error.SchemaViolationException naming the index of the offending record in {@code records}
     */
    default void preprocess(List<? extends I> records, FeatureBatch<F> into) {
        for (int i = 0; i < records.size(); i++) {
            F features;
            try {
                features = preprocess(records.get(i));
            } catch (dev.modeldeploy.api.error.SchemaViolationException e) {
                throw e.atRecord(i);
            }
            into.add(features);
        }
    }

    /**
     * Scores every row of a batch; the result's element {@code i} is row {@code i}'s prediction. The
     * list may be unmodifiable, and its elements may be made as they are read (a
     * {@link dev.modeldeploy.api.prediction.ClassificationList}). The default calls
     * {@link #predict(Object)} per row; formats override it with a real batch call.
     */
    default List<O> predictBatch(FeatureBatch<F> batch) {
        List<O> out = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            out.add(predict(batch.row(i)));
        }
        return out;
    }

    /** Convenience: {@code predict(preprocess(record))}. Works on a model whose {@code F} is unknown ({@code ?}). */
    default O predictRecord(I record) {
        return predict(preprocess(record));
    }

    /** Convenience: preprocess and score a list of records through the batch path. */
    default List<O> predictRecords(List<? extends I> records) {
        FeatureBatch<F> batch = newBatch(records.size());
        preprocess(records, batch);
        return predictBatch(batch);
    }

    /**
     * Publishes this model to {@code uri} (a model URI such as {@code s3://ml-models/lead-scoring}) as
     * the next free version, through the {@linkplain ModelRepository#defaultRepository() default
     * repository}.
     *
     * @return the exact versioned URI, such as {@code s3://ml-models/lead-scoring/8}
     */
    default URI toRemote(URI uri) {
        return toRemote(uri, PublishOptions.defaults());
    }

    /**
     * Publishes this model with options (description, tags, input example, explicit version).
     *
     * @return the exact versioned URI
     * @throws dev.modeldeploy.api.error.VersionAlreadyExistsException if an explicit version is taken
     */
    default URI toRemote(URI uri, PublishOptions options) {
        return ModelRepository.defaultRepository().publish(this, uri, options);
    }

    /**
     * Downloads (or takes from the local cache), verifies and loads the model a URI names: the latest
     * version ({@code .../lead-scoring}), a version ({@code .../lead-scoring/7}) or an alias
     * ({@code .../lead-scoring@production}), through the default repository.
     */
    static Model<?, ?, ?> fromRemote(URI uri) {
        return ModelRepository.defaultRepository().load(uri);
    }

    /**
     * Like {@link #fromRemote(URI)}, checking that the model accepts {@code inputType} and returns
     * {@code outputType}.
     *
     * @throws dev.modeldeploy.api.error.TypeMismatchException if the model's types differ
     */
    static <I, O> Model<I, ?, O> fromRemote(URI uri, Class<I> inputType, Class<O> outputType) {
        return ModelRepository.defaultRepository().load(uri, inputType, outputType);
    }

    /** Releases what the model holds (native sessions, memory maps). Call once, after the last call. */
    @Override
    void close();
}

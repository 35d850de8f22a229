package dev.modeldeploy.runtime.batch;

import dev.modeldeploy.api.Model;

import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One batch job: which model scores which source into which sink, under which run key. Immutable;
 * build with {@link #builder(Class, Class)}. The job's source and sink must outlive the run.
 *
 * @param <I> the raw record type the source yields and the model takes
 * @param <O> the prediction type the model returns and the sink writes
 */
public final class BatchJob<I, O> {
    private final RunKey key;
    private final URI modelUri;
    private final Class<I> inputType;
    private final Class<O> outputType;
    private final Model<I, ?, O> model;
    private final Source<I> source;
    private final Sink<O> sink;

    private BatchJob(Builder<I, O> b) {
        this.key = Objects.requireNonNull(b.key, "run key");
        this.modelUri = Objects.requireNonNull(b.modelUri, "model URI");
        this.inputType = b.inputType;
        this.outputType = b.outputType;
        this.model = b.model;
        this.source = Objects.requireNonNull(b.source, "source");
        this.sink = Objects.requireNonNull(b.sink, "sink");
    }

    /** A builder for a job whose model takes {@code inputType} and returns {@code outputType}. */
    public static <I, O> Builder<I, O> builder(Class<I> inputType, Class<O> outputType) {
        return new Builder<>(inputType, outputType);
    }

    /**
     * A builder for records as field maps, what the JDBC, CSV and JSON-Lines sources yield
     * ({@code Map.class} alone cannot say {@code Map<String, Object>}).
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static <O> Builder<Map<String, Object>, O> forMaps(Class<O> outputType) {
        return new Builder<>((Class) Map.class, outputType);
    }

    public RunKey key() {
        return key;
    }

    /** The model URI (latest, version or alias); a resumed run keeps the version its first attempt used. */
    public URI modelUri() {
        return modelUri;
    }

    public Class<I> inputType() {
        return inputType;
    }

    public Class<O> outputType() {
        return outputType;
    }

    /** The already loaded model, if the job was given one (the runner then neither loads nor closes it). */
    public Optional<Model<I, ?, O>> model() {
        return Optional.ofNullable(model);
    }

    public Source<I> source() {
        return source;
    }

    public Sink<O> sink() {
        return sink;
    }

    /** Builds a {@link BatchJob}. Not thread-safe. */
    public static final class Builder<I, O> {
        private final Class<I> inputType;
        private final Class<O> outputType;
        private RunKey key;
        private URI modelUri;
        private Model<I, ?, O> model;
        private Source<I> source;
        private Sink<O> sink;

        private Builder(Class<I> inputType, Class<O> outputType) {
            this.inputType = Objects.requireNonNull(inputType, "inputType");
            this.outputType = Objects.requireNonNull(outputType, "outputType");
        }

        public Builder<I, O> runKey(RunKey key) {
            this.key = key;
            return this;
        }

        /** Load the model from this URI (through the runner's repository). */
        public Builder<I, O> model(URI uri) {
            this.modelUri = uri;
            return this;
        }

        /** Use this loaded model; {@code uri} is what the ledger records as its origin. */
        public Builder<I, O> model(Model<I, ?, O> loaded, URI uri) {
            this.model = Objects.requireNonNull(loaded, "model");
            this.modelUri = uri;
            return this;
        }

        public Builder<I, O> source(Source<I> source) {
            this.source = source;
            return this;
        }

        public Builder<I, O> sink(Sink<O> sink) {
            this.sink = sink;
            return this;
        }

        public BatchJob<I, O> build() {
            return new BatchJob<>(this);
        }
    }
}

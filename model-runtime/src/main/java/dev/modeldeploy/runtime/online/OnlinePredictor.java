package dev.modeldeploy.runtime.online;

import dev.modeldeploy.api.Model;
import dev.modeldeploy.api.ModelInfo;
import dev.modeldeploy.api.repository.ModelRepository;
import dev.modeldeploy.runtime.online.internal.DefaultOnlinePredictor;

import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Serves a model to a service's request threads: thread-safe single-record and multi-record
 * predictions with a per-request deadline, optional micro-batching, request enrichment, and hot swap
 * of the model while requests are in flight.
 *
 * <pre>{@code
 * try (OnlinePredictor<Map, Classification> churn = OnlinePredictor
 *         .builder(repository, URI.create("s3://ml-models/churn@production"), Map.class, Classification.class)
 *         .config(OnlinePredictorConfig.builder()
 *                 .deadline(Duration.ofMillis(20))
 *                 .microBatching(32, Duration.ofMillis(1))
 *                 .build())
 *         .fallback(Fallback.previousVersion())
 *         .build()) {
 *     Prediction<Classification> answer = churn.predict(request);   // from any number of threads
 *     log.info("scored by {}", answer.modelVersion());
 *     churn.swapTo(URI.create("s3://ml-models/churn/8"));          // loads, verifies, warms up, then swaps
 *     churn.rollback();                                            // back to the version before, instantly
 * }
 * }</pre>
 *
 * <p><b>Versions.</b> Every answer is computed entirely by one model version and says which
 * ({@link Prediction#version()}); a micro-batch never mixes versions. {@link #swap} and
 * {@link #swapTo} load and warm up the new model before it takes traffic; no request fails because
 * of a swap. The replaced model stays loaded as the <em>previous</em> version, so that
 * {@link #rollback()} is instant and {@link Fallback#previousVersion()} has something to ask; it is
 * closed when it is replaced again, once its last in-flight request has finished.
 *
 * <p><b>Ownership.</b> The predictor owns the models it serves (the one it was built with and every
 * one it swaps in) and closes each when it leaves service; {@link #close()} closes the rest.
 *
 * <p>Thread-safe. Build with {@link #builder(Model)} or {@link #builder(ModelRepository, URI, Class, Class)}.
 *
 * @param <I> the raw request record
 * @param <O> one prediction
 */
public interface OnlinePredictor<I, O> extends AutoCloseable {

    /**
     * A builder serving {@code model}, which the predictor owns once built. It is warmed up in
     * {@link Builder#build()}.
     */
    static <I, O> Builder<I, O> builder(Model<I, ?, O> model) {
        return new Builder<>(Objects.requireNonNull(model, "model"), null, null, null, null);
    }

    /**
     * A builder serving the model a URI names (latest, version or alias), loaded through
     * {@code repository} in {@link Builder#build()} and checked to take {@code inputType} and return
     * {@code outputType}. {@link #swapTo(URI)} loads through the same repository.
     */
    static <I, O> Builder<I, O> builder(ModelRepository repository, URI uri, Class<I> inputType, Class<O> outputType) {
        return new Builder<>(null, Objects.requireNonNull(repository, "repository"), Objects.requireNonNull(uri, "uri"),
                Objects.requireNonNull(inputType, "inputType"), Objects.requireNonNull(outputType, "outputType"));
    }

    /** A predictor serving {@code model} with the {@linkplain OnlinePredictorConfig#defaults() default config}. */
    static <I, O> OnlinePredictor<I, O> of(Model<I, ?, O> model) {
        return builder(model).build();
    }

    /**
     * Answers one request, waiting at most the deadline.
     *
     * @throws PredictionTimeoutException if the deadline passed and there is no fallback
     * @throws OverloadedException        if micro-batching is on and its queue is full
     * @throws dev.modeldeploy.api.error.SchemaViolationException if the record does not fit the model
     * @throws IllegalStateException      if the predictor is closed
     */
    Prediction<O> predict(I request);

    /**
     * Answers one request without blocking the caller. The future fails with the exceptions of
     * {@link #predict(Object)}; it is completed on a dispatcher or worker thread, so attach heavy
     * continuations with the {@code *Async} methods of {@link CompletableFuture}.
     */
    CompletableFuture<Prediction<O>> predictAsync(I request);

    /**
     * Answers a request that carries several records, all by one model version. With
     * micro-batching it counts as that many records, and is split into several batches if it holds
     * more than {@code maxBatchSize}.
     *
     * @return the predictions, in the order of {@code records}
     */
    Prediction<List<O>> predictAll(List<? extends I> records);

    /** {@link #predictAll(List)} without blocking the caller. */
    CompletableFuture<Prediction<List<O>>> predictAllAsync(List<? extends I> records);

    /** The model in service. */
    ModelInfo current();

    /** The previous model, kept loaded for {@link #rollback()} and fallbacks, if there is one. */
    Optional<ModelInfo> previous();

    /**
     * Warms up {@code next} and puts it in service; the model it replaces becomes the previous one.
     * Requests in flight finish on the version they started with. If the warm-up fails, nothing
     * changes and {@code next} stays the caller's.
     *
     * @return the model it replaced
     */
    ModelInfo swap(Model<I, ?, O> next);

    /**
     * Loads the model a URI names through the predictor's repository (download, verify, type check),
     * warms it up and swaps it in, as {@link #swap(Model)}.
     *
     * @return the model it replaced
     */
    ModelInfo swapTo(URI uri);

    /**
     * Puts the previous model back in service, instantly (it is still loaded); the model it replaces
     * becomes the previous one, so a second rollback rolls forward again.
     *
     * @return the model now in service
     * @throws IllegalStateException if there is no previous model
     */
    ModelInfo rollback();

    /** The configuration. */
    OnlinePredictorConfig config();

    /**
     * Stops taking requests, answers those already queued, and closes every model once its last
     * request has finished. Idempotent.
     */
    @Override
    void close();

    /**
     * Builds an {@link OnlinePredictor}: the model (or where to load it from), the config, an optional
     * {@link RequestEnricher} and {@link Fallback}. Not thread-safe.
     *
     * @param <I> the raw request record
     * @param <O> one prediction
     */
    final class Builder<I, O> {
        private final Model<I, ?, O> model;
        private final ModelRepository repository;
        private final URI uri;
        private final Class<I> inputType;
        private final Class<O> outputType;
        private OnlinePredictorConfig config = OnlinePredictorConfig.defaults();
        private RequestEnricher<I> enricher;
        private Fallback<O> fallback = Fallback.none();
        private ModelRepository swapRepository;
        private List<I> warmUpRecords;

        private Builder(Model<I, ?, O> model, ModelRepository repository, URI uri, Class<I> inputType, Class<O> outputType) {
            this.model = model;
            this.repository = repository;
            this.uri = uri;
            this.inputType = inputType;
            this.outputType = outputType;
            this.swapRepository = repository;
        }

        /** How to serve (default {@link OnlinePredictorConfig#defaults()}). */
        public Builder<I, O> config(OnlinePredictorConfig config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        /** Completes each request (features looked up by key) before the model sees it; once per micro-batch. */
        public Builder<I, O> enricher(RequestEnricher<I> enricher) {
            this.enricher = Objects.requireNonNull(enricher, "enricher");
            return this;
        }

        /** What a request gets when its deadline passes (default {@link Fallback#none()}). */
        public Builder<I, O> fallback(Fallback<O> fallback) {
            this.fallback = Objects.requireNonNull(fallback, "fallback");
            return this;
        }

        /**
         * The repository {@link OnlinePredictor#swapTo(URI)} loads through (default: the one the model was
         * loaded with, else the {@linkplain ModelRepository#defaultRepository() default repository}).
         */
        public Builder<I, O> repository(ModelRepository repository) {
            this.swapRepository = Objects.requireNonNull(repository, "repository");
            return this;
        }

        /**
         * Records to warm every model up with (this one and every one swapped in), instead of the
         * bundle's input example. Give records of the very classes your traffic brings (the map class
         * your JSON parser makes, say): the JIT compiles the model's code for the classes it sees, and
         * a warm-up with other classes leaves it slower for your traffic.
         */
        public Builder<I, O> warmUpRecords(List<? extends I> records) {
            this.warmUpRecords = List.copyOf(records);
            return this;
        }

        /**
         * Loads the model if a URI was given, warms it up and starts serving.
         *
         * @throws dev.modeldeploy.api.error.ModelException if loading or the warm-up fails (a model
         *         loaded here is closed again; a model passed in stays the caller's)
         */
        public OnlinePredictor<I, O> build() {
            return DefaultOnlinePredictor.start(model, repository, uri, inputType, outputType, config, enricher, fallback,
                    swapRepository, warmUpRecords);
        }
    }
}

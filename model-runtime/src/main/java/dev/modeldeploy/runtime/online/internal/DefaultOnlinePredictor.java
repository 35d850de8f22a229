package dev.modeldeploy.runtime.online.internal;

import dev.modeldeploy.api.Model;
import dev.modeldeploy.api.ModelInfo;
import dev.modeldeploy.api.error.ModelException;
import dev.modeldeploy.api.repository.ModelRepository;
import dev.modeldeploy.runtime.online.Fallback;
import dev.modeldeploy.runtime.online.OnlinePredictor;
import dev.modeldeploy.runtime.online.OnlinePredictorConfig;
import dev.modeldeploy.runtime.online.OverloadedException;
import dev.modeldeploy.runtime.online.Prediction;
import dev.modeldeploy.runtime.online.PredictionTimeoutException;
import dev.modeldeploy.runtime.online.PredictorListener;
import dev.modeldeploy.runtime.online.RequestEnricher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@link OnlinePredictor}: requests run on the caller's thread (plain {@code predict}), on async
 * workers ({@code predictAsync}) or through a {@link MicroBatcher}; models are held in
 * {@link ServingModels} and answered with reference-counted {@link ModelHandle}s. Use
 * {@link OnlinePredictor#builder}; this class is not part of the API. Thread-safe.
 *
 * @param <I> the raw record
 * @param <O> one prediction
 */
public final class DefaultOnlinePredictor<I, O> implements OnlinePredictor<I, O> {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultOnlinePredictor.class);

    private final OnlinePredictorConfig config;
    private final ServingModels<I, O> models;
    private final RequestEnricher<I> enricher;
    private final Fallback<O> fallback;
    private final PredictorListener listener;
    /** The listener when it hears predictions, null when none was configured: no call per prediction then. */
    private final PredictorListener observer;
    /** Whether the listener wants stage timings: the clock is read only then. */
    private final boolean timing;
    private final ModelRepository repository;
    private final Class<I> inputType;
    private final Class<O> outputType;
    private final List<I> warmUpRecords;
    private final long deadlineNanos;
    private final MicroBatcher<I, O> batcher;
    private final ThreadPoolExecutor workers;
    private final Object closeLock = new Object();
    private volatile boolean closed;

    private DefaultOnlinePredictor(Model<I, ?, O> model, Class<I> inputType, Class<O> outputType, OnlinePredictorConfig config,
                                   RequestEnricher<I> enricher, Fallback<O> fallback, ModelRepository repository,
                                   List<I> warmUpRecords) {
        this.config = config;
        this.warmUpRecords = warmUpRecords;
        this.listener = new SafeListener(config.listener());
        this.observer = config.listener() == PredictorListener.none() ? null : listener;
        this.models = new ServingModels<>(new ModelHandle<>(model, observer));
        this.timing = observer != null && listener.timesStages();
        this.enricher = timing && enricher != null ? new TimedEnricher<>(enricher, listener, models::currentInfo) : enricher;
        this.fallback = fallback;
        this.repository = repository;
        this.inputType = inputType;
        this.outputType = outputType;
        this.deadlineNanos = config.deadline().toNanos();
        String threads = "modeldeploy-online-" + model.info().name();
        this.workers = new ThreadPoolExecutor(config.asyncThreads(), config.asyncThreads(), 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(config.queueCapacity()), daemonThreads(threads + "-async"));
        this.workers.allowCoreThreadTimeOut(true);
        this.batcher = config.microBatching()
                ? new MicroBatcher<>(models, this.enricher, listener, config.maxBatchSize(), config.maxDelay().toNanos(),
                        config.queueCapacity(), config.dispatchers(), threads + "-dispatcher")
                : null;
    }

    /**
     * Loads (when {@code model} is null) and warms up the model, then starts serving it.
     *
     * @see OnlinePredictor.Builder#build()
     */
    public static <I, O> OnlinePredictor<I, O> start(Model<I, ?, O> model, ModelRepository repository, URI uri,
                                                      Class<I> inputType, Class<O> outputType, OnlinePredictorConfig config,
                                                      RequestEnricher<I> enricher, Fallback<O> fallback,
                                                      ModelRepository swapRepository, List<I> warmUpRecords) {
        boolean loadedHere = model == null;
        Model<I, ?, O> serving = loadedHere ? repository.load(uri, inputType, outputType) : model;
        try {
            WarmUp.run(serving, config.warmUpIterations(), warmUpRecords);
            @SuppressWarnings("unchecked") // the model's own runtime classes
            Class<I> in = inputType != null ? inputType : (Class<I>) serving.types().input();
            @SuppressWarnings("unchecked")
            Class<O> out = outputType != null ? outputType : (Class<O>) serving.types().output();
            DefaultOnlinePredictor<I, O> predictor = new DefaultOnlinePredictor<>(serving, in, out, config, enricher, fallback,
                    swapRepository, warmUpRecords);
            predictor.listener.onStart(serving.info());
            LOG.info("serving model {} ({})", serving.info(), config.microBatching()
                    ? "micro-batches of up to " + config.maxBatchSize() + " records" : "no micro-batching");
            return predictor;
        } catch (RuntimeException e) {
            if (loadedHere) {
                closeQuietly(serving);
            }
            throw e;
        }
    }

    // ---- requests ------------------------------------------------------------------------------------

    @Override
    public Prediction<O> predict(I request) {
        if (!timing) {
            return answer(request);
        }
        long start = System.nanoTime();
        try {
            return answer(request);
        } finally {
            total(start, 1);
        }
    }

    private void total(long start, int records) {
        listener.onStage(PredictorListener.Stage.TOTAL, models.currentInfo(), System.nanoTime() - start, records);
    }

    private Prediction<O> answer(I request) {
        if (batcher != null) {
            SingleRequest<I, O> p = new SingleRequest<>(request, System.nanoTime(), deadlineNanos);
            submitAndHelp(p);
            return await(p);
        }
        if (enricher != null) {
            return predictEnriched(request);
        }
        // The fast path, kept small so that the JIT inlines it: the caller's thread, nothing allocated
        // but the answer.
        ModelHandle<I, O> model = models.acquireCurrent();
        try {
            listener.onRequest(1);
            return model.answer(model.predictRecord(request));
        } catch (RuntimeException e) {
            listener.onFailure(e);
            throw e;
        } finally {
            model.release();
        }
    }

    @Override
    public O predictValue(I request) {
        if (batcher != null || enricher != null) {
            return predict(request).value();
        }
        if (!timing) {
            return value(request);
        }
        long start = System.nanoTime();
        try {
            return value(request);
        } finally {
            total(start, 1);
        }
    }

    private O value(I request) {
        ModelHandle<I, O> model = models.acquireCurrent();
        try {
            listener.onRequest(1);
            return model.predictRecord(request);
        } catch (RuntimeException e) {
            listener.onFailure(e);
            throw e;
        } finally {
            model.release();
        }
    }

    /** One request enriched and scored on the caller's thread; the deadline is checked in between. */
    private Prediction<O> predictEnriched(I request) {
        long deadlineAt = System.nanoTime() + deadlineNanos;
        ModelHandle<I, O> model = models.acquireCurrent();
        boolean late;
        try {
            listener.onRequest(1);
            I enriched = enricher.enrich(request);
            late = deadlineNanos > 0 && System.nanoTime() - deadlineAt >= 0;
            if (!late) {
                return model.answer(model.predictRecord(enriched));
            }
        } catch (RuntimeException e) {
            listener.onFailure(e);
            throw e;
        } finally {
            model.release();
        }
        return timeoutAnswer(new SingleRequest<>(request, 0, 0));
    }

    @Override
    public CompletableFuture<Prediction<O>> predictAsync(I request) {
        return dispatchAsync(new SingleRequest<>(request, System.nanoTime(), deadlineNanos));
    }

    @Override
    public Prediction<List<O>> predictAll(List<? extends I> records) {
        if (records.isEmpty()) {
            return emptyAnswer();
        }
        if (!timing) {
            return answerAll(records);
        }
        long start = System.nanoTime();
        try {
            return answerAll(records);
        } finally {
            total(start, records.size());
        }
    }

    private Prediction<List<O>> answerAll(List<? extends I> records) {
        MultiRequest<I, O> p = new MultiRequest<>(records, System.nanoTime(), deadlineNanos);
        if (batcher != null) {
            submitAndHelp(p);
            return await(p);
        }
        ModelHandle<I, O> model = models.acquireCurrent();
        listener.onRequest(p.size());
        try {
            return model.answer(p.compute(model, enricher, true));
        } catch (Pending.Expired e) {
            // answered below, without holding the model
        } catch (RuntimeException e) {
            listener.onFailure(e);
            throw e;
        } finally {
            model.release();
        }
        return timeoutAnswer(p);
    }

    @Override
    public CompletableFuture<Prediction<List<O>>> predictAllAsync(List<? extends I> records) {
        if (records.isEmpty()) {
            try {
                return CompletableFuture.completedFuture(emptyAnswer());
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        return dispatchAsync(new MultiRequest<>(records, System.nanoTime(), deadlineNanos));
    }

    private Prediction<List<O>> emptyAnswer() {
        ModelHandle<I, O> model = models.acquireCurrent();
        try {
            return model.answer(List.of());
        } finally {
            model.release();
        }
    }

    private void submit(Pending<I, O, ?> p) {
        batcher.submit(p);
        listener.onRequest(p.size());
    }

    /** Queues a request this thread waits for, and helps answer it (see {@link MicroBatcher#help}). */
    private void submitAndHelp(Pending<I, O, ?> p) {
        batcher.submitAndHelp(p);
        listener.onRequest(p.size());
        batcher.help(p);
    }

    /** Waits for a queued request's answer until its deadline; then claims it and answers with the fallback. */
    private <R> Prediction<R> await(Pending<I, O, R> p) {
        try {
            if (!p.hasDeadline()) {
                return p.future.get();
            }
            long left = p.remainingNanos();
            try {
                if (left > 0) {
                    return p.future.get(left, TimeUnit.NANOSECONDS);
                }
            } catch (TimeoutException e) {
                // below
            }
            if (p.claim()) {
                return timeoutAnswer(p);
            }
            return p.future.get(); // answered just now
        } catch (ExecutionException e) {
            throw rethrow(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (p.claim()) {
                p.fail(e);
            }
            throw new ModelException("interrupted while waiting for a prediction of model " + models.currentLabel(), e);
        }
    }

    private static RuntimeException rethrow(Throwable cause) {
        if (cause instanceof RuntimeException r) {
            return r;
        }
        if (cause instanceof Error e) {
            throw e;
        }
        return new ModelException("prediction failed: " + cause, cause);
    }

    private <R> CompletableFuture<Prediction<R>> dispatchAsync(Pending<I, O, R> p) {
        if (timing) {
            long start = System.nanoTime();
            p.future.whenComplete((answer, error) -> total(start, p.size()));
        }
        try {
            if (batcher != null) {
                submit(p);
            } else {
                if (closed) {
                    throw new IllegalStateException("the predictor is closed");
                }
                workers.execute(() -> runDirect(p));
                listener.onRequest(p.size());
            }
        } catch (RejectedExecutionException e) {
            if (closed) {
                return CompletableFuture.failedFuture(new IllegalStateException("the predictor is closed"));
            }
            listener.onOverload();
            return CompletableFuture.failedFuture(new OverloadedException(models.currentLabel(), workers.getQueue().size(),
                    config.queueCapacity(), "requests"));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (p.hasDeadline()) {
            p.timer(Deadlines.schedule(() -> onDeadline(p), p.remainingNanos()));
        }
        return p.future;
    }

    /** An async request without micro-batching, on a worker. */
    private <R> void runDirect(Pending<I, O, R> p) {
        if (p.isClaimed() || p.expiredAt(System.nanoTime())) {
            return; // its deadline answers it
        }
        ModelHandle<I, O> model;
        try {
            model = models.acquireCurrent();
        } catch (RuntimeException e) {
            if (p.claim()) {
                p.fail(e);
            }
            return;
        }
        try {
            R value = p.compute(model, enricher, true);
            if (p.claim()) {
                p.complete(model.answer(value));
            }
        } catch (Pending.Expired e) {
            // its deadline answers it
        } catch (Throwable t) {
            if (p.claim()) {
                listener.onFailure(t);
                p.fail(t);
            }
        } finally {
            model.release();
        }
    }

    /** The deadline of an async request passed (on the timer thread). */
    private <R> void onDeadline(Pending<I, O, R> p) {
        if (!p.claim()) {
            return;
        }
        if (fallback instanceof Fallback.PreviousVersion<O>) {
            try {
                // Scoring with another model is too heavy for the shared timer thread.
                workers.execute(() -> answerLate(p));
                return;
            } catch (RejectedExecutionException e) {
                listener.onTimeout();
                p.fail(timeoutError());
                return;
            }
        }
        answerLate(p);
    }

    private <R> void answerLate(Pending<I, O, R> p) {
        try {
            p.complete(timeoutAnswer(p));
        } catch (Throwable t) {
            p.fail(t);
        }
    }

    /**
     * The answer for a request whose deadline passed: the fallback, or a {@link PredictionTimeoutException}.
     */
    private <R> Prediction<R> timeoutAnswer(Pending<I, O, R> p) {
        listener.onTimeout();
        PredictionTimeoutException timeout = timeoutError();
        if (fallback instanceof Fallback.Value<O> value) {
            listener.onFallback();
            return new Prediction<>(p.repeat(value.answer()), models.currentName(), 0, true);
        }
        if (fallback instanceof Fallback.PreviousVersion<O>) {
            Optional<ModelHandle<I, O>> previous = models.acquirePrevious();
            if (previous.isPresent()) {
                ModelHandle<I, O> model = previous.get();
                try {
                    Prediction<R> answer = model.fallbackAnswer(p.compute(model, enricher, false));
                    listener.onFallback();
                    return answer;
                } catch (RuntimeException e) {
                    timeout.addSuppressed(e);
                } finally {
                    model.release();
                }
            }
        }
        throw timeout;
    }

    private PredictionTimeoutException timeoutError() {
        return new PredictionTimeoutException(models.currentLabel(), config.deadline());
    }

    // ---- versions ------------------------------------------------------------------------------------

    @Override
    public ModelInfo current() {
        return models.currentInfo();
    }

    @Override
    public Optional<ModelInfo> previous() {
        return models.previousInfo();
    }

    @Override
    public ModelInfo swap(Model<I, ?, O> next) {
        requireOpen();
        WarmUp.run(next, config.warmUpIterations(), warmUpRecords);
        return install(next);
    }

    @Override
    public ModelInfo swapTo(URI uri) {
        requireOpen();
        ModelRepository repo = repository != null ? repository : ModelRepository.defaultRepository();
        Model<I, ?, O> next = repo.load(uri, inputType, outputType);
        try {
            WarmUp.run(next, config.warmUpIterations(), warmUpRecords);
            return install(next);
        } catch (RuntimeException e) {
            closeQuietly(next);
            throw e;
        }
    }

    private ModelInfo install(Model<I, ?, O> next) {
        ModelHandle<I, O> replaced = models.install(new ModelHandle<>(next, observer));
        LOG.info("model {} now serves, replacing {}", next.info(), replaced.info());
        listener.onSwap(replaced.info(), next.info());
        return replaced.info();
    }

    @Override
    public ModelInfo rollback() {
        ModelHandle<I, O> replaced = models.rollback();
        ModelInfo now = models.currentInfo();
        LOG.info("rolled back: model {} serves again, replacing {}", now, replaced.info());
        listener.onSwap(replaced.info(), now);
        return now;
    }

    @Override
    public OnlinePredictorConfig config() {
        return config;
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the predictor is closed");
        }
    }

    @Override
    public void close() {
        synchronized (closeLock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        if (batcher != null) {
            batcher.close();
        }
        workers.shutdown();
        boolean interrupted = false;
        while (!workers.isTerminated()) {
            try {
                workers.awaitTermination(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        models.close();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "OnlinePredictor(" + models.currentLabel() + ")";
    }

    private static void closeQuietly(Model<?, ?, ?> model) {
        try {
            model.close();
        } catch (RuntimeException e) {
            LOG.warn("closing model {} failed", model.info(), e);
        }
    }

    private static java.util.concurrent.ThreadFactory daemonThreads(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.getAndIncrement());
            t.setDaemon(true);
            return t;
        };
    }
}

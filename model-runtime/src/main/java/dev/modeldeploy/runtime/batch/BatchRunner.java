package dev.modeldeploy.runtime.batch;

import dev.modeldeploy.api.Model;
import dev.modeldeploy.api.error.ModelException;
import dev.modeldeploy.api.repository.ModelRepository;
import dev.modeldeploy.api.repository.ModelUri;
import dev.modeldeploy.runtime.monitor.Baseline;
import dev.modeldeploy.runtime.monitor.DriftConfig;
import dev.modeldeploy.runtime.monitor.DriftMonitor;
import dev.modeldeploy.runtime.monitor.WindowSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Runs batch jobs: loads the model, reads the source in chunks, preprocesses and scores each chunk with
 * one {@code predictBatch} call on worker threads, and commits predictions and rejects chunk by chunk
 * with the run ledger, so that a crashed or failed run resumes where it stopped and never writes a
 * row twice.
 *
 * <pre>{@code
 * BatchRunner runner = BatchRunner.builder().config(BatchConfig.builder().chunkSize(5_000).threads(2).build()).build();
 * RunSummary summary = runner.run(BatchJob.builder(Map.class, Double.class)
 *         .runKey(RunKey.of("lead-scoring", Map.of("date", "2026-11-20")))
 *         .model(URI.create("s3://ml-models/lead-scoring@production"))
 *         .source(leads).sink(scores).build());
 * }</pre>
 *
 * Immutable and thread-safe: one runner may run several jobs at once.
 */
public final class BatchRunner {
    private static final Logger LOG = LoggerFactory.getLogger(BatchRunner.class);

    private final ModelRepository repository;
    private final BatchConfig config;
    private final List<RunListener> listeners;
    private final DriftConfig drift;

    private BatchRunner(Builder b) {
        this.repository = b.repository;
        this.config = b.config;
        this.listeners = List.copyOf(b.listeners);
        // A batch attempt is one window, evaluated when it ends, on the runner's thread.
        this.drift = b.drift == null ? null : b.drift.toBuilder().window(WindowSpec.untilFlushed()).executor(Runnable::run)
                .autoTick(false).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The configuration runs use. */
    public BatchConfig config() {
        return config;
    }

    /**
     * Runs a job to its end, retrying failed attempts as configured; each attempt resumes after the
     * chunks committed before.
     *
     * @return the successful attempt's summary
     * @throws RejectBudgetExceededException if more records were rejected than the budget allows
     * @throws BatchRunException             if the last attempt failed
     */
    public <I, O> RunSummary run(BatchJob<I, O> job) {
        LoadedModel<I, O> loaded = null;
        try {
            for (int attempt = 1; ; attempt++) {
                RunSummary summary;
                Throwable cause;
                Sink.Resume resume;
                try {
                    resume = job.sink().open(job.key());
                    loaded = modelFor(job, resume, loaded);
                } catch (Exception e) {
                    summary = notStarted(job, attempt, e);
                    cause = e;
                    if (!retryRun(attempt, e, summary)) {
                        throw new BatchRunException(summary, e);
                    }
                    continue;
                }
                RunInfo run = new RunInfo(job.key(), job.modelUri(), loaded.model().info().name(), loaded.model().info().version(),
                        Instant.now(), attempt);
                Outcome outcome = attempt(job, loaded.model(), run, resume);
                summary = outcome.summary();
                if (summary.status() == RunStatus.SUCCEEDED) {
                    return summary;
                }
                if (summary.status() == RunStatus.REJECT_BUDGET_EXCEEDED) {
                    throw new RejectBudgetExceededException(summary);
                }
                cause = outcome.failure();
                if (!retryRun(attempt, cause, summary)) {
                    throw new BatchRunException(summary, cause);
                }
            }
        } finally {
            if (loaded != null && loaded.owned()) {
                loaded.model().close();
            }
        }
    }

    /** An attempt's summary and the failure behind it, if any. */
    private record Outcome(RunSummary summary, Throwable failure) {
    }

    private boolean retryRun(int attempt, Throwable cause, RunSummary summary) {
        RetryConfig retry = config.runRetry();
        if (attempt >= retry.maxAttempts() || cause == null || !retry.retryOn().test(cause)) {
            return false;
        }
        long wait = retry.backoff(attempt + 1).toMillis();
        LOG.warn("{}; attempt {} of {} in {} ms", summary.describe(), attempt + 1, retry.maxAttempts(), wait);
        try {
            Thread.sleep(wait);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private <I, O> Outcome attempt(BatchJob<I, O> job, Model<I, ?, O> model, RunInfo run, Sink.Resume resume) {
        notify(l -> l.onStart(run));
        RunSummary summary;
        Throwable failure;
        DriftMonitor monitor = driftMonitor(model);
        try {
            job.sink().begin(run);
            ChunkPipeline<I, ?, O> pipeline = pipeline(model, job.sink(), run, monitor);
            summary = pipeline.run(job.source(), resume.committed());
            failure = pipeline.failure();
            if (monitor != null) {
                summary = summary.withDrift(monitor.flush().orElse(null));
            }
        } catch (Exception e) {
            failure = e;
            summary = failed(run, e);
        } finally {
            if (monitor != null) {
                monitor.close();
            }
        }
        try {
            job.sink().finish(run, summary);
        } catch (Exception e) {
            LOG.warn("run {}: the sink could not record the outcome: {}", run.key(), e.toString());
            if (failure == null && summary.status() == RunStatus.SUCCEEDED) {
                failure = e;
                summary = summary.failedAfterwards(ChunkPipeline.describe(e));
            }
        }
        RunSummary done = summary;
        if (done.status() == RunStatus.SUCCEEDED) {
            LOG.info("{}", done.describe());
        } else {
            LOG.error("{}", done.describe());
        }
        notify(l -> l.onFinish(done));
        return new Outcome(done, failure);
    }

    private <I, F, O> ChunkPipeline<I, F, O> pipeline(Model<I, F, O> model, Sink<O> sink, RunInfo run, DriftMonitor monitor) {
        return new ChunkPipeline<>(model, sink, run, config, listeners, monitor);
    }

    /** A monitor for this attempt, if drift is watched and the model has a training baseline. */
    private DriftMonitor driftMonitor(Model<?, ?, ?> model) {
        if (drift == null) {
            return null;
        }
        java.util.Optional<Baseline> baseline = Baseline.of(model.info());
        if (baseline.isEmpty()) {
            LOG.info("model {} has no training baseline: this run's drift is not measured", model.info());
            return null;
        }
        return DriftMonitor.of(model.info().name(), model.info().version(), baseline.get(), drift);
    }

    private static RunSummary failed(RunInfo run, Throwable e) {
        return new RunSummary(run, RunStatus.FAILED, Instant.now(), 0, 0, 0, 0, 0, 0,
                new RunSummary.StageTimes(java.time.Duration.ZERO, java.time.Duration.ZERO, java.time.Duration.ZERO, java.time.Duration.ZERO),
                ChunkPipeline.describe(e));
    }

    private RunSummary notStarted(BatchJob<?, ?> job, int attempt, Throwable e) {
        String name;
        try {
            name = ModelUri.parse(job.modelUri()).name();
        } catch (ModelException invalid) {
            name = String.valueOf(job.modelUri());
        }
        RunSummary summary = failed(new RunInfo(job.key(), job.modelUri(), name, 0, Instant.now(), attempt), e);
        LOG.error("{}", summary.describe());
        notify(l -> l.onFinish(summary));
        return summary;
    }

    private record LoadedModel<I, O>(Model<I, ?, O> model, boolean owned) {
    }

    private <I, O> LoadedModel<I, O> modelFor(BatchJob<I, O> job, Sink.Resume resume, LoadedModel<I, O> current) {
        int pinned = resume.modelVersion();
        if (job.model().isPresent()) {
            Model<I, ?, O> given = job.model().get();
            if (pinned > 0 && given.info().version() != pinned) {
                throw new ModelException("run " + job.key() + " was started with version " + pinned + " of " + given.info().name()
                        + " but the job's model is version " + given.info().version()
                        + "; resume with that version or use a new run key");
            }
            return new LoadedModel<>(given, false);
        }
        if (current != null && (pinned == 0 || current.model().info().version() == pinned)) {
            return current;
        }
        if (current != null) {
            current.model().close();
        }
        URI uri = pinned > 0 ? ModelUri.parse(job.modelUri()).withVersion(pinned).toUri() : job.modelUri();
        if (pinned > 0) {
            LOG.info("run {} resumes with version {} of its model, as its first attempt used", job.key(), pinned);
        }
        return new LoadedModel<>(repository().load(uri, job.inputType(), job.outputType()), true);
    }

    private ModelRepository repository() {
        return repository != null ? repository : ModelRepository.defaultRepository();
    }

    private void notify(java.util.function.Consumer<RunListener> event) {
        for (RunListener l : listeners) {
            try {
                event.accept(l);
            } catch (RuntimeException e) {
                LOG.warn("run listener {} failed: {}", l, e.toString());
            }
        }
    }

    /** Builds a {@link BatchRunner}. Not thread-safe. */
    public static final class Builder {
        private ModelRepository repository;
        private BatchConfig config = BatchConfig.defaults();
        private final List<RunListener> listeners = new ArrayList<>();
        private DriftConfig drift;

        private Builder() {
        }

        /** The repository models are loaded from (default: {@link ModelRepository#defaultRepository()}). */
        public Builder repository(ModelRepository repository) {
            this.repository = Objects.requireNonNull(repository, "repository");
            return this;
        }

        public Builder config(BatchConfig config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        /**
         * Measures each attempt's input and output distribution against the model's training baseline
         * (models published without one are run unmonitored): the figures land in
         * {@link RunSummary#drift()} and in the sink's ledger, and alerts go to the config's listeners.
         * The whole attempt is one window, so the config's window is not used; an attempt that resumes a
         * run measures the chunks it scores itself, not those committed before.
         */
        public Builder monitorDrift(DriftConfig drift) {
            this.drift = Objects.requireNonNull(drift, "drift");
            return this;
        }

        /** Adds a listener (progress, notifications, metrics). */
        public Builder listener(RunListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        public BatchRunner build() {
            return new BatchRunner(this);
        }
    }
}

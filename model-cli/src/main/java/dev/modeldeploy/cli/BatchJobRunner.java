package dev.modeldeploy.cli;

import dev.modeldeploy.api.Model;
import dev.modeldeploy.api.repository.ModelRepository;
import dev.modeldeploy.api.repository.ModelUri;
import dev.modeldeploy.runtime.batch.BatchConfig;
import dev.modeldeploy.runtime.batch.BatchJob;
import dev.modeldeploy.runtime.batch.BatchRunner;
import dev.modeldeploy.runtime.batch.RetryConfig;
import dev.modeldeploy.runtime.batch.RunKey;
import dev.modeldeploy.runtime.batch.RunSummary;
import dev.modeldeploy.runtime.batch.Sink;
import dev.modeldeploy.runtime.batch.Source;
import dev.modeldeploy.runtime.batch.notify.WebhookNotifier;
import dev.modeldeploy.runtime.monitor.DriftConfig;
import picocli.CommandLine.ParameterException;

import java.io.PrintWriter;
import java.util.Map;
import java.util.function.Function;

/** Runs one batch job described by {@link JobOptions}: what {@code batch run} and each scheduled tick do. */
final class BatchJobRunner {
    private BatchJobRunner() {
    }

    /** Checks what can be checked before any model is loaded. */
    static void validate(JobOptions o, Function<String, ParameterException> bad) {
        ModelUri.parse(o.model);
        if (o.chunkSize < 1 || o.threads < 1 || o.retries < 0) {
            throw bad.apply("--chunk-size and --threads must be at least 1, --retries at least 0");
        }
        if (o.maxRejectShare != null && (o.maxRejectShare < 0 || o.maxRejectShare > 1)) {
            throw bad.apply("--max-reject-share must be between 0 and 1");
        }
        if (o.maxRejects != null && o.maxRejects < 0) {
            throw bad.apply("--max-rejects must be at least 0");
        }
        try {
            RunKey.of(o.job != null ? o.job : ModelUri.parse(o.model).name(), o.params);
        } catch (IllegalArgumentException e) {
            throw bad.apply(e.getMessage());
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static RunSummary run(JobOptions o, Map<String, String> params, ModelRepository repository, boolean terminal, PrintWriter err,
                          Function<String, ParameterException> bad) {
        RunKey key = RunKey.of(o.job != null ? o.job : ModelUri.parse(o.model).name(), params);
        // Loaded here to learn the input schema and output type; the runner pins the version a resumed run used.
        Model<Map, ?, ?> model = repository.load(o.model, Map.class, Object.class);
        try {
            Class<Object> output = (Class<Object>) model.types().output();
            Source source = JobFactory.source(o, params, model, bad);
            Sink<Object> sink = JobFactory.sink(o, output, bad);
            BatchConfig.Builder config = BatchConfig.builder().chunkSize(o.chunkSize).threads(o.threads)
                    .runRetry(RetryConfig.DEFAULT.withMaxAttempts(o.retries + 1));
            if (o.maxRejects != null) {
                config.maxRejects(o.maxRejects);
            }
            if (o.maxRejectShare != null) {
                config.maxRejectShare(o.maxRejectShare);
            }
            BatchRunner.Builder runner = BatchRunner.builder().repository(repository).config(config.build())
                    .listener(new ProgressReporter(terminal, err));
            if (o.monitorDrift) {
                runner.monitorDrift(DriftConfig.defaults());
            }
            if (o.webhook != null) {
                WebhookNotifier notifier = WebhookNotifier.onFailure(o.webhook);
                runner.listener(o.notifyOnSuccess ? notifier.alsoOnSuccess() : notifier);
            }
            BatchJob<Map, Object> job = BatchJob.builder(Map.class, Object.class).runKey(key).model(o.model)
                    .source(source).sink(sink).build();
            try {
                return runner.build().run(job);
            } finally {
                if (sink instanceof AutoCloseable closeable) {
                    closeQuietly(closeable);
                }
            }
        } finally {
            model.close();
        }
    }

    private static void closeQuietly(AutoCloseable resource) {
        try {
            resource.close();
        } catch (Exception e) {
            org.slf4j.LoggerFactory.getLogger(BatchJobRunner.class).warn("cannot close {}: {}", resource, e.toString());
        }
    }
}

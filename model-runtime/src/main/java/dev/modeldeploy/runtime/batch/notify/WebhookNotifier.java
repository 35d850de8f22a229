package dev.modeldeploy.runtime.batch.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modeldeploy.runtime.batch.RunListener;
import dev.modeldeploy.runtime.batch.RunStatus;
import dev.modeldeploy.runtime.batch.RunSummary;
import dev.modeldeploy.runtime.notify.Webhook;

import java.net.URI;
import java.time.Duration;

/**
 * Tells people when a batch run fails (and optionally when it succeeds): a JSON POST to a webhook with
 * a Slack-compatible {@code text} field plus the run summary as structured fields, and a log line.
 * Delivery is tried a few times; a notifier never fails or delays a run beyond its timeout.
 * Thread-safe.
 *
 * <pre>{"text": "run lead-scoring[date=2026-11-20] with lead-scoring/7 failed after ...",
 *  "run": {"key": "...", "job": "...", "status": "FAILED", "model": "lead-scoring", "version": 7, "read": ..., ...}}</pre>
 */
public final class WebhookNotifier implements RunListener {
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final Webhook webhook;
    private final boolean onSuccess;

    private WebhookNotifier(Webhook webhook, boolean onSuccess) {
        this.webhook = webhook;
        this.onSuccess = onSuccess;
    }

    /** Notifies on failure only, with a 10 s timeout and 3 attempts. */
    public static WebhookNotifier onFailure(URI webhook) {
        return new WebhookNotifier(Webhook.to(webhook), false);
    }

    /** The same notifier, also notifying on success. */
    public WebhookNotifier alsoOnSuccess() {
        return new WebhookNotifier(webhook, true);
    }

    /** The same notifier with another timeout per attempt and number of attempts. */
    public WebhookNotifier withDelivery(Duration perAttempt, int maxAttempts) {
        return new WebhookNotifier(webhook.withDelivery(perAttempt, maxAttempts), onSuccess);
    }

    @Override
    public void onFinish(RunSummary summary) {
        boolean failed = summary.status() != RunStatus.SUCCEEDED;
        if (!failed && !onSuccess) {
            return;
        }
        webhook.post(payload(summary), "run " + summary.run().key());
    }

    /** The JSON body posted for a summary. */
    public static byte[] payload(RunSummary s) {
        ObjectNode root = JSON.createObjectNode();
        root.put("text", (s.status() == RunStatus.SUCCEEDED ? ":white_check_mark: " : ":x: ") + s.describe());
        ObjectNode run = root.putObject("run");
        run.put("key", s.run().key().toString());
        run.put("job", s.run().key().job());
        ObjectNode params = run.putObject("params");
        s.run().key().params().forEach(params::put);
        run.put("status", s.status().name());
        run.put("modelUri", s.run().modelUri().toString());
        run.put("model", s.run().modelName());
        run.put("version", s.run().modelVersion());
        run.put("attempt", s.run().attempt());
        run.put("startedAt", s.run().startedAt().toString());
        run.put("finishedAt", s.finishedAt().toString());
        run.put("durationMs", s.duration().toMillis());
        run.put("read", s.read());
        run.put("written", s.written());
        run.put("rejected", s.rejected());
        run.put("retried", s.retried());
        run.put("chunks", s.chunks());
        run.put("skippedChunks", s.skipped());
        if (s.failure() != null) {
            run.put("failure", s.failure());
        }
        try {
            return JSON.writeValueAsBytes(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

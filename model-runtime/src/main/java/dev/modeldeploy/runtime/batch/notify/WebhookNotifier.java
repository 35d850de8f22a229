package dev.modeldeploy.runtime.batch.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modeldeploy.runtime.batch.RunListener;
import dev.modeldeploy.runtime.batch.RunStatus;
import dev.modeldeploy.runtime.batch.RunSummary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;

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
    private static final Logger LOG = LoggerFactory.getLogger(WebhookNotifier.class);
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final URI webhook;
    private final boolean onSuccess;
    private final Duration timeout;
    private final int attempts;
    private final HttpClient client;

    private WebhookNotifier(URI webhook, boolean onSuccess, Duration timeout, int attempts) {
        this.webhook = Objects.requireNonNull(webhook, "webhook");
        String scheme = webhook.getScheme();
        if (!"https".equalsIgnoreCase(scheme) && !"http".equalsIgnoreCase(scheme)) {
            throw new IllegalArgumentException("webhook must be an http(s) URL");
        }
        this.onSuccess = onSuccess;
        this.timeout = timeout;
        this.attempts = attempts;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** Notifies on failure only, with a 10 s timeout and 3 attempts. */
    public static WebhookNotifier onFailure(URI webhook) {
        return new WebhookNotifier(webhook, false, Duration.ofSeconds(10), 3);
    }

    /** The same notifier, also notifying on success. */
    public WebhookNotifier alsoOnSuccess() {
        return new WebhookNotifier(webhook, true, timeout, attempts);
    }

    /** The same notifier with another timeout per attempt and number of attempts. */
    public WebhookNotifier withDelivery(Duration perAttempt, int maxAttempts) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("at least one attempt");
        }
        return new WebhookNotifier(webhook, onSuccess, perAttempt, maxAttempts);
    }

    @Override
    public void onFinish(RunSummary summary) {
        boolean failed = summary.status() != RunStatus.SUCCEEDED;
        if (!failed && !onSuccess) {
            return;
        }
        byte[] body = payload(summary);
        for (int attempt = 1; attempt <= attempts; attempt++) {
            try {
                HttpResponse<Void> response = client.send(HttpRequest.newBuilder(webhook).timeout(timeout)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() / 100 == 2) {
                    return;
                }
                LOG.warn("webhook answered HTTP {} for run {} (attempt {} of {})", response.statusCode(), summary.run().key(), attempt, attempts);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                // The URL may hold a secret token: name the host only.
                LOG.warn("cannot notify webhook at {} for run {} (attempt {} of {}): {}", webhook.getHost(), summary.run().key(),
                        attempt, attempts, e.toString());
            }
            sleep(200L * attempt);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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

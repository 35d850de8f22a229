package dev.modeldeploy.runtime.monitor;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modeldeploy.runtime.notify.Webhook;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Posts every {@link DriftAlert} to a webhook, as the batch run notifier does: a Slack-compatible
 * {@code text} line plus the alert as structured fields. Delivery runs on the monitor's evaluation
 * thread, with a timeout and a few attempts ({@link Webhook}). Thread-safe.
 *
 * <pre>{"text": ":warning: drift in leads/7: output prediction PSI 0.31 >= 0.2 over window #4 (...)",
 *  "alert": {"model": "leads", "version": 7, "feature": "prediction", "source": "output", "metric": "PSI",
 *            "value": 0.31, "threshold": 0.2,
 *            "window": {"sequence": 4, "start": "...", "end": "...", "records": 1000}}}</pre>
 */
public final class WebhookDriftListener implements DriftListener {
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final Webhook webhook;

    private WebhookDriftListener(Webhook webhook) {
        this.webhook = Objects.requireNonNull(webhook, "webhook");
    }

    /** Posts alerts to {@code uri}, with a 10 s timeout and 3 attempts. */
    public static WebhookDriftListener to(URI uri) {
        return new WebhookDriftListener(Webhook.to(uri));
    }

    /** The same listener with another timeout per attempt and number of attempts. */
    public WebhookDriftListener withDelivery(Duration perAttempt, int maxAttempts) {
        return new WebhookDriftListener(webhook.withDelivery(perAttempt, maxAttempts));
    }

    @Override
    public void onAlert(DriftAlert alert) {
        webhook.post(payload(alert), "drift alert on " + alert.model() + "/" + alert.version() + " " + alert.feature());
    }

    /** The JSON body posted for an alert. */
    public static byte[] payload(DriftAlert a) {
        ObjectNode root = JSON.createObjectNode();
        root.put("text", ":warning: " + a.describe());
        ObjectNode alert = root.putObject("alert");
        alert.put("model", a.model());
        alert.put("version", a.version());
        alert.put("feature", a.feature());
        alert.put("source", a.source().name().toLowerCase(Locale.ROOT));
        alert.put("metric", a.metric().name());
        alert.put("value", a.value());
        alert.put("threshold", a.threshold());
        ObjectNode window = alert.putObject("window");
        window.put("sequence", a.window().sequence());
        window.put("start", a.window().start().toString());
        window.put("end", a.window().end().toString());
        window.put("records", a.window().records());
        try {
            return JSON.writeValueAsBytes(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

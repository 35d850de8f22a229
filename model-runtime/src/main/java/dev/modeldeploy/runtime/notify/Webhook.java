package dev.modeldeploy.runtime.notify;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;

/**
 * Posts JSON bodies to an http(s) webhook (Slack-compatible when the body has a {@code text} field),
 * trying a few times with a timeout per attempt; failures are logged, never thrown, and the log names
 * the host only, since webhook URLs often hold a secret token. Shared by the batch run notifier and the
 * drift alerts. Immutable and thread-safe.
 */
public final class Webhook {
    private static final Logger LOG = LoggerFactory.getLogger(Webhook.class);

    private final URI uri;
    private final Duration timeout;
    private final int attempts;
    private final HttpClient client;

    private Webhook(URI uri, Duration timeout, int attempts) {
        this.uri = Objects.requireNonNull(uri, "webhook");
        String scheme = uri.getScheme();
        if (!"https".equalsIgnoreCase(scheme) && !"http".equalsIgnoreCase(scheme)) {
            throw new IllegalArgumentException("webhook must be an http(s) URL");
        }
        if (attempts < 1) {
            throw new IllegalArgumentException("at least one attempt");
        }
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.attempts = attempts;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** A webhook with a 10 s timeout per attempt and 3 attempts. */
    public static Webhook to(URI uri) {
        return new Webhook(uri, Duration.ofSeconds(10), 3);
    }

    /** The same webhook with another timeout per attempt and number of attempts. */
    public Webhook withDelivery(Duration perAttempt, int maxAttempts) {
        return new Webhook(uri, perAttempt, maxAttempts);
    }

    public URI uri() {
        return uri;
    }

    /**
     * Posts {@code body} (JSON) until the webhook answers 2xx or the attempts run out.
     *
     * @param what names the event in log lines (never the URL)
     * @return whether it was delivered
     */
    public boolean post(byte[] body, String what) {
        for (int attempt = 1; attempt <= attempts; attempt++) {
            try {
                HttpResponse<Void> response = client.send(HttpRequest.newBuilder(uri).timeout(timeout)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() / 100 == 2) {
                    return true;
                }
                LOG.warn("webhook answered HTTP {} for {} (attempt {} of {})", response.statusCode(), what, attempt, attempts);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (Exception e) {
                // The URL may hold a secret token: name the host only.
                LOG.warn("cannot notify webhook at {} for {} (attempt {} of {}): {}", uri.getHost(), what, attempt, attempts,
                        e.toString());
            }
            if (attempt < attempts && !sleep(200L * attempt)) {
                return false;
            }
        }
        return false;
    }

    private static boolean sleep(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public String toString() {
        return "Webhook[" + uri.getHost() + "]";
    }
}

package dev.modeldeploy.runtime.batch;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * How a failed step is retried: attempts, exponential backoff, and which failures are worth a retry.
 * Immutable and thread-safe.
 *
 * @param maxAttempts    attempts in all, including the first (1 = no retry)
 * @param initialBackoff the wait before the second attempt
 * @param multiplier     how much each further wait grows
 * @param maxBackoff     the longest wait
 * @param retryOn        which failures are transient
 */
public record RetryConfig(int maxAttempts, Duration initialBackoff, double multiplier, Duration maxBackoff,
                          Predicate<Throwable> retryOn) {
    /** 3 attempts, 200 ms doubling up to 10 s, on {@linkplain TransientFailures#isTransient transient} failures. */
    public static final RetryConfig DEFAULT = new RetryConfig(3, Duration.ofMillis(200), 2.0, Duration.ofSeconds(10),
            TransientFailures::isTransient);

    public RetryConfig {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1");
        }
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(retryOn, "retryOn");
        if (multiplier < 1) {
            throw new IllegalArgumentException("multiplier must be >= 1");
        }
    }

    /** No retries. */
    public static RetryConfig none() {
        return DEFAULT.withMaxAttempts(1);
    }

    public RetryConfig withMaxAttempts(int attempts) {
        return new RetryConfig(attempts, initialBackoff, multiplier, maxBackoff, retryOn);
    }

    public RetryConfig withBackoff(Duration initial, Duration max) {
        return new RetryConfig(maxAttempts, initial, multiplier, max, retryOn);
    }

    public RetryConfig withRetryOn(Predicate<Throwable> predicate) {
        return new RetryConfig(maxAttempts, initialBackoff, multiplier, maxBackoff, predicate);
    }

    /** The wait before attempt {@code attempt} (2 = the first retry). */
    public Duration backoff(int attempt) {
        double millis = initialBackoff.toMillis() * Math.pow(multiplier, Math.max(0, attempt - 2));
        return Duration.ofMillis((long) Math.min(millis, maxBackoff.toMillis()));
    }
}

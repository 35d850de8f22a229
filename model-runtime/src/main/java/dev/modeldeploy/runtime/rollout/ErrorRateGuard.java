package dev.modeldeploy.runtime.rollout;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The built-in {@link RolloutGuard}: over each candidate's last {@code window} requests, rolls back when
 * the share of failed requests passes {@code maxErrorRate}, or the share of requests slower than
 * {@code slowCall} passes {@code maxSlowRate}, once at least {@code minimumRequests} were seen (so that
 * one early error of a new canary does not end it). Counting requests rather than seconds keeps the
 * verdict independent of traffic volume and of the clock.
 *
 * <pre>{@code
 * ErrorRateGuard.builder().window(200).minimumRequests(50).maxErrorRate(0.05)
 *         .slowCalls(Duration.ofMillis(50), 0.10).build();
 * }</pre>
 *
 * <p>Thread-safe: one small synchronized ring buffer per candidate.
 */
public final class ErrorRateGuard implements RolloutGuard<Object, Object> {
    private final int window;
    private final int minimumRequests;
    private final double maxErrorRate;
    private final long slowCallNanos;
    private final double maxSlowRate;
    private final ConcurrentMap<String, Window> windows = new ConcurrentHashMap<>();

    private ErrorRateGuard(Builder b) {
        this.window = b.window;
        this.minimumRequests = b.minimumRequests;
        this.maxErrorRate = b.maxErrorRate;
        this.slowCallNanos = b.slowCall == null ? Long.MAX_VALUE : b.slowCall.toNanos();
        this.maxSlowRate = b.maxSlowRate;
    }

    /** A builder: window 100 requests, at least 20 seen, at most 10 % errors, no latency limit. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Optional<String> observe(Outcome<Object, Object> outcome) {
        Window w = windows.computeIfAbsent(outcome.variant(), v -> new Window(window));
        boolean slow = outcome.latencyNanos() > slowCallNanos;
        int[] counts = w.add(outcome.failed(), slow);
        int seen = counts[0];
        if (seen < minimumRequests) {
            return Optional.empty();
        }
        double errorRate = counts[1] / (double) seen;
        if (errorRate > maxErrorRate) {
            return Optional.of(String.format(Locale.ROOT, "error rate %.1f%% over the last %d requests passed %.1f%%",
                    100 * errorRate, seen, 100 * maxErrorRate));
        }
        double slowRate = counts[2] / (double) seen;
        if (slowRate > maxSlowRate) {
            return Optional.of(String.format(Locale.ROOT, "%.1f%% of the last %d requests took over %d ms, more than %.1f%%",
                    100 * slowRate, seen, slowCallNanos / 1_000_000, 100 * maxSlowRate));
        }
        return Optional.empty();
    }

    @Override
    public void reset(String variant) {
        windows.remove(variant);
    }

    /** The last {@code size} outcomes of one variant. */
    private static final class Window {
        private final byte[] ring;
        private int next;
        private int seen;
        private int errors;
        private int slow;

        Window(int size) {
            this.ring = new byte[size];
        }

        /** Adds one outcome; returns {seen, errors, slow} over the window. */
        synchronized int[] add(boolean error, boolean isSlow) {
            if (seen == ring.length) {
                byte old = ring[next];
                errors -= old & 1;
                slow -= (old >> 1) & 1;
            } else {
                seen++;
            }
            byte now = (byte) ((error ? 1 : 0) | (isSlow ? 2 : 0));
            ring[next] = now;
            errors += error ? 1 : 0;
            slow += isSlow ? 1 : 0;
            next = (next + 1) % ring.length;
            return new int[] {seen, errors, slow};
        }
    }

    /** Builds an {@link ErrorRateGuard}. Not thread-safe. */
    public static final class Builder {
        private int window = 100;
        private int minimumRequests = 20;
        private double maxErrorRate = 0.10;
        private Duration slowCall;
        private double maxSlowRate = 1.0;

        private Builder() {
        }

        /** How many of a candidate's latest requests are judged (default 100). */
        public Builder window(int requests) {
            if (requests < 1) {
                throw new IllegalArgumentException("window must be >= 1, was " + requests);
            }
            this.window = requests;
            return this;
        }

        /** How many requests a candidate must have served before a verdict (default 20). */
        public Builder minimumRequests(int requests) {
            if (requests < 1) {
                throw new IllegalArgumentException("minimumRequests must be >= 1, was " + requests);
            }
            this.minimumRequests = requests;
            return this;
        }

        /** The highest tolerated share of failed requests in the window (default 0.10). */
        public Builder maxErrorRate(double rate) {
            RoutingPolicy.checkShare("maxErrorRate", rate);
            this.maxErrorRate = rate;
            return this;
        }

        /** Requests slower than {@code threshold} count as slow; more than {@code maxRate} of them roll back. */
        public Builder slowCalls(Duration threshold, double maxRate) {
            if (threshold.isNegative() || threshold.isZero()) {
                throw new IllegalArgumentException("slow-call threshold must be positive, was " + threshold);
            }
            RoutingPolicy.checkShare("maxSlowRate", maxRate);
            this.slowCall = threshold;
            this.maxSlowRate = maxRate;
            return this;
        }

        /**
         * The guard.
         *
         * @throws IllegalArgumentException if {@code minimumRequests} exceeds the window
         */
        public ErrorRateGuard build() {
            if (minimumRequests > window) {
                throw new IllegalArgumentException("minimumRequests (" + minimumRequests + ") must not exceed the window ("
                        + window + ")");
            }
            return new ErrorRateGuard(this);
        }
    }
}

package dev.modeldeploy.storage.gcs.testserver;

import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Which requests the {@link GcsTestServer} fails, and how: a seeded pseudo-random draw per eligible
 * request, so a single-threaded client meets the same failures on every run. Thread-safe.
 */
public final class FaultSchedule {

    /** What a failed request gets. */
    public enum Fault {
        /** Nothing: the request is served. */
        NONE,
        /** A 503 backendError, before any side effect. */
        SERVICE_UNAVAILABLE,
        /** The connection is closed before the request is read or served. */
        DROP_BEFORE,
        /** The request is served (side effects happen), then the connection is closed instead of answering. */
        DROP_AFTER,
        /** Media downloads: headers and half the body, then the connection is closed. Others: as DROP_AFTER. */
        TRUNCATE
    }

    private final Random random;
    private final double share;
    private final List<Fault> kinds;
    private final Predicate<String> eligible;
    private final AtomicInteger injected = new AtomicInteger();

    private FaultSchedule(long seed, double share, List<Fault> kinds, Predicate<String> eligible) {
        if (share < 0 || share > 1) {
            throw new IllegalArgumentException("share must be in [0, 1]");
        }
        if (kinds.isEmpty() || kinds.contains(Fault.NONE)) {
            throw new IllegalArgumentException("fault kinds must be real faults");
        }
        this.random = new Random(seed);
        this.share = share;
        this.kinds = List.copyOf(kinds);
        this.eligible = Objects.requireNonNull(eligible);
    }

    /** No faults. */
    public static FaultSchedule none() {
        return new FaultSchedule(0, 0, List.of(Fault.SERVICE_UNAVAILABLE), r -> false);
    }

    /** Fails {@code share} of all requests with one of {@code kinds}, drawn from a generator seeded with {@code seed}. */
    public static FaultSchedule seeded(long seed, double share, Fault... kinds) {
        return new FaultSchedule(seed, share, List.of(kinds), r -> true);
    }

    /**
     * This schedule restricted to requests whose {@code "METHOD /raw/path?query"} line matches; others are
     * served and draw nothing.
     */
    public FaultSchedule onlyFor(Predicate<String> requestLine) {
        return new FaultSchedule(random.nextLong(), share, kinds, requestLine);
    }

    /** Draws the fate of the next request. */
    public Fault next(String requestLine) {
        if (!eligible.test(requestLine)) {
            return Fault.NONE;
        }
        synchronized (random) {
            if (random.nextDouble() >= share) {
                return Fault.NONE;
            }
            injected.incrementAndGet();
            return kinds.get(random.nextInt(kinds.size()));
        }
    }

    /** How many faults were injected so far. */
    public int injected() {
        return injected.get();
    }
}

package dev.modeldeploy.runtime.features;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Every entity's features in memory, loaded by a {@link SnapshotLoader} (a CSV or JSON-Lines file, a
 * database query) and replaced as a whole on {@link #refresh()}: the new snapshot is built aside and
 * swapped in with one volatile write, so a reader sees either the old or the new snapshot, never a
 * half-loaded one, and one {@link #lookupAll} call answers from a single snapshot. A failed refresh
 * keeps the previous snapshot.
 *
 * <p>For feature tables that fit in the heap and change on a schedule (a nightly job); lookups cost a
 * hash-map read. Thread-safe.
 */
public final class SnapshotFeatureSource implements FeatureSource {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotFeatureSource.class);

    private final SnapshotLoader loader;
    private final String description;
    private final ReentrantLock refreshing = new ReentrantLock();
    private final AtomicLong failedRefreshes = new AtomicLong();
    private final ScheduledExecutorService scheduler;
    private volatile Snapshot current;

    private record Snapshot(Map<String, Map<String, Object>> entities, Instant loadedAt) {
    }

    private SnapshotFeatureSource(Builder b) {
        this.loader = b.loader;
        this.description = b.description;
        refresh();
        if (b.refreshEvery != null) {
            scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "modeldeploy-feature-snapshot");
                t.setDaemon(true);
                return t;
            });
            long millis = b.refreshEvery.toMillis();
            scheduler.scheduleWithFixedDelay(this::refreshQuietly, millis, millis, TimeUnit.MILLISECONDS);
        } else {
            scheduler = null;
        }
    }

    /** A fixed snapshot of the given entities (refreshing reloads the same map). */
    public static SnapshotFeatureSource of(Map<String, Map<String, Object>> entities) {
        Map<String, Map<String, Object>> copy = Map.copyOf(entities);
        return builder(() -> copy).description("in-memory map").build();
    }

    /** A snapshot loaded by {@code loader}. */
    public static Builder builder(SnapshotLoader loader) {
        return new Builder(loader);
    }

    @Override
    public Optional<Map<String, Object>> lookup(String key) {
        return Optional.ofNullable(current.entities.get(key));
    }

    @Override
    public Map<String, Map<String, Object>> lookupAll(Collection<String> keys) {
        Map<String, Map<String, Object>> entities = current.entities; // one snapshot for the whole batch
        Map<String, Map<String, Object>> out = new HashMap<>(keys.size() * 2);
        for (String key : keys) {
            Map<String, Object> fields = entities.get(key);
            if (fields != null) {
                out.put(key, fields);
            }
        }
        return out;
    }

    /**
     * Loads a new snapshot and swaps it in; concurrent refreshes run one after the other.
     *
     * @return the number of entities now loaded
     * @throws FeatureLookupException if loading failed (the previous snapshot stays)
     */
    public int refresh() {
        refreshing.lock();
        try {
            Map<String, Map<String, Object>> loaded;
            try {
                loaded = loader.load();
            } catch (Exception e) {
                failedRefreshes.incrementAndGet();
                throw new FeatureLookupException("could not load the feature snapshot from " + description + ": " + e.getMessage(), e);
            }
            Snapshot next = new Snapshot(freeze(loaded), Instant.now());
            current = next;
            return next.entities.size();
        } finally {
            refreshing.unlock();
        }
    }

    private void refreshQuietly() {
        try {
            int n = refresh();
            LOG.debug("feature snapshot from {} refreshed: {} entities", description, n);
        } catch (RuntimeException e) {
            LOG.warn("feature snapshot refresh failed, keeping the one loaded at {}: {}", current.loadedAt, e.getMessage());
        }
    }

    /** Number of entities in the current snapshot. */
    public int size() {
        return current.entities.size();
    }

    /** When the current snapshot was loaded. */
    public Instant loadedAt() {
        return current.loadedAt;
    }

    /** Refreshes that failed since creation (each kept the previous snapshot). */
    public long failedRefreshes() {
        return failedRefreshes.get();
    }

    /** Stops the scheduled refresh, if any. */
    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    @Override
    public String toString() {
        return "snapshot of " + description;
    }

    private static Map<String, Map<String, Object>> freeze(Map<String, Map<String, Object>> loaded) {
        Map<String, Map<String, Object>> out = new HashMap<>(Math.max(16, loaded.size() * 4 / 3 + 1));
        loaded.forEach((key, fields) -> {
            Map<String, Object> clean = new HashMap<>(Math.max(4, fields.size() * 2));
            fields.forEach((name, value) -> {
                if (value != null) {
                    clean.put(name, value);
                }
            });
            out.put(Objects.requireNonNull(key, "a snapshot key is null"), Collections.unmodifiableMap(clean));
        });
        return Collections.unmodifiableMap(out);
    }

    /** Options of a {@link SnapshotFeatureSource}. Not thread-safe. */
    public static final class Builder {
        private final SnapshotLoader loader;
        private String description;
        private Duration refreshEvery;

        private Builder(SnapshotLoader loader) {
            this.loader = Objects.requireNonNull(loader, "loader");
            String named = loader.toString();
            this.description = named.contains("$$Lambda") ? "a custom loader" : named;
        }

        /** Names the origin in errors and logs (default: the loader's {@code toString()}); never put a password here. */
        public Builder description(String text) {
            this.description = Objects.requireNonNull(text, "description");
            return this;
        }

        /** Reloads in the background (one daemon thread) every {@code period}; failures are logged and counted. */
        public Builder refreshEvery(Duration period) {
            if (period.isNegative() || period.isZero()) {
                throw new IllegalArgumentException("refresh period must be positive: " + period);
            }
            this.refreshEvery = period;
            return this;
        }

        /**
         * Loads the first snapshot and returns the source.
         *
         * @throws FeatureLookupException if the first load fails
         */
        public SnapshotFeatureSource build() {
            return new SnapshotFeatureSource(this);
        }
    }
}

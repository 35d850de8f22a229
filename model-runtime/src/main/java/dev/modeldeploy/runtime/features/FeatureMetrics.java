package dev.modeldeploy.runtime.features;

import io.micrometer.core.instrument.MeterRegistry;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counters of a {@link FeatureEnricher}: per merged feature, how many requests lacked its value
 * (entity absent, field absent, lookup failed, or no key in the request), whether or not a default
 * then filled it; per lookup, absent entities, requests without a key, failures and timeouts. A rising
 * missing count is how a stale or broken feature pipeline shows up.
 *
 * <p>Counters are {@link LongAdder}s (cheap under contention); {@link #bindTo} publishes them to a
 * Micrometer registry as {@code modeldeploy.features.missing} (tags {@code lookup}, {@code feature}),
 * {@code modeldeploy.features.absent}, {@code modeldeploy.features.missing.keys} and
 * {@code modeldeploy.features.errors} (tag {@code kind}: {@code timeout} or {@code failure}).
 * Micrometer is an optional dependency: the counters work without it, and only {@link #bindTo} (whose
 * work is done by a class of its own, loaded on that call) needs it on the class path.
 *
 * <p>These counters carry no model or version: an enricher looks features up before, and apart from, the
 * model, and one enricher often serves every variant of a deployment. The time a lookup took per model
 * version is {@link dev.modeldeploy.runtime.online.PredictorMetrics}' {@code feature_lookup} stage.
 * Thread-safe.
 */
public final class FeatureMetrics {
    /** The counters of one lookup. */
    static final class LookupCounters {
        final String lookup;
        final LongAdder absent = new LongAdder();
        final LongAdder missingKeys = new LongAdder();
        final LongAdder failures = new LongAdder();
        final LongAdder timeouts = new LongAdder();
        final Map<String, LongAdder> missing = new ConcurrentHashMap<>();

        LookupCounters(String lookup) {
            this.lookup = lookup;
        }

        LongAdder missing(String feature) {
            return missing.computeIfAbsent(feature, f -> new LongAdder());
        }
    }

    private final Map<String, LookupCounters> lookups;

    FeatureMetrics(Collection<LookupCounters> counters) {
        Map<String, LookupCounters> m = new LinkedHashMap<>();
        for (LookupCounters c : counters) {
            m.put(c.lookup, c);
        }
        this.lookups = Map.copyOf(m);
    }

    /** How many requests lacked this merged feature (its record field name), over all lookups. */
    public long missing(String feature) {
        long n = 0;
        for (LookupCounters c : lookups.values()) {
            LongAdder a = c.missing.get(feature);
            if (a != null) {
                n += a.sum();
            }
        }
        return n;
    }

    /** Missing counts of every merged feature with a known name (named fields and fields with defaults). */
    public Map<String, Long> missingByFeature() {
        Map<String, Long> out = new LinkedHashMap<>();
        for (LookupCounters c : lookups.values()) {
            c.missing.forEach((f, a) -> out.merge(f, a.sum(), Long::sum));
        }
        return out;
    }

    /** Requests whose entity the lookup's source did not know. */
    public long absentEntities(String lookup) {
        return counters(lookup).absent.sum();
    }

    /** Requests without a value in the lookup's key field. */
    public long missingKeys(String lookup) {
        return counters(lookup).missingKeys.sum();
    }

    /** Failed calls to the lookup's source, timeouts excluded. */
    public long failures(String lookup) {
        return counters(lookup).failures.sum();
    }

    /** Calls to the lookup's source that passed their deadline. */
    public long timeouts(String lookup) {
        return counters(lookup).timeouts.sum();
    }

    private LookupCounters counters(String lookup) {
        LookupCounters c = lookups.get(lookup);
        if (c == null) {
            throw new IllegalArgumentException("no lookup named '" + lookup + "'; lookups: " + lookups.keySet());
        }
        return c;
    }

    /** Registers the counters of every named feature and lookup (features first seen later are not added). */
    public void bindTo(MeterRegistry registry) {
        FeatureMeterBinding.bind(lookups.values(), registry);
    }
}

package dev.modeldeploy.runtime.features;

import dev.modeldeploy.runtime.online.RequestEnricher;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Merges precomputed features into raw map records before {@code preprocess} sees them: for each
 * {@link FeatureLookup}, the entity key is read from the request, the entity's fields are looked up,
 * and they are merged into a <em>copy</em> of the request (the caller's map is never changed) under
 * their record names. A field the entity lacks, an absent entity, a request without a key, and (with
 * {@link FailurePolicy#USE_DEFAULTS}) a failed lookup all give the feature's default, or leave it out
 * when it has none, so the model's own missing-value handling applies; each such case counts in
 * {@link #metrics()}.
 *
 * <p>When the request and a lookup both have a field, the configured {@link Precedence} decides
 * (default {@link Precedence#REQUEST_WINS}). Lookups merge in the order added; fields named by two
 * lookups are rejected when built.
 *
 * <p>{@link #enrichAll} looks up each lookup's distinct keys of the whole batch in one
 * {@link FeatureSource#lookupAll} call: one round trip per lookup per micro-batch. Lookups run one
 * after the other, so a request waits at most the sum of their deadlines. The enricher does not own
 * its sources: close them yourself. Immutable and thread-safe.
 *
 * <pre>{@code
 * FeatureEnricher enricher = FeatureEnricher.builder()
 *     .lookup(FeatureLookup.builder("restaurant", restaurants)
 *         .keyField("restaurant_id")
 *         .fields("prep_minutes_7d", "prep_minutes_1h").prefix("restaurant_")
 *         .defaultValue("prep_minutes_7d", 14.0).defaultValue("prep_minutes_1h", 14.0)
 *         .build())
 *     .build();
 * Map<String, Object> record = enricher.enrich(Map.of("restaurant_id", 42, "distance_km", 3.1));
 * // {restaurant_id=42, distance_km=3.1, restaurant_prep_minutes_7d=..., restaurant_prep_minutes_1h=...}
 * }</pre>
 */
public final class FeatureEnricher implements RequestEnricher<Map<String, Object>> {
    // Field names come from the store in all-fields mode; remember only so many prefixed forms.
    private static final int MAX_REMEMBERED_NAMES = 4_096;

    private final Plan[] plans;
    private final boolean requestWins;
    private final FeatureMetrics metrics;

    private FeatureEnricher(Builder b) {
        this.requestWins = b.precedence == Precedence.REQUEST_WINS;
        this.plans = new Plan[b.lookups.size()];
        List<FeatureMetrics.LookupCounters> counters = new ArrayList<>();
        for (int i = 0; i < plans.length; i++) {
            plans[i] = new Plan(b.lookups.get(i));
            counters.add(plans[i].counters);
        }
        this.metrics = new FeatureMetrics(counters);
    }

    /** A new builder; add at least one lookup. */
    public static Builder builder() {
        return new Builder();
    }

    /** A copy of {@code request} with every lookup's features merged in. */
    @Override
    public Map<String, Object> enrich(Map<String, Object> request) {
        Map<String, Object> out = copy(request);
        for (Plan p : plans) {
            String key = EntityKeys.of(request.get(p.keyField));
            Map<String, Object> fields = null;
            if (key == null) {
                p.counters.missingKeys.increment();
            } else {
                fields = p.lookupOne(key);
            }
            p.merge(request, out, fields, requestWins);
        }
        return out;
    }

    /** Copies of every request with their features merged in, in order; one source call per lookup for the whole batch. */
    @Override
    public List<Map<String, Object>> enrichAll(List<Map<String, Object>> requests) {
        int n = requests.size();
        List<Map<String, Object>> out = new ArrayList<>(n);
        for (Map<String, Object> r : requests) {
            out.add(copy(r));
        }
        String[] keys = new String[n];
        for (Plan p : plans) {
            Set<String> distinct = new LinkedHashSet<>();
            for (int i = 0; i < n; i++) {
                keys[i] = EntityKeys.of(requests.get(i).get(p.keyField));
                if (keys[i] != null) {
                    distinct.add(keys[i]);
                } else {
                    p.counters.missingKeys.increment();
                }
            }
            Map<String, Map<String, Object>> found = distinct.isEmpty() ? Map.of() : p.lookupMany(distinct);
            for (int i = 0; i < n; i++) {
                Map<String, Object> fields = null;
                if (keys[i] != null && found != null) {
                    fields = found.get(keys[i]);
                    if (fields == null) {
                        p.counters.absent.increment();
                    }
                }
                p.merge(requests.get(i), out.get(i), fields, requestWins);
            }
        }
        return out;
    }

    /** Counters of missing features, absent entities and failed lookups. */
    public FeatureMetrics metrics() {
        return metrics;
    }

    private Map<String, Object> copy(Map<String, Object> request) {
        Map<String, Object> out = new LinkedHashMap<>(((request.size() + plans.length * 4) * 4) / 3 + 1);
        out.putAll(request);
        return out;
    }

    /** One lookup, compiled to arrays for the per-request loop. */
    private static final class Plan {
        final String keyField;
        final FeatureSource source;
        final FailurePolicy onFailure;
        final boolean allFields;
        final String prefix;
        final Map<String, String> prefixedNames = new ConcurrentHashMap<>();
        /** The fields whose absence is counted and defaulted: the named ones, or those with defaults. */
        final String[] expected;
        final String[] expectedOutput;
        final Object[] defaults;
        final LongAdder[] missing;
        final FeatureMetrics.LookupCounters counters;

        Plan(FeatureLookup l) {
            this.prefix = l.prefix();
            this.keyField = l.keyField();
            this.source = l.source();
            this.onFailure = l.onFailure();
            this.allFields = l.allFields();
            this.counters = new FeatureMetrics.LookupCounters(l.name());
            List<String> names = new ArrayList<>(allFields ? l.defaults().keySet() : l.mapping().keySet());
            int k = names.size();
            expected = names.toArray(String[]::new);
            expectedOutput = new String[k];
            defaults = new Object[k];
            missing = new LongAdder[k];
            for (int i = 0; i < k; i++) {
                expectedOutput[i] = l.outputName(expected[i]);
                defaults[i] = l.defaults().get(expected[i]);
                missing[i] = counters.missing(expectedOutput[i]);
            }
        }

        /** A source field's record name in all-fields mode, without a string concatenation per request. */
        private String prefixed(String field) {
            if (prefix.isEmpty()) {
                return field;
            }
            String name = prefixedNames.get(field);
            if (name == null) {
                name = prefix + field;
                if (prefixedNames.size() < MAX_REMEMBERED_NAMES) {
                    prefixedNames.putIfAbsent(field, name);
                }
            }
            return name;
        }

        /** The entity's fields, or null when it is absent or the lookup failed (each counted) and defaults apply. */
        Map<String, Object> lookupOne(String key) {
            Optional<Map<String, Object>> found;
            try {
                found = source.lookup(key);
            } catch (FeatureLookupException e) {
                return failed(e);
            }
            if (found.isEmpty()) {
                counters.absent.increment();
                return null;
            }
            return found.get();
        }

        /** The entities, or null when the lookup failed and defaults apply. */
        Map<String, Map<String, Object>> lookupMany(Set<String> keys) {
            try {
                return source.lookupAll(keys);
            } catch (FeatureLookupException e) {
                return failed(e);
            }
        }

        private <T> T failed(FeatureLookupException e) {
            (e instanceof FeatureTimeoutException ? counters.timeouts : counters.failures).increment();
            if (onFailure == FailurePolicy.THROW) {
                throw e;
            }
            return null;
        }

        /** Merges an entity's fields (null: absent or failed) into {@code out}. */
        void merge(Map<String, Object> request, Map<String, Object> out, Map<String, Object> fields, boolean requestWins) {
            if (allFields && fields != null) {
                for (Map.Entry<String, Object> e : fields.entrySet()) {
                    put(request, out, prefixed(e.getKey()), e.getValue(), requestWins);
                }
            }
            for (int i = 0; i < expected.length; i++) {
                Object v = fields == null ? null : fields.get(expected[i]);
                if (v == null) {
                    missing[i].increment();
                    v = defaults[i];
                    if (v != null) {
                        put(request, out, expectedOutput[i], v, requestWins);
                    }
                } else if (!allFields) {
                    put(request, out, expectedOutput[i], v, requestWins);
                }
            }
        }

        private static void put(Map<String, Object> request, Map<String, Object> out, String name, Object value, boolean requestWins) {
            if (requestWins && request.get(name) != null) {
                return;
            }
            out.put(name, value);
        }
    }

    /** Options of a {@link FeatureEnricher}. Not thread-safe. */
    public static final class Builder {
        private final List<FeatureLookup> lookups = new ArrayList<>();
        private Precedence precedence = Precedence.REQUEST_WINS;

        private Builder() {
        }

        /** Adds a lookup; lookups merge in the order added. */
        public Builder lookup(FeatureLookup lookup) {
            lookups.add(Objects.requireNonNull(lookup, "lookup"));
            return this;
        }

        /** Which value stays when the request and a lookup have the same field (default {@link Precedence#REQUEST_WINS}). */
        public Builder precedence(Precedence value) {
            this.precedence = Objects.requireNonNull(value, "precedence");
            return this;
        }

        /**
         * The enricher.
         *
         * @throws IllegalStateException without lookups, with two lookups of one name, or with a record
         *                               field that two lookups name
         */
        public FeatureEnricher build() {
            if (lookups.isEmpty()) {
                throw new IllegalStateException("a feature enricher needs at least one lookup");
            }
            Set<String> names = new HashSet<>();
            Map<String, String> outputs = new HashMap<>();
            for (FeatureLookup l : lookups) {
                if (!names.add(l.name())) {
                    throw new IllegalStateException("two lookups are named '" + l.name() + "'");
                }
                Iterable<String> fields = l.allFields() ? l.defaults().keySet() : l.mapping().keySet();
                for (String f : fields) {
                    String previous = outputs.putIfAbsent(l.outputName(f), l.name());
                    if (previous != null) {
                        throw new IllegalStateException("lookups '" + previous + "' and '" + l.name() + "' both merge the field '"
                                + l.outputName(f) + "'; give one a prefix or an explicit field name");
                    }
                }
            }
            return new FeatureEnricher(this);
        }
    }
}

package dev.modeldeploy.runtime.features;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One lookup of a {@link FeatureEnricher}: which request field holds the entity key, which
 * {@link FeatureSource} knows the entity, which of its fields to merge under which names, their
 * defaults, and what a failure does. For example, {@code restaurant_id} → restaurant features, each
 * merged as {@code restaurant_<field>}.
 *
 * <p>Field names: by default every field the source returns is merged, named with the
 * {@linkplain Builder#prefix prefix} (none by default). Naming {@linkplain Builder#fields fields} or
 * {@linkplain Builder#field mapping} them merges only those; a mapping gives a field an explicit name.
 * Defaults are keyed by the source's field name. Immutable.
 *
 * @param name       the lookup's name, in metrics and errors (such as {@code restaurant})
 * @param keyField   the request field that holds the entity key
 * @param source     where the entity's features are
 * @param prefix     put before each source field name that has no explicit mapping
 * @param mapping    source field → record field name ({@code null}: prefix + source name), in order; empty means all fields
 * @param defaults   source field → value used when the entity, the field, or the lookup is missing
 * @param onFailure  what a failed lookup does
 */
public record FeatureLookup(String name, String keyField, FeatureSource source, String prefix, Map<String, String> mapping,
                            Map<String, Object> defaults, FailurePolicy onFailure) {
    public FeatureLookup {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(keyField, "keyField");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(onFailure, "onFailure");
        mapping = Collections.unmodifiableMap(new LinkedHashMap<>(mapping)); // values may be null
        defaults = Map.copyOf(defaults);
        if (!mapping.isEmpty()) {
            for (String f : defaults.keySet()) {
                if (!mapping.containsKey(f)) {
                    throw new IllegalArgumentException("lookup '" + name + "' has a default for '" + f + "', which is not one of its fields " + mapping.keySet());
                }
            }
        }
    }

    /** A lookup named {@code name} of entities in {@code source}. */
    public static Builder builder(String name, FeatureSource source) {
        return new Builder(name, source);
    }

    /** Whether every field the source returns is merged (no fields named). */
    public boolean allFields() {
        return mapping.isEmpty();
    }

    /** The record field name for a source field. */
    public String outputName(String sourceField) {
        String explicit = mapping.get(sourceField);
        return explicit != null ? explicit : prefix + sourceField;
    }

    /** Options of a {@link FeatureLookup}. Not thread-safe. */
    public static final class Builder {
        private final String name;
        private final FeatureSource source;
        private String keyField;
        private String prefix = "";
        private final Map<String, String> mapping = new LinkedHashMap<>();
        private final Map<String, Object> defaults = new LinkedHashMap<>();
        private FailurePolicy onFailure = FailurePolicy.USE_DEFAULTS;

        private Builder(String name, FeatureSource source) {
            this.name = Objects.requireNonNull(name, "name");
            this.source = Objects.requireNonNull(source, "source");
        }

        /** The request field that holds the entity key (required). */
        public Builder keyField(String field) {
            this.keyField = Objects.requireNonNull(field, "keyField");
            return this;
        }

        /** Put before each merged field name without an explicit mapping, such as {@code "restaurant_"}. */
        public Builder prefix(String value) {
            this.prefix = Objects.requireNonNull(value, "prefix");
            return this;
        }

        /** Merge only these source fields (plus any {@linkplain #field mapped} ones), named with the prefix. */
        public Builder fields(String... sourceFields) {
            for (String f : sourceFields) {
                mapping.putIfAbsent(Objects.requireNonNull(f, "field"), null);
            }
            return this;
        }

        /** Merge {@code sourceField} as {@code recordField}. */
        public Builder field(String sourceField, String recordField) {
            mapping.put(Objects.requireNonNull(sourceField, "sourceField"), Objects.requireNonNull(recordField, "recordField"));
            return this;
        }

        /** The value of {@code sourceField} when the entity, the field or the lookup is missing. */
        public Builder defaultValue(String sourceField, Object value) {
            defaults.put(Objects.requireNonNull(sourceField, "sourceField"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Several defaults at once, by source field name. */
        public Builder defaults(Map<String, ?> values) {
            values.forEach(this::defaultValue);
            return this;
        }

        /** What a failed lookup does (default {@link FailurePolicy#USE_DEFAULTS}). */
        public Builder onFailure(FailurePolicy policy) {
            this.onFailure = Objects.requireNonNull(policy, "onFailure");
            return this;
        }

        public FeatureLookup build() {
            if (keyField == null) {
                throw new IllegalStateException("lookup '" + name + "' needs a keyField");
            }
            return new FeatureLookup(name, keyField, source, prefix, mapping, defaults, onFailure);
        }
    }
}

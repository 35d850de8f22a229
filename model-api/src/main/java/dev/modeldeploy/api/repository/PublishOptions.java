package dev.modeldeploy.api.repository;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.modeldeploy.api.bundle.Compression;
import dev.modeldeploy.api.internal.Json;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * How to publish a model: description, tags, an input example, a training sample for the monitoring
 * baseline, an explicit version, the archive's compression. Immutable and thread-safe; build with
 * {@link #builder()}.
 */
public final class PublishOptions {
    private static final PublishOptions DEFAULTS = builder().build();
    private static final TypeReference<Map<String, Object>> RECORD = new TypeReference<>() {
    };

    private final String description;
    private final Map<String, String> tags;
    private final List<Map<String, Object>> inputExample;
    private final List<Map<String, Object>> trainingSample;
    private final int version;
    private final Compression compression;

    private PublishOptions(Builder b) {
        this.description = b.description;
        this.tags = java.util.Collections.unmodifiableMap(new TreeMap<>(b.tags));
        this.inputExample = b.inputExample;
        this.trainingSample = b.trainingSample;
        this.version = b.version;
        this.compression = b.compression;
    }

    /** Publish as the next free version with the model's own description and no extras. */
    public static PublishOptions defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The description, if one was given (otherwise the model's own is kept). */
    public Optional<String> description() {
        return Optional.ofNullable(description);
    }

    /** Tags added to the model's own (these win on a clash). */
    public Map<String, String> tags() {
        return tags;
    }

    /** Example raw records as field maps, if given (otherwise the model's own are kept). */
    public Optional<List<Map<String, Object>>> inputExample() {
        return Optional.ofNullable(inputExample);
    }

    /** Training rows as field maps from which a monitoring baseline is computed, if given. */
    public Optional<List<Map<String, Object>>> trainingSample() {
        return Optional.ofNullable(trainingSample);
    }

    /** The explicit version to publish, if one was asked for. */
    public OptionalInt version() {
        return version > 0 ? OptionalInt.of(version) : OptionalInt.empty();
    }

    /** The archive's compression. */
    public Compression compression() {
        return compression;
    }

    /** Builds {@link PublishOptions}. Not thread-safe. */
    public static final class Builder {
        private String description;
        private Map<String, String> tags = Map.of();
        private List<Map<String, Object>> inputExample;
        private List<Map<String, Object>> trainingSample;
        private int version;
        private Compression compression = Compression.ZSTD;

        private Builder() {
        }

        public Builder description(String description) {
            this.description = Objects.requireNonNull(description, "description");
            return this;
        }

        public Builder tags(Map<String, String> tags) {
            this.tags = Map.copyOf(tags);
            return this;
        }

        /**
         * A few raw records (maps, Java records or beans; turned into JSON field maps), stored with the
         * model for warm-up and documentation.
         */
        public Builder inputExample(List<?> records) {
            this.inputExample = toFieldMaps(records, "inputExample");
            return this;
        }

        /** Training rows from which the monitoring baseline is computed at publish time. */
        public Builder trainingSample(List<?> records) {
            this.trainingSample = toFieldMaps(records, "trainingSample");
            return this;
        }

        /** Publish exactly this version (fails if it is taken) instead of the next free one. */
        public Builder version(int version) {
            if (version <= 0) {
                throw new IllegalArgumentException("versions start at 1, got " + version);
            }
            this.version = version;
            return this;
        }

        public Builder compression(Compression compression) {
            this.compression = Objects.requireNonNull(compression, "compression");
            return this;
        }

        public PublishOptions build() {
            return new PublishOptions(this);
        }

        private static List<Map<String, Object>> toFieldMaps(List<?> records, String what) {
            List<Map<String, Object>> out = new ArrayList<>(records.size());
            for (int i = 0; i < records.size(); i++) {
                Object r = records.get(i);
                try {
                    out.add(Json.MAPPER.convertValue(r, RECORD));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(what + "[" + i + "] is not a record with fields (a map, Java record or bean): "
                            + e.getMessage(), e);
                }
            }
            return List.copyOf(out);
        }
    }
}

package dev.modeldeploy.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import dev.modeldeploy.api.schema.Schema;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a model is: its name and version, the format that loads it, when it was made, what it expects
 * and returns, and what its publisher said about it. Stored in the bundle's {@code MODEL.json} and
 * covered by its integrity check.
 *
 * <p>Immutable and thread-safe. A model that was never published has version 0; publishing stamps
 * the name, version and creation time of the published copy.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"name", "version", "format", "formatVersion", "createdAt", "description", "tags",
        "inputSchema", "outputSchema", "inputExample", "baseline"})
public final class ModelInfo {
    private final String name;
    private final int version;
    private final String format;
    private final String formatVersion;
    private final Instant createdAt;
    private final String description;
    private final Map<String, String> tags;
    private final Schema inputSchema;
    private final Schema outputSchema;
    private final List<Map<String, Object>> inputExample;
    private final JsonNode baseline;

    private ModelInfo(Builder b) {
        this.name = requireText(b.name, "name");
        if (b.version < 0) {
            throw new IllegalArgumentException("version must be >= 0, was " + b.version);
        }
        this.version = b.version;
        this.format = requireText(b.format, "format");
        this.formatVersion = Objects.requireNonNull(b.formatVersion, "formatVersion");
        // Millisecond precision so that the JSON form round-trips to an equal value.
        this.createdAt = Objects.requireNonNull(b.createdAt, "createdAt").truncatedTo(ChronoUnit.MILLIS);
        this.description = Objects.requireNonNull(b.description, "description");
        this.tags = java.util.Collections.unmodifiableMap(new TreeMap<>(b.tags));
        this.inputSchema = Objects.requireNonNull(b.inputSchema, "inputSchema");
        this.outputSchema = Objects.requireNonNull(b.outputSchema, "outputSchema");
        List<Map<String, Object>> example = new ArrayList<>();
        for (Map<String, Object> record : b.inputExample) {
            example.add(java.util.Collections.unmodifiableMap(new LinkedHashMap<>(record)));
        }
        this.inputExample = List.copyOf(example);
        this.baseline = b.baseline == null ? null : b.baseline.deepCopy();
    }

    private static String requireText(String value, String what) {
        Objects.requireNonNull(value, what);
        if (value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
        return value;
    }

    @JsonCreator
    static ModelInfo fromJson(@JsonProperty("name") String name,
                              @JsonProperty("version") int version,
                              @JsonProperty("format") String format,
                              @JsonProperty("formatVersion") String formatVersion,
                              @JsonProperty("createdAt") Instant createdAt,
                              @JsonProperty("description") String description,
                              @JsonProperty("tags") Map<String, String> tags,
                              @JsonProperty("inputSchema") Schema inputSchema,
                              @JsonProperty("outputSchema") Schema outputSchema,
                              @JsonProperty("inputExample") List<Map<String, Object>> inputExample,
                              @JsonProperty("baseline") JsonNode baseline) {
        Builder b = builder(name, format).version(version).formatVersion(formatVersion == null ? "" : formatVersion)
                .createdAt(createdAt == null ? Instant.EPOCH : createdAt)
                .description(description == null ? "" : description)
                .tags(tags == null ? Map.of() : tags)
                .inputSchema(inputSchema == null ? Schema.empty() : inputSchema)
                .outputSchema(outputSchema == null ? Schema.empty() : outputSchema)
                .inputExample(inputExample == null ? List.of() : inputExample);
        b.baseline = baseline;
        return b.build();
    }

    /** A builder for a model of this name and format; everything else has a default. */
    public static Builder builder(String name, String format) {
        return new Builder(name, format);
    }

    /** A builder holding this info's values, to derive a changed copy. */
    public Builder toBuilder() {
        Builder b = new Builder(name, format).version(version).formatVersion(formatVersion).createdAt(createdAt)
                .description(description).tags(tags).inputSchema(inputSchema).outputSchema(outputSchema)
                .inputExample(inputExample);
        b.baseline = baseline;
        return b;
    }

    /** The model's name (the last path segment of its URI). */
    @JsonProperty
    public String name() {
        return name;
    }

    /** The published version, or 0 for a model that was never published. */
    @JsonProperty
    public int version() {
        return version;
    }

    /** The name of the {@code ModelFormat} that saves and loads this model. */
    @JsonProperty
    public String format() {
        return format;
    }

    /** The version of the format's own file layout, so a format can read older bundles. */
    @JsonProperty
    public String formatVersion() {
        return formatVersion;
    }

    /** When this version was published (or the model created, if never published). */
    @JsonProperty
    public Instant createdAt() {
        return createdAt;
    }

    /** A free-text description (empty if none). */
    @JsonProperty
    public String description() {
        return description;
    }

    /** Free-form tags (team, training run, data snapshot), sorted by key. */
    @JsonProperty
    public Map<String, String> tags() {
        return tags;
    }

    /** The schema of raw input records. */
    @JsonProperty
    public Schema inputSchema() {
        return inputSchema;
    }

    /** The schema of predictions. */
    @JsonProperty
    public Schema outputSchema() {
        return outputSchema;
    }

    /** A few raw input records, as field maps, for warm-up and documentation. */
    @JsonProperty
    public List<Map<String, Object>> inputExample() {
        return inputExample;
    }

    /** The training baseline (distributions of inputs and outputs) used by drift monitoring, if one was computed. */
    @JsonIgnore
    public Optional<JsonNode> baseline() {
        return Optional.ofNullable(baseline).map(JsonNode::deepCopy);
    }

    @JsonProperty("baseline")
    JsonNode baselineForJson() {
        return baseline;
    }

    /** {@code name/version}, for messages. */
    @Override
    public String toString() {
        return name + "/" + version + " (" + format + ")";
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ModelInfo other)) {
            return false;
        }
        return version == other.version && name.equals(other.name) && format.equals(other.format)
                && formatVersion.equals(other.formatVersion) && createdAt.equals(other.createdAt)
                && description.equals(other.description) && tags.equals(other.tags)
                && inputSchema.equals(other.inputSchema) && outputSchema.equals(other.outputSchema)
                && inputExample.equals(other.inputExample) && Objects.equals(baseline, other.baseline);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, version, format, formatVersion, createdAt, description, tags, inputSchema, outputSchema);
    }

    /** Builds a {@link ModelInfo}. Not thread-safe. */
    public static final class Builder {
        private String name;
        private int version;
        private final String format;
        private String formatVersion = "1";
        private Instant createdAt = Instant.now();
        private String description = "";
        private Map<String, String> tags = Map.of();
        private Schema inputSchema = Schema.empty();
        private Schema outputSchema = Schema.empty();
        private List<Map<String, Object>> inputExample = List.of();
        private JsonNode baseline;

        private Builder(String name, String format) {
            this.name = name;
            this.format = format;
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder version(int version) {
            this.version = version;
            return this;
        }

        public Builder formatVersion(String formatVersion) {
            this.formatVersion = formatVersion;
            return this;
        }

        public Builder createdAt(Instant createdAt) {
            this.createdAt = createdAt;
            return this;
        }

        public Builder description(String description) {
            this.description = description;
            return this;
        }

        public Builder tags(Map<String, String> tags) {
            this.tags = Map.copyOf(tags);
            return this;
        }

        public Builder inputSchema(Schema inputSchema) {
            this.inputSchema = inputSchema;
            return this;
        }

        public Builder outputSchema(Schema outputSchema) {
            this.outputSchema = outputSchema;
            return this;
        }

        /** Raw example records as field maps (JSON-compatible values). */
        public Builder inputExample(List<Map<String, Object>> inputExample) {
            this.inputExample = List.copyOf(inputExample);
            return this;
        }

        /** The training baseline (a JSON document whose layout belongs to the monitoring module); null for none. */
        public Builder baseline(JsonNode baseline) {
            this.baseline = baseline;
            return this;
        }

        public ModelInfo build() {
            return new ModelInfo(this);
        }
    }
}

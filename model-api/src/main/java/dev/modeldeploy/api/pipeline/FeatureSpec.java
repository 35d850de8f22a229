package dev.modeldeploy.api.pipeline;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.modeldeploy.api.error.FeatureSpecException;
import dev.modeldeploy.api.schema.Field;
import dev.modeldeploy.api.schema.FieldType;
import dev.modeldeploy.api.schema.Schema;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import dev.modeldeploy.api.internal.Required;

/**
 * A declarative feature pipeline: the raw fields a model reads ({@link #inputs()}) and the features
 * made from them ({@link #features()}), in the order of the model's feature vector. Stored as JSON
 * ({@value #FILE_NAME}) inside a model's bundle and {@linkplain #compile() compiled} once, at load, into
 * a {@link FeaturePipeline}.
 *
 * <pre>{@code
 * {
 *   "version": 1,
 *   "inputs": [
 *     {"name": "visits",     "type": "DOUBLE", "nullable": true},
 *     {"name": "country",    "type": "STRING"},
 *     {"name": "signedUpAt", "type": "TIMESTAMP"}
 *   ],
 *   "features": [
 *     {"input": "visits", "transforms": [{"type": "impute", "value": 0}, {"type": "log1p"}]},
 *     {"input": "country", "transforms": [{"type": "oneHot", "vocabulary": ["DE", "FR"], "unknown": "OTHER"}]},
 *     {"name": "signupHour", "input": "signedUpAt", "transforms": [{"type": "hourOfDay", "zone": "Europe/Berlin"}]}
 *   ]
 * }
 * }</pre>
 *
 * <p>Reading is strict: an unknown transform {@code type}, an unknown property, a missing required
 * parameter or a wrong value type is a {@link FeatureSpecException} naming where it is, because a
 * silently skipped step would make different features than training did. A spec never names a class.
 *
 * <p>Immutable and thread-safe. Every instance is valid: the constructor checks that each feature
 * reads a declared input, that each transform fits what flows into it (see {@link Transform}), and
 * that feature names are unique.
 *
 * @param version  the spec layout version, {@value #CURRENT_VERSION}
 * @param inputs   the raw fields, in order (their order is the order of {@link #inputSchema()})
 * @param features the features, in the order of the feature vector
 */
@JsonPropertyOrder({"version", "inputs", "features"})
public record FeatureSpec(@Required int version,
                          @Required List<InputField> inputs,
                          @Required List<Feature> features) {
    /** The layout version this library writes and reads. */
    public static final int CURRENT_VERSION = 1;
    /** The spec's file name inside a bundle. */
    public static final String FILE_NAME = "features.json";

    public FeatureSpec {
        if (version != CURRENT_VERSION) {
            throw new FeatureSpecException("version", "unsupported spec version " + version + " (this library reads version "
                    + CURRENT_VERSION + ")");
        }
        inputs = copyWithoutNulls(inputs, "inputs");
        features = copyWithoutNulls(features, "features");
        check(inputs, features);
    }

    private static <T> List<T> copyWithoutNulls(List<T> list, String what) {
        if (list == null) {
            throw new FeatureSpecException(what, "missing");
        }
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) == null) {
                throw new FeatureSpecException(what + "[" + i + "]", "null");
            }
        }
        return List.copyOf(list);
    }

    private static void check(List<InputField> inputs, List<Feature> features) {
        Map<String, InputField> byName = new HashMap<>();
        for (int i = 0; i < inputs.size(); i++) {
            if (byName.put(inputs.get(i).name(), inputs.get(i)) != null) {
                throw new FeatureSpecException("inputs[" + i + "]", "input '" + inputs.get(i).name() + "' is declared twice");
            }
        }
        if (features.isEmpty()) {
            throw new FeatureSpecException("features", "a spec needs at least one feature");
        }
        Set<String> columns = new HashSet<>();
        for (int j = 0; j < features.size(); j++) {
            Feature f = features.get(j);
            String at = "features[" + j + "] ('" + f.outputName() + "')";
            InputField input = byName.get(f.input());
            if (input == null) {
                throw new FeatureSpecException(at, "reads undeclared input '" + f.input() + "'; declared inputs: "
                        + inputs.stream().map(InputField::name).toList());
            }
            List<String> names;
            try {
                names = ChainRules.check(f, input);
            } catch (FeatureSpecException e) {
                throw e.under(at);
            }
            for (String name : names) {
                if (!columns.add(name)) {
                    throw new FeatureSpecException(at, "feature name '" + name + "' is used twice; give features that read the same input a 'name'");
                }
            }
        }
    }

    /** A builder for a spec of the current version. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads a spec from JSON, strictly.
     *
     * @throws FeatureSpecException naming where the JSON is wrong
     */
    public static FeatureSpec fromJson(String json) {
        return SpecJson.read(json);
    }

    /** Reads a spec file, strictly (a bundle's {@value #FILE_NAME}). */
    public static FeatureSpec read(Path file) throws IOException {
        return SpecJson.read(Files.readString(file));
    }

    /** This spec as JSON (pretty-printed). */
    public String toJson() {
        return SpecJson.write(this);
    }

    /** Writes this spec to a file, replacing it. */
    public void write(Path file) throws IOException {
        Files.writeString(file, toJson());
    }

    /** The names of the feature vector's columns, in order (one-hot groups as {@code name=value}). */
    public List<String> featureNames() {
        Map<String, InputField> byName = new HashMap<>();
        inputs.forEach(i -> byName.put(i.name(), i));
        List<String> names = new ArrayList<>();
        for (Feature f : features) {
            names.addAll(ChainRules.check(f, byName.get(f.input())));
        }
        return List.copyOf(names);
    }

    /** The schema of the raw records this spec reads: the inputs as fields. */
    public Schema inputSchema() {
        List<Field> fields = new ArrayList<>();
        inputs.forEach(i -> fields.add(i.toField()));
        return new Schema(fields);
    }

    /** Compiles this spec into a fast, thread-safe pipeline. */
    public FeaturePipeline compile() {
        return FeaturePipeline.compile(this);
    }

    /** Builds a {@link FeatureSpec}. Not thread-safe. */
    public static final class Builder {
        private final List<InputField> inputs = new ArrayList<>();
        private final List<Feature> features = new ArrayList<>();

        private Builder() {
        }

        /** Declares a raw input field. */
        public Builder input(InputField input) {
            inputs.add(input);
            return this;
        }

        /** Adds a feature. */
        public Builder feature(Feature feature) {
            features.add(feature);
            return this;
        }

        /** Adds a feature named after its input. */
        public Builder feature(String input, Transform... transforms) {
            return feature(Feature.of(input, transforms));
        }

        /** Declares a required {@code DOUBLE} input and a feature of the same name reading it. */
        public Builder numeric(String name, Transform... transforms) {
            return input(InputField.required(name, FieldType.DOUBLE)).feature(name, transforms);
        }

        /** The spec; throws {@link FeatureSpecException} if it is inconsistent. */
        public FeatureSpec build() {
            return new FeatureSpec(CURRENT_VERSION, inputs, features);
        }
    }
}

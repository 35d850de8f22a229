package dev.modeldeploy.api.pipeline;

import dev.modeldeploy.api.pipeline.CompiledFeatures.CategoryFeature;
import dev.modeldeploy.api.pipeline.CompiledFeatures.NumberFeature;
import dev.modeldeploy.api.pipeline.CompiledFeatures.TimeFeature;
import dev.modeldeploy.api.schema.Schema;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link FeatureSpec} compiled once into the form that runs per record: transforms turned into
 * primitive arrays, vocabularies into hash maps, time zones into their rules, features grouped by the
 * input they read. {@linkplain #bind(RecordType) Bind} it to a kind of raw record to get a
 * {@link Preprocessor}:
 *
 * <pre>{@code
 * FeaturePipeline pipeline = FeatureSpec.read(bundle.resolve("features.json")).compile();
 * Preprocessor<Map<String, Object>> pre = pipeline.forMaps();
 * float[] x = pre.apply(Map.of("visits", 3, "country", "DE", "signedUpAt", "2024-03-31T01:30:00Z"));
 * }</pre>
 *
 * <p>This is what any format whose model takes a dense float vector (the built-in {@code linear}
 * format, ONNX) uses for its {@code preprocess}; see {@link PipelineModel}.
 *
 * <p>Immutable and thread-safe.
 */
public final class FeaturePipeline {
    private final FeatureSpec spec;
    private final List<String> featureNames;
    private final List<String> inputNames;
    private final CompiledInput[] inputs;

    private FeaturePipeline(FeatureSpec spec, List<String> featureNames, CompiledInput[] inputs) {
        this.spec = spec;
        this.featureNames = featureNames;
        this.inputNames = spec.inputs().stream().map(InputField::name).toList();
        this.inputs = inputs;
    }

    /** Compiles a spec. */
    public static FeaturePipeline compile(FeatureSpec spec) {
        Map<String, Integer> inputIndex = new HashMap<>();
        List<InputField> fields = spec.inputs();
        List<List<NumberFeature>> numbers = new ArrayList<>();
        List<List<CategoryFeature>> categories = new ArrayList<>();
        List<List<TimeFeature>> times = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
            inputIndex.put(fields.get(i).name(), i);
            numbers.add(new ArrayList<>());
            categories.add(new ArrayList<>());
            times.add(new ArrayList<>());
        }
        List<String> names = new ArrayList<>();
        for (Feature f : spec.features()) {
            int in = inputIndex.get(f.input());
            InputField field = fields.get(in);
            int offset = names.size();
            names.addAll(ChainRules.check(f, field));
            NumberChain chain = NumberChain.of(field.name(), f.transforms());
            Transform first = f.transforms().isEmpty() ? null : f.transforms().get(0);
            if (first instanceof Transform.OneHot o) {
                categories.get(in).add(new CategoryFeature(field.name(), offset, o.vocabulary(), o.unknown(), true, chain));
            } else if (first instanceof Transform.Ordinal o) {
                categories.get(in).add(new CategoryFeature(field.name(), offset, o.vocabulary(), o.unknown(), false, chain));
            } else if (first instanceof Transform.HourOfDay h) {
                times.get(in).add(new TimeFeature(offset, true, h.zone(), chain));
            } else if (first instanceof Transform.DayOfWeek d) {
                times.get(in).add(new TimeFeature(offset, false, d.zone(), chain));
            } else {
                numbers.get(in).add(new NumberFeature(offset, chain));
            }
        }
        CompiledInput[] compiled = new CompiledInput[fields.size()];
        for (int i = 0; i < compiled.length; i++) {
            compiled[i] = new CompiledInput(i, fields.get(i), numbers.get(i).toArray(NumberFeature[]::new),
                    categories.get(i).toArray(CategoryFeature[]::new), times.get(i).toArray(TimeFeature[]::new));
        }
        return new FeaturePipeline(spec, List.copyOf(names), compiled);
    }

    /** The spec this pipeline was compiled from. */
    public FeatureSpec spec() {
        return spec;
    }

    /** Length of the feature vector. */
    public int width() {
        return featureNames.size();
    }

    /**
     * The names of the feature vector's columns, in order: a feature's name, or {@code name=value} for
     * each one-hot column (and {@code name=<other>} for the bucket of unknown values). Use them to map
     * features to a model's inputs and to label monitoring.
     */
    public List<String> featureNames() {
        return featureNames;
    }

    /** The raw input fields' names, in spec order. */
    public List<String> inputNames() {
        return inputNames;
    }

    /** The schema raw records are validated against: the model's input schema. */
    public Schema inputSchema() {
        return spec.inputSchema();
    }

    /**
     * A preprocessor reading this kind of record.
     *
     * @throws IllegalArgumentException if the record type lacks a field the spec reads, or declares one
     *         with a type it can never satisfy (a {@code String} component for a {@code DOUBLE} input)
     */
    public <R> Preprocessor<R> bind(RecordType<R> recordType) {
        return new Preprocessor<>(this, recordType, recordType.bind(inputNames), inputs);
    }

    /** A preprocessor reading {@code Map}s by key. */
    public Preprocessor<Map<String, Object>> forMaps() {
        return bind(RecordType.map());
    }

    /** A preprocessor reading instances of a Java record or bean class (see {@link RecordType#of(Class)}). */
    public <R> Preprocessor<R> forClass(Class<R> type) {
        return bind(RecordType.of(type));
    }

    @Override
    public String toString() {
        return "FeaturePipeline" + featureNames;
    }
}

package dev.modeldeploy.api.linear;

import dev.modeldeploy.api.ModelInfo;
import dev.modeldeploy.api.pipeline.FeaturePipeline;
import dev.modeldeploy.api.pipeline.FeatureSpec;
import dev.modeldeploy.api.pipeline.PipelineModel;
import dev.modeldeploy.api.pipeline.Preprocessor;
import dev.modeldeploy.api.pipeline.RecordType;
import dev.modeldeploy.api.prediction.Classification;
import dev.modeldeploy.api.prediction.Regression;
import dev.modeldeploy.api.schema.Schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A linear regression or logistic regression over a feature pipeline, computed in pure Java: the
 * built-in {@code linear} format. Make one from a trained model's weights (scikit-learn's
 * {@code coef_}, {@code intercept_} and {@code classes_}) and publish it:
 *
 * <pre>{@code
 * FeatureSpec spec = FeatureSpec.builder()
 *         .numeric("visits", Transform.standardize(4.2, 3.1))
 *         .numeric("emails", Transform.standardize(1.5, 1.2))
 *         .build();
 * LinearModel<Map<String, Object>, Classification> churn = LinearModel.logisticRegression("churn", spec)
 *         .labels("stay", "churn")                      // classes_
 *         .coefficients(new double[][] {{0.8, -1.3}})   // coef_
 *         .intercepts(-0.25)                            // intercept_
 *         .build();
 * URI published = churn.toRemote(URI.create("s3://ml-models/churn"));
 * }</pre>
 *
 * <p>The model reads {@code Map<String, Object>} records; {@link #forClass(Class)} gives the same model
 * reading a record or bean class of your own. Scores are computed in double precision from the float
 * features; a prediction allocates only its result (and, for a classifier, its probability array).
 * A bundle holds {@code features.json} (the {@link FeatureSpec}) and {@code linear.json} (the weights);
 * see {@link LinearFormat}.
 *
 * <p>Immutable and thread-safe. {@link #close()} releases nothing (there is nothing native) and the
 * model stays usable.
 *
 * @param <I> the raw record type
 * @param <O> {@link Regression} or {@link Classification}
 */
public final class LinearModel<I, O> extends PipelineModel<I, O> {
    /** The format's name in manifests. */
    public static final String FORMAT = "linear";
    static final String FORMAT_VERSION = "1";

    /** What a linear model predicts. */
    public enum Task {
        /** A number: {@code intercept + coefficients · x}. */
        REGRESSION,
        /** A class: logistic regression, binary or multiclass. */
        CLASSIFICATION
    }

    private final LinearWeights weights;
    private final Scorers.Scorer<O> scorer;
    private final Class<O> outputType;

    private LinearModel(ModelInfo info, Preprocessor<I> preprocessor, LinearWeights weights, Scorers.Scorer<O> scorer, Class<O> outputType) {
        super(info, preprocessor, outputType);
        this.weights = weights;
        this.scorer = scorer;
        this.outputType = outputType;
    }

    /** Loads a model (from a bundle's files) reading maps; the weights must fit the pipeline's features. */
    static LinearModel<Map<String, Object>, ?> create(ModelInfo info, FeaturePipeline pipeline, LinearWeights weights) {
        if (!weights.features().equals(pipeline.featureNames())) {
            throw new IllegalArgumentException("the weights are for features " + weights.features()
                    + " but the feature spec makes " + pipeline.featureNames());
        }
        return switch (weights.task()) {
            case REGRESSION -> new LinearModel<>(info, pipeline.forMaps(), weights, Scorers.regression(weights), Regression.class);
            case CLASSIFICATION -> new LinearModel<>(info, pipeline.forMaps(), weights, Scorers.classification(weights), Classification.class);
        };
    }

    /**
     * Starts a logistic regression named {@code name} over the features of {@code spec}.
     */
    public static LogisticBuilder logisticRegression(String name, FeatureSpec spec) {
        return new LogisticBuilder(name, spec);
    }

    /**
     * Starts a linear regression named {@code name} over the features of {@code spec}.
     */
    public static RegressionBuilder linearRegression(String name, FeatureSpec spec) {
        return new RegressionBuilder(name, spec);
    }

    /** This model, reading instances of a Java record or bean class (see {@link RecordType#of(Class)}). */
    public <R> LinearModel<R, O> forClass(Class<R> type) {
        return withRecordType(RecordType.of(type));
    }

    /** This model, reading another kind of record (rows, a class through your own lookup, …). */
    public <R> LinearModel<R, O> withRecordType(RecordType<R> recordType) {
        return new LinearModel<>(info(), pipeline().bind(recordType), weights, scorer, outputType);
    }

    @Override
    protected O predictRow(float[] features, int offset) {
        return scorer.score(features, offset);
    }

    /** Regression or classification. */
    public Task task() {
        return weights.task();
    }

    /** The class labels in order (empty for a regression). */
    public List<String> labels() {
        return weights.labels() == null ? List.of() : weights.labels();
    }

    /** How several weight rows become probabilities; empty for a regression or a binary classifier with one row. */
    public java.util.Optional<Multiclass> multiclass() {
        return java.util.Optional.ofNullable(weights.multiclass());
    }

    /** The coefficients, one row per output, one column per feature (a copy). */
    public double[][] coefficients() {
        double[][] rows = weights.coefficients().clone();
        for (int r = 0; r < rows.length; r++) {
            rows[r] = rows[r].clone();
        }
        return rows;
    }

    /** The intercepts, one per coefficient row (a copy). */
    public double[] intercepts() {
        return weights.intercepts().clone();
    }

    LinearWeights weights() {
        return weights;
    }

    @Override
    public void close() {
        // Nothing to release: the weights are on the heap.
    }

    /**
     * What every linear model's builder takes besides the weights: the name, the feature spec, a
     * description and tags. Not thread-safe.
     *
     * @param <B> the concrete builder
     */
    public abstract static class Builder<B extends Builder<B>> {
        private final String name;
        private final FeatureSpec spec;
        private String description = "";
        private Map<String, String> tags = Map.of();

        private Builder(String name, FeatureSpec spec) {
            this.name = name;
            this.spec = Objects.requireNonNull(spec, "spec");
        }

        /** A description stored with the model. */
        public B description(String description) {
            this.description = Objects.requireNonNull(description, "description");
            return self();
        }

        /** Tags stored with the model. */
        public B tags(Map<String, String> tags) {
            this.tags = Map.copyOf(tags);
            return self();
        }

        @SuppressWarnings("unchecked")
        private B self() {
            return (B) this;
        }

        /** Compiles the spec, checks the weights against its features and makes the model. */
        <O> LinearModel<Map<String, Object>, O> build(Task task, List<String> labels, Multiclass multiclass, double[] intercepts,
                                                      double[][] coefficients, Schema output, Class<O> outputType,
                                                      java.util.function.Function<LinearWeights, Scorers.Scorer<O>> scorer) {
            FeaturePipeline pipeline = spec.compile();
            LinearWeights w = new LinearWeights(LinearWeights.CURRENT_VERSION, task, pipeline.featureNames(), labels, multiclass,
                    intercepts, coefficients);
            ModelInfo info = ModelInfo.builder(name, FORMAT).formatVersion(FORMAT_VERSION).inputSchema(spec.inputSchema())
                    .outputSchema(output).description(description).tags(tags).build();
            return new LinearModel<>(info, pipeline.forMaps(), w, scorer.apply(w), outputType);
        }
    }

    /** Builds a logistic regression from trained weights. Not thread-safe. */
    public static final class LogisticBuilder extends Builder<LogisticBuilder> {
        private List<String> labels;
        private double[][] coefficients;
        private double[] intercepts;
        private Multiclass multiclass;

        private LogisticBuilder(String name, FeatureSpec spec) {
            super(name, spec);
        }

        /**
         * The class labels (scikit-learn's {@code classes_}), in the order of the coefficient rows; for a
         * binary model with one row, the second label is the positive class. Defaults to
         * {@code "0", "1", …}.
         */
        public LogisticBuilder labels(String... labels) {
            return labels(List.of(labels));
        }

        /** The class labels, as a list. */
        public LogisticBuilder labels(List<String> labels) {
            this.labels = List.copyOf(labels);
            return this;
        }

        /**
         * The coefficients, one row per class (scikit-learn's {@code coef_}, shape
         * {@code [classes, features]}), or a single row for a binary model (shape {@code [1, features]}).
         */
        public LogisticBuilder coefficients(double[][] coefficients) {
            this.coefficients = coefficients.clone();
            return this;
        }

        /** The intercepts, one per coefficient row (scikit-learn's {@code intercept_}). */
        public LogisticBuilder intercepts(double... intercepts) {
            this.intercepts = intercepts.clone();
            return this;
        }

        /** How several rows become probabilities (default {@link Multiclass#SOFTMAX}); not used for one row. */
        public LogisticBuilder multiclass(Multiclass multiclass) {
            this.multiclass = multiclass;
            return this;
        }

        /**
         * The model, reading maps.
         *
         * @throws IllegalArgumentException if the shapes disagree with each other or with the spec's features
         */
        public LinearModel<Map<String, Object>, Classification> build() {
            Objects.requireNonNull(coefficients, "coefficients");
            Objects.requireNonNull(intercepts, "intercepts");
            List<String> classes = labels;
            if (classes == null) {
                List<String> numbered = new ArrayList<>();
                for (int c = 0; c < Math.max(2, coefficients.length); c++) {
                    numbered.add(Integer.toString(c));
                }
                classes = numbered;
            }
            boolean binary = coefficients.length == 1 && classes.size() == 2;
            return build(Task.CLASSIFICATION, classes, binary ? null : multiclass, intercepts, coefficients,
                    Classification.SCHEMA, Classification.class, Scorers::classification);
        }
    }

    /** Builds a linear regression from trained weights. Not thread-safe. */
    public static final class RegressionBuilder extends Builder<RegressionBuilder> {
        private double[] coefficients;
        private double intercept;

        private RegressionBuilder(String name, FeatureSpec spec) {
            super(name, spec);
        }

        /** One coefficient per feature (scikit-learn's {@code coef_}). */
        public RegressionBuilder coefficients(double... coefficients) {
            this.coefficients = coefficients.clone();
            return this;
        }

        /** The intercept (scikit-learn's {@code intercept_}); 0 by default. */
        public RegressionBuilder intercept(double intercept) {
            this.intercept = intercept;
            return this;
        }

        /**
         * The model, reading maps.
         *
         * @throws IllegalArgumentException if the number of coefficients is not the spec's feature count
         */
        public LinearModel<Map<String, Object>, Regression> build() {
            Objects.requireNonNull(coefficients, "coefficients");
            return build(Task.REGRESSION, null, null, new double[] {intercept}, new double[][] {coefficients},
                    Regression.SCHEMA, Regression.class, Scorers::regression);
        }
    }
}

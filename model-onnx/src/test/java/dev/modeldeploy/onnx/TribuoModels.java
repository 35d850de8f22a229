package dev.modeldeploy.onnx;

import dev.modeldeploy.api.pipeline.FeatureSpec;
import dev.modeldeploy.api.pipeline.Preprocessor;
import dev.modeldeploy.api.pipeline.Transform;
import org.tribuo.Example;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.ONNXExportable;
import org.tribuo.Output;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.sgd.linear.LinearSGDTrainer;
import org.tribuo.regression.sgd.objectives.SquaredLoss;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Real ONNX models: trained by Tribuo on small synthetic data and exported with its own
 * {@code saveONNXModel}. Raw records are maps of five numbers; the feature spec standardizes them, and
 * Tribuo trains on the spec's features, so that modeldeploy's predictions on raw records must equal
 * Tribuo's on the features.
 */
final class TribuoModels {
    static final int FEATURES = 5;
    static final double[] MEANS = {10, -3, 0.5, 200, 7};
    static final double[] STDS = {2, 1, 0.1, 50, 3};

    /**
     * A trained Tribuo model, its ONNX export and what it was trained on.
     *
     * @param labels  the class labels in the order of the ONNX output's columns (empty for a regression)
     * @param unknown the output Tribuo wants on an example it is to predict
     */
    record Trained<T extends Output<T>>(Model<T> model, Path onnx, FeatureSpec spec, List<String> labels,
                                        List<Map<String, Object>> records, T unknown) {
        /** Tribuo's prediction for a raw record, on the features the spec makes of it. */
        Prediction<T> tribuoPredict(Map<String, Object> record) {
            return model.predict(example(spec.compile().forMaps(), record, unknown));
        }
    }

    private TribuoModels() {
    }

    /** The spec: one standardized feature per raw field {@code x0 … x4} (names that Tribuo sorts in this order). */
    static FeatureSpec spec() {
        FeatureSpec.Builder spec = FeatureSpec.builder();
        for (int i = 0; i < FEATURES; i++) {
            spec.numeric("x" + i, Transform.standardize(MEANS[i], STDS[i]));
        }
        return spec.build();
    }

    /** Raw records whose standardized features are standard normal. */
    static List<Map<String, Object>> records(int n, long seed) {
        Random r = new Random(seed);
        List<Map<String, Object>> records = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            Map<String, Object> m = new HashMap<>();
            for (int i = 0; i < FEATURES; i++) {
                m.put("x" + i, MEANS[i] + STDS[i] * r.nextGaussian());
            }
            records.add(m);
        }
        return records;
    }

    /** A three-class logistic regression ("red", "green", "blue" by which of three directions scores highest). */
    static Trained<Label> logisticRegression(Path dir) throws IOException {
        FeatureSpec spec = spec();
        Preprocessor<Map<String, Object>> pre = spec.compile().forMaps();
        LabelFactory factory = new LabelFactory();
        MutableDataset<Label> data = new MutableDataset<>(new SimpleDataSourceProvenance("synthetic", factory), factory);
        double[][] directions = {{1.5, -1, 0, 0.5, 0}, {-0.5, 1, 1, 0, -1}, {0, 0, -1, -0.5, 1.2}};
        String[] classes = {"red", "green", "blue"};
        Random noise = new Random(5);
        for (Map<String, Object> record : records(600, 11)) {
            float[] x = pre.apply(record);
            int best = 0;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes.length; c++) {
                double s = noise.nextGaussian() * 0.3;
                for (int i = 0; i < FEATURES; i++) {
                    s += directions[c][i] * x[i];
                }
                if (s > bestScore) {
                    bestScore = s;
                    best = c;
                }
            }
            data.add(example(pre, record, new Label(classes[best])));
        }
        Model<Label> model = new LogisticRegressionTrainer().train(data);
        checkFeatureOrder(model.getFeatureIDMap());
        Path onnx = dir.resolve("logistic.onnx");
        ((ONNXExportable) model).saveONNXModel("dev.modeldeploy.test", 1, onnx);
        ImmutableOutputInfo<Label> outputs = model.getOutputIDInfo();
        List<String> labels = new ArrayList<>();
        for (int id = 0; id < outputs.size(); id++) {
            labels.add(outputs.getOutput(id).getLabel());
        }
        return new Trained<>(model, onnx, spec, List.copyOf(labels), records(200, 23), LabelFactory.UNKNOWN_LABEL);
    }

    /** A linear regression of {@code y = w · x + 4 + noise}. */
    static Trained<Regressor> linearRegression(Path dir) throws IOException {
        FeatureSpec spec = spec();
        Preprocessor<Map<String, Object>> pre = spec.compile().forMaps();
        RegressionFactory factory = new RegressionFactory();
        MutableDataset<Regressor> data = new MutableDataset<>(new SimpleDataSourceProvenance("synthetic", factory), factory);
        double[] w = {2, -1, 0.5, 3, -0.25};
        Random noise = new Random(9);
        for (Map<String, Object> record : records(800, 13)) {
            float[] x = pre.apply(record);
            double y = 4 + noise.nextGaussian() * 0.1;
            for (int i = 0; i < FEATURES; i++) {
                y += w[i] * x[i];
            }
            data.add(example(pre, record, new Regressor("y", y)));
        }
        Model<Regressor> model = new LinearSGDTrainer(new SquaredLoss(), new AdaGrad(0.5), 20, 3L).train(data);
        checkFeatureOrder(model.getFeatureIDMap());
        Path onnx = dir.resolve("regression.onnx");
        ((ONNXExportable) model).saveONNXModel("dev.modeldeploy.test", 1, onnx);
        return new Trained<>(model, onnx, spec, List.of(), records(200, 29), RegressionFactory.UNKNOWN_REGRESSOR);
    }

    /** A Tribuo example of a record's features, named as the spec names them. */
    static <T extends Output<T>> Example<T> example(Preprocessor<Map<String, Object>> pre, Map<String, Object> record, T output) {
        float[] x = pre.apply(record);
        String[] names = pre.featureNames().toArray(String[]::new);
        double[] values = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            values[i] = x[i];
        }
        return new ArrayExample<>(output, names, values);
    }

    /** The ONNX input's columns follow Tribuo's feature ids, which must be the spec's order. */
    private static void checkFeatureOrder(ImmutableFeatureMap features) {
        for (int i = 0; i < FEATURES; i++) {
            if (!features.get(i).getName().equals("x" + i)) {
                throw new IllegalStateException("Tribuo's feature " + i + " is " + features.get(i).getName() + ", not x" + i);
            }
        }
    }
}

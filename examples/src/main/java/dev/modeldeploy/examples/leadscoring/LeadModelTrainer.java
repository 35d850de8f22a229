package dev.modeldeploy.examples.leadscoring;

import dev.modeldeploy.api.DenseBatch;
import dev.modeldeploy.api.linear.LinearModel;
import dev.modeldeploy.api.pipeline.FeaturePipeline;
import dev.modeldeploy.api.pipeline.FeatureSpec;
import dev.modeldeploy.api.pipeline.InputField;
import dev.modeldeploy.api.pipeline.Preprocessor;
import dev.modeldeploy.api.pipeline.Transform;
import dev.modeldeploy.api.pipeline.UnknownPolicy;
import dev.modeldeploy.api.prediction.Classification;
import dev.modeldeploy.api.schema.FieldType;

import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Trains the lead-scoring logistic regression: the same feature spec that the batch job will run is
 * used to featurize the training rows, so training and production cannot disagree about features.
 * (A real team would train in Python and export coef_/intercept_; this keeps the example self-contained.)
 */
final class LeadModelTrainer {
    private LeadModelTrainer() {
    }

    /** The features: what the model sees of a lead. */
    static FeatureSpec features(double meanLogVisits, double stdLogVisits) {
        return FeatureSpec.builder()
                .input(InputField.required("visits", FieldType.DOUBLE))
                .feature("visits", Transform.log1p(), Transform.standardize(meanLogVisits, stdLogVisits))
                .numeric("emails_opened")
                .input(InputField.required("country", FieldType.STRING))
                .feature("country", Transform.oneHot(UnknownPolicy.OTHER, SyntheticLeads.COUNTRIES.toArray(String[]::new)))
                .input(InputField.required("created_at", FieldType.TIMESTAMP))
                .feature("created_at", Transform.hourOfDay("UTC"), Transform.standardize(11.5, 6.9))
                .build();
    }

    /** Fits a logistic regression to labelled history by batch gradient descent. */
    static LinearModel<Map<String, Object>, Classification> train(List<Map<String, Object>> history, long seed) {
        Random random = new Random(seed);
        double sum = 0;
        double sumSq = 0;
        for (Map<String, Object> lead : history) {
            double v = Math.log1p(((Number) lead.get("visits")).doubleValue());
            sum += v;
            sumSq += v * v;
        }
        double mean = sum / history.size();
        double std = Math.sqrt(Math.max(sumSq / history.size() - mean * mean, 1e-9));
        FeatureSpec spec = features(mean, std);
        Preprocessor<Map<String, Object>> pre = FeaturePipeline.compile(spec).forMaps();
        DenseBatch x = new DenseBatch(pre.width(), history.size());
        pre.writeAll(history, x);
        double[] y = new double[history.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = SyntheticLeads.converted(history.get(i), random) ? 1 : 0;
        }
        int d = pre.width();
        double[] w = new double[d];
        double b = 0;
        float[] data = x.data();
        for (int epoch = 0; epoch < 300; epoch++) {
            double[] gw = new double[d];
            double gb = 0;
            for (int i = 0; i < y.length; i++) {
                double z = b;
                for (int j = 0; j < d; j++) {
                    z += w[j] * data[i * d + j];
                }
                double err = 1 / (1 + Math.exp(-z)) - y[i];
                for (int j = 0; j < d; j++) {
                    gw[j] += err * data[i * d + j];
                }
                gb += err;
            }
            for (int j = 0; j < d; j++) {
                w[j] -= 0.5 * gw[j] / y.length;
            }
            b -= 0.5 * gb / y.length;
        }
        return LinearModel.logisticRegression("lead-scoring", spec).labels("lost", "won")
                .coefficients(new double[][] {w}).intercepts(b).build();
    }
}

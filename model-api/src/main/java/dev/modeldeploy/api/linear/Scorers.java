package dev.modeldeploy.api.linear;

import dev.modeldeploy.api.prediction.Classification;
import dev.modeldeploy.api.prediction.Regression;

import java.util.List;

/** The arithmetic of linear models: scores in double precision from float features, probabilities as floats. */
final class Scorers {
    private Scorers() {
    }

    /** Turns one feature row into a prediction. Implementations are immutable. */
    interface Scorer<O> {
        O score(float[] x, int offset);
    }

    static Scorer<Regression> regression(LinearWeights w) {
        double[] coefficients = w.coefficients()[0].clone();
        double intercept = w.intercepts()[0];
        return (x, offset) -> new Regression(dot(coefficients, 0, x, offset, coefficients.length) + intercept);
    }

    static Scorer<Classification> classification(LinearWeights w) {
        List<String> labels = w.labels();
        int d = w.features().size();
        double[] coefficients = w.flatCoefficients();
        double[] intercepts = w.intercepts().clone();
        if (coefficients.length == d) {
            return (x, offset) -> binary(labels, coefficients, intercepts[0], x, offset);
        }
        return w.multiclass() == Multiclass.SOFTMAX
                ? (x, offset) -> softmax(labels, coefficients, intercepts, d, x, offset)
                : (x, offset) -> oneVsRest(labels, coefficients, intercepts, d, x, offset);
    }

    static double dot(double[] w, int wOffset, float[] x, int xOffset, int d) {
        double s = 0;
        for (int i = 0; i < d; i++) {
            s += w[wOffset + i] * x[xOffset + i];
        }
        return s;
    }

    /** The logistic function, without overflow for large |z|. */
    static double sigmoid(double z) {
        if (z >= 0) {
            return 1.0 / (1.0 + Math.exp(-z));
        }
        double e = Math.exp(z);
        return e / (1.0 + e);
    }

    /** Class 1 when the score is positive, as scikit-learn's {@code predict}; probabilities {@code [1 - p, p]}. */
    private static Classification binary(List<String> labels, double[] w, double b, float[] x, int offset) {
        double z = dot(w, 0, x, offset, w.length) + b;
        double p = sigmoid(z);
        float[] probabilities = {(float) (1.0 - p), (float) p};
        return Classification.wrap(labels, z > 0 ? 1 : 0, probabilities);
    }

    /**
     * Softmax of the class scores. The scores are computed twice (once for their maximum, once for the
     * exponentials) rather than kept in a scratch array, so that a call allocates only its result; the
     * exponentials, all in [0, 1], lose nothing that matters when kept as floats until normalised.
     */
    private static Classification softmax(List<String> labels, double[] w, double[] b, int d, float[] x, int offset) {
        int k = b.length;
        double max = Double.NEGATIVE_INFINITY;
        int best = 0;
        for (int c = 0; c < k; c++) {
            double z = dot(w, c * d, x, offset, d) + b[c];
            if (z > max) {
                max = z;
                best = c;
            }
        }
        float[] probabilities = new float[k];
        double sum = 0;
        for (int c = 0; c < k; c++) {
            double e = Math.exp(dot(w, c * d, x, offset, d) + b[c] - max);
            probabilities[c] = (float) e;
            sum += e;
        }
        normalise(probabilities, sum);
        return Classification.wrap(labels, best, probabilities);
    }

    private static void normalise(float[] values, double sum) {
        for (int c = 0; c < values.length; c++) {
            values[c] = (float) (values[c] / sum);
        }
    }

    /** Each class's sigmoid, normalised to sum to one; the label is the highest score's. */
    private static Classification oneVsRest(List<String> labels, double[] w, double[] b, int d, float[] x, int offset) {
        int k = b.length;
        float[] probabilities = new float[k];
        double max = Double.NEGATIVE_INFINITY;
        int best = 0;
        double sum = 0;
        for (int c = 0; c < k; c++) {
            double z = dot(w, c * d, x, offset, d) + b[c];
            if (z > max) {
                max = z;
                best = c;
            }
            double p = sigmoid(z);
            probabilities[c] = (float) p;
            sum += p;
        }
        normalise(probabilities, sum);
        return Classification.wrap(labels, best, probabilities);
    }
}

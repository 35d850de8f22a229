package dev.modeldeploy.api.linear;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.HashSet;
import java.util.List;
import dev.modeldeploy.api.internal.Required;

/**
 * The content of {@code linear.json}: what a linear model computes from its feature vector. Checked on
 * construction, so an instance is always consistent.
 *
 * @param version      the file layout version, 1
 * @param task         regression or classification
 * @param features     the feature names the weights were fitted to, in column order
 * @param labels       the class labels (classification only), in the order of the weight rows
 * @param multiclass   how several weight rows become probabilities (classification with more than one row)
 * @param intercepts   one per weight row
 * @param coefficients one row per output ({@code 1} for regression and binary classification), each
 *                     with one weight per feature
 */
@JsonPropertyOrder({"version", "task", "features", "labels", "multiclass", "intercepts", "coefficients"})
@JsonInclude(JsonInclude.Include.NON_NULL)
record LinearWeights(@Required int version,
                     @Required LinearModel.Task task,
                     @Required List<String> features,
                     List<String> labels,
                     Multiclass multiclass,
                     @Required double[] intercepts,
                     @Required double[][] coefficients) {
    static final int CURRENT_VERSION = 1;
    static final String FILE_NAME = "linear.json";

    LinearWeights {
        require(version == CURRENT_VERSION, "unsupported version " + version + " (this library reads " + CURRENT_VERSION + ")");
        require(task != null, "'task' is missing");
        require(features != null && !features.isEmpty() && features.stream().noneMatch(java.util.Objects::isNull),
                "'features' must name at least one feature");
        features = List.copyOf(features);
        require(coefficients != null && coefficients.length >= 1, "'coefficients' needs at least one row");
        require(intercepts != null && intercepts.length == coefficients.length,
                "'intercepts' needs one value per coefficient row (" + coefficients.length + ")");
        coefficients = coefficients.clone();
        for (int r = 0; r < coefficients.length; r++) {
            require(coefficients[r] != null && coefficients[r].length == features.size(), "coefficient row " + r + " has "
                    + (coefficients[r] == null ? 0 : coefficients[r].length) + " values for " + features.size() + " features");
            coefficients[r] = coefficients[r].clone();
            for (double c : coefficients[r]) {
                require(Double.isFinite(c), "coefficient row " + r + " holds " + c);
            }
            require(Double.isFinite(intercepts[r]), "intercept " + r + " is " + intercepts[r]);
        }
        intercepts = intercepts.clone();
        if (task == LinearModel.Task.REGRESSION) {
            require(labels == null || labels.isEmpty(), "a regression has no 'labels'");
            require(coefficients.length == 1, "a regression has one coefficient row, not " + coefficients.length);
            require(multiclass == null, "a regression has no 'multiclass'");
            labels = null;
        } else {
            require(labels != null && labels.size() >= 2, "a classification needs at least two 'labels'");
            require(labels.stream().noneMatch(java.util.Objects::isNull) && new HashSet<>(labels).size() == labels.size(),
                    "'labels' must be distinct and non-null");
            labels = List.copyOf(labels);
            boolean binary = coefficients.length == 1 && labels.size() == 2;
            require(binary || coefficients.length == labels.size(), coefficients.length + " coefficient rows for " + labels.size()
                    + " labels: give one row per label, or one row for two labels (binary)");
            if (binary) {
                require(multiclass == null, "a binary classification with one coefficient row has no 'multiclass'");
            } else if (multiclass == null) {
                multiclass = Multiclass.SOFTMAX;
            }
        }
    }

    private static void require(boolean condition, String problem) {
        if (!condition) {
            throw new IllegalArgumentException(problem);
        }
    }

    /** The weights as one row-major array of {@code rows × features}. */
    double[] flatCoefficients() {
        int d = features.size();
        double[] flat = new double[coefficients.length * d];
        for (int r = 0; r < coefficients.length; r++) {
            System.arraycopy(coefficients[r], 0, flat, r * d, d);
        }
        return flat;
    }
}

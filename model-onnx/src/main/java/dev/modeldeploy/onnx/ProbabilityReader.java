package dev.modeldeploy.onnx;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.modeldeploy.api.error.ModelException;
import dev.modeldeploy.api.prediction.Classification;
import dev.modeldeploy.api.prediction.ClassificationList;

import java.util.List;

/**
 * Reads class probabilities from a float or double tensor {@code [batch, k]}; a single column
 * ({@code [batch, 1]} or {@code [batch]}) is the probability of the second of two classes, as a
 * sigmoid output gives it. The tensor must hold probabilities: a graph that ends in logits needs its
 * softmax.
 */
final class ProbabilityReader extends ClassifierReader {

    ProbabilityReader(OutputPlan plan, ClassLabels labels, String model) {
        super(plan, labels, model);
        if (labels != null && plan.columns() > 0 && labels.size() != classes(plan.columns())) {
            throw new ModelException("ONNX model " + model + ": output '" + plan.scores() + "' gives " + classes(plan.columns())
                    + " class probabilities but " + labels.size() + " labels were given: " + labels);
        }
        if (labels == null && plan.columns() > 0) {
            learn(ClassLabels.numbered(classes(plan.columns())));
        }
    }

    private static int classes(int columns) {
        return columns == 1 ? 2 : columns;
    }

    @Override
    List<Classification> read(OrtSession.Result result, int rows) throws OrtException {
        float[] p = floats(result.get(0), plan.scores());
        int k = columns(p.length, rows);
        ClassLabels labels = labels(classes(k));
        Object labelValues = labelValues(result, rows);
        // The rows share one array, ONNX Runtime's own copy of the output (or, for one column, one array of both classes);
        // a row's Classification is made only when it is read.
        float[] shared = k == 1 ? twoClasses(p, rows) : p;
        if (labelValues == null) {
            return ClassificationList.wrap(labels.list(), shared, rows);
        }
        int width = labels.size();
        int[] predicted = new int[rows];
        for (int r = 0; r < rows; r++) {
            predicted[r] = labelIndex(labelValues, r, shared, r * width, labels);
        }
        return ClassificationList.wrap(labels.list(), shared, predicted, rows);
    }

    @Override
    Classification readOne(OrtSession.Result result) throws OrtException {
        float[] p = floats(result.get(0), plan.scores());
        int k = columns(p.length, 1);
        ClassLabels labels = labels(classes(k));
        // ONNX Runtime's copy of the output is exactly this row: hand it over rather than copy it again.
        float[] probabilities = k == 1 ? twoClasses(p, 1) : p;
        return Classification.wrap(labels.list(), labelIndex(labelValues(result, 1), 0, probabilities, labels), probabilities);
    }

    /** {@code [1 - p, p]} for each row's probability {@code p} of the second class. */
    private static float[] twoClasses(float[] p, int rows) {
        float[] both = new float[2 * rows];
        for (int r = 0; r < rows; r++) {
            both[2 * r] = 1f - p[r];
            both[2 * r + 1] = p[r];
        }
        return both;
    }

    private int columns(int elements, int rows) {
        if (plan.columns() > 0) {
            checkRows(plan.scores(), elements, rows, plan.columns());
            return plan.columns();
        }
        if (elements == 0 || elements % rows != 0) {
            checkRows(plan.scores(), elements, rows, Math.max(1, elements / rows));
        }
        return elements / rows;
    }

    private ClassLabels labels(int k) {
        ClassLabels labels = known();
        if (labels == null) {
            labels = ClassLabels.numbered(k);
            learn(labels);
        }
        return check(labels, k);
    }
}

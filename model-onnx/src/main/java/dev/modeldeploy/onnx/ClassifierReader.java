package dev.modeldeploy.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.modeldeploy.api.error.ModelException;
import dev.modeldeploy.api.prediction.Classification;

/**
 * What the readers of classifiers share: the class labels (given, or learnt from the first result and
 * then fixed) and the predicted class, taken from the model's label output when it has one (a model
 * may decide with a threshold of its own), else the most probable class.
 */
abstract class ClassifierReader extends OutputReader<Classification> {
    private final ClassLabels given;
    private volatile ClassLabels learnt;

    ClassifierReader(OutputPlan plan, ClassLabels given, String model) {
        super(plan, model);
        this.given = given;
        if (given != null && plan.labelKind() == OutputPlan.LabelKind.INT64 && !given.integral()) {
            throw new ModelException("ONNX model " + model + ": its label output '" + plan.labelOutput() + "' gives int64 class ids,"
                    + " but the labels " + given + " are not integers; give the class ids (scikit-learn's classes_) as labels");
        }
    }

    /** The given labels, or null. */
    final ClassLabels given() {
        return given;
    }

    /** The labels learnt from a first result, or null. */
    final ClassLabels learnt() {
        return learnt;
    }

    final void learn(ClassLabels labels) {
        learnt = labels;
    }

    /** The labels, or null while none are given or learnt. */
    final ClassLabels known() {
        return given != null ? given : learnt;
    }

    /** Checks that a result's {@code k} classes match the labels. */
    final ClassLabels check(ClassLabels labels, int k) {
        if (labels.size() != k) {
            throw new ModelException("ONNX model " + model + ": output '" + plan.scores() + "' gives " + k + " class probabilities but the model has "
                    + labels.size() + " labels " + labels);
        }
        return labels;
    }

    /** The label output's values for a result: a {@code long[]} or {@code String[]}, or null without a label output. */
    final Object labelValues(OrtSession.Result result, int rows) throws OrtException {
        if (plan.labelOutput() == null) {
            return null;
        }
        OnnxTensor t = tensor(result.get(1), plan.labelOutput());
        if (plan.labelKind() == OutputPlan.LabelKind.INT64) {
            long[] ids = t.getLongBuffer().array();
            checkRows(plan.labelOutput(), ids.length, rows, 1);
            return ids;
        }
        Object value = t.getValue();
        String[] labels;
        if (value instanceof String[][] column) {
            labels = new String[column.length];
            for (int r = 0; r < column.length; r++) {
                labels[r] = column[r].length == 1 ? column[r][0] : null;
            }
        } else if (value instanceof String[] flat) {
            labels = flat;
        } else {
            throw unexpected(plan.labelOutput(), value, "a string tensor [batch]");
        }
        checkRows(plan.labelOutput(), labels.length, rows, 1);
        return labels;
    }

    /** The predicted class of row {@code r}. */
    final int labelIndex(Object labelValues, int r, float[] probabilities, ClassLabels labels) {
        return labelIndex(labelValues, r, probabilities, 0, labels);
    }

    /** The predicted class of row {@code r}, whose probabilities are {@code probabilities[offset .. offset + labels.size())}. */
    final int labelIndex(Object labelValues, int r, float[] probabilities, int offset, ClassLabels labels) {
        if (labelValues == null) {
            return Classification.argmax(probabilities, offset, labels.size());
        }
        int i;
        Object value;
        if (labelValues instanceof long[] ids) {
            value = ids[r];
            i = labels.indexOf(ids[r]);
        } else {
            String label = ((String[]) labelValues)[r];
            value = label;
            i = label == null ? -1 : labels.indexOf(label);
        }
        if (i < 0) {
            throw new ModelException("ONNX model " + model + ": label output '" + plan.labelOutput() + "' gave class " + value
                    + " for row " + r + ", which is not one of the labels " + labels);
        }
        return i;
    }
}

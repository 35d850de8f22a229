package dev.modeldeploy.onnx;

import ai.onnxruntime.OnnxMap;
import ai.onnxruntime.OnnxSequence;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.modeldeploy.api.error.ModelException;
import dev.modeldeploy.api.prediction.Classification;
import dev.modeldeploy.api.prediction.ClassificationList;

import java.util.List;
import java.util.Map;

/**
 * Reads class probabilities from a sequence of maps, one map from class (int64 id or string) to
 * probability per row: scikit-learn's ZipMap output ({@code output_probability}). Without given
 * labels, the classes are learnt from the first row's keys, sorted as scikit-learn sorts
 * {@code classes_}; every row must then have exactly those classes. Every map ONNX Runtime hands out
 * is closed here.
 */
final class ZipMapReader extends ClassifierReader {
    /** The labels and the map keys they stand for, fixed once the key type is seen. */
    private record Keys(ClassLabels labels, Object[] keys) {
    }

    private volatile Keys keys;

    ZipMapReader(OutputPlan plan, ClassLabels labels, String model) {
        super(plan, labels, model);
    }

    @Override
    List<Classification> read(OrtSession.Result result, int rows) throws OrtException {
        OnnxValue value = result.get(0);
        if (!(value instanceof OnnxSequence sequence)) {
            throw unexpected(plan.scores(), value, "a sequence of maps");
        }
        List<? extends OnnxValue> maps = sequence.getValue();
        try {
            if (maps.size() != rows) {
                throw new ModelException("ONNX model " + model + ": output '" + plan.scores() + "' holds " + maps.size() + " maps for "
                        + rows + " rows");
            }
            if (rows == 0) {
                return List.of();
            }
            Object labelValues = labelValues(result, rows);
            Keys k = null;
            float[] probabilities = null;
            int[] predicted = new int[rows];
            for (int r = 0; r < rows; r++) {
                if (!(maps.get(r) instanceof OnnxMap map)) {
                    throw unexpected(plan.scores(), maps.get(r), "a map from class to probability");
                }
                Map<?, ?> values = map.getValue();
                if (k == null) {
                    k = keys(values);
                    probabilities = new float[Math.multiplyExact(rows, k.keys().length)];
                }
                predicted[r] = row(values, r, labelValues, k, probabilities);
            }
            // One array for the batch, as ProbabilityReader's: a row's Classification is made when it is read.
            return ClassificationList.wrap(k.labels().list(), probabilities, predicted, rows);
        } finally {
            OnnxValue.close(maps);
        }
    }

    @Override
    Classification readOne(OrtSession.Result result) throws OrtException {
        return read(result, 1).get(0);
    }

    /** Writes row {@code r}'s probabilities, in label order, to its slice of {@code into} and returns its predicted class. */
    private int row(Map<?, ?> map, int r, Object labelValues, Keys k, float[] into) {
        Object[] classKeys = k.keys();
        int at = r * classKeys.length;
        for (int c = 0; c < classKeys.length; c++) {
            Object p = map.get(classKeys[c]);
            if (!(p instanceof Number n)) {
                throw mismatch(map, r, k.labels());
            }
            into[at + c] = n.floatValue();
        }
        if (map.size() != classKeys.length) {
            throw mismatch(map, r, k.labels());
        }
        return labelIndex(labelValues, r, into, at, k.labels());
    }

    private ModelException mismatch(Map<?, ?> map, int r, ClassLabels labels) {
        return new ModelException("ONNX model " + model + ": output '" + plan.scores() + "' gave row " + r + " the classes " + map.keySet()
                + ", but the model's labels are " + labels);
    }

    private Keys keys(Map<?, ?> map) {
        Keys k = keys;
        if (k != null) {
            return k;
        }
        if (map.isEmpty()) {
            throw new ModelException("ONNX model " + model + ": output '" + plan.scores() + "' gave an empty map of class probabilities");
        }
        boolean longKeys = map.keySet().iterator().next() instanceof Long;
        ClassLabels labels = known();
        if (labels == null) {
            labels = ClassLabels.fromKeys(map.keySet());
            learn(labels);
        } else if (longKeys && !labels.integral()) {
            throw new ModelException("ONNX model " + model + ": output '" + plan.scores() + "' names classes by int64 id " + map.keySet()
                    + ", but the labels " + labels + " are not integers; give the class ids (scikit-learn's classes_) as labels");
        }
        k = new Keys(labels, labels.mapKeys(longKeys));
        keys = k;
        return k;
    }
}

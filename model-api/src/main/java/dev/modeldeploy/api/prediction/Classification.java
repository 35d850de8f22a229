package dev.modeldeploy.api.prediction;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.modeldeploy.api.schema.Field;
import dev.modeldeploy.api.schema.FieldType;
import dev.modeldeploy.api.schema.Schema;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The prediction of a classifier: the predicted label and the probability of every class. Immutable
 * and thread-safe; the class labels are shared between the predictions of one model.
 *
 * <pre>{@code
 * Classification c = model.predictRecord(lead);
 * if (c.label().equals("churn") && c.probability() > 0.8f) { ... }
 * float pChurn = c.probability("churn");
 * }</pre>
 *
 * <p>Its properties, as JSON and as columns of an output table, are those of {@link #SCHEMA}:
 * {@code label}, {@code labelIndex} and {@code probabilities}.
 *
 * <p>The predictions of one batch may share one array of probabilities, each reading its own slice
 * of it ({@link #wrap(List, int, float[], int)}); a {@link ClassificationList} makes each row's
 * only when it is read.
 */
@JsonPropertyOrder({"label", "labelIndex", "probabilities"})
public final class Classification {
    /** The output schema of classifiers: {@code label}, {@code labelIndex}, {@code probabilities}. */
    public static final Schema SCHEMA = Schema.of(
            Field.required("label", FieldType.STRING),
            Field.required("labelIndex", FieldType.INT),
            Field.required("probabilities", FieldType.FLOAT_ARRAY));

    private final List<String> labels;
    private final int labelIndex;
    /** Holds this prediction's probabilities at {@code [offset, offset + labels.size())}; never written once handed over. */
    private final float[] probabilities;
    private final int offset;

    /** Unchecked: for {@link ClassificationList}, which checked its arrays once for every row. */
    Classification(List<String> labels, int labelIndex, float[] probabilities, int offset) {
        this.labels = labels;
        this.labelIndex = labelIndex;
        this.probabilities = probabilities;
        this.offset = offset;
    }

    private static Classification checked(List<String> labels, int labelIndex, float[] probabilities, int offset) {
        Objects.checkIndex(labelIndex, labels.size());
        return new Classification(labels, labelIndex, probabilities, offset);
    }

    /** The most probable class (the first on a tie, as numpy's {@code argmax}); copies the arguments. */
    public static Classification of(List<String> labels, float[] probabilities) {
        return of(labels, argmax(probabilities), probabilities);
    }

    /** A prediction of class {@code labelIndex}; copies the arguments. */
    public static Classification of(List<String> labels, int labelIndex, float[] probabilities) {
        checkLength(labels, probabilities);
        return checked(List.copyOf(labels), labelIndex, probabilities.clone(), 0);
    }

    /**
     * Like {@link #of(List, int, float[])} without copying, for formats that make one array per
     * prediction anyway: the caller hands {@code probabilities} over and must never touch it again, and
     * {@code labels} must be immutable.
     */
    public static Classification wrap(List<String> labels, int labelIndex, float[] probabilities) {
        checkLength(labels, probabilities);
        return checked(labels, labelIndex, probabilities, 0);
    }

    /**
     * Like {@link #wrap(List, int, float[])} for a slice of a larger array: the probabilities are
     * {@code probabilities[offset .. offset + labels.size())}. A batch fills one array with the
     * probabilities of all its rows and wraps each row's slice, instead of making an array per row. The
     * caller must never write that slice again (other predictions may share the rest of the array); a
     * prediction kept alive keeps the whole array alive.
     *
     * @throws IndexOutOfBoundsException if the slice or {@code labelIndex} is out of range
     */
    public static Classification wrap(List<String> labels, int labelIndex, float[] probabilities, int offset) {
        Objects.checkFromIndexSize(offset, labels.size(), probabilities.length);
        return checked(labels, labelIndex, probabilities, offset);
    }

    private static void checkLength(List<String> labels, float[] probabilities) {
        if (labels.size() != probabilities.length) {
            throw new IllegalArgumentException(labels.size() + " labels but " + probabilities.length + " probabilities");
        }
    }

    /** Index of the largest value (the first on a tie). */
    public static int argmax(float[] values) {
        return argmax(values, 0, values.length);
    }

    /** Index, counted from {@code from}, of the largest of {@code values[from .. from + length)} (the first on a tie). */
    public static int argmax(float[] values, int from, int length) {
        Objects.checkFromIndexSize(from, length, values.length);
        int best = 0;
        for (int i = 1; i < length; i++) {
            if (values[from + i] > values[from + best]) {
                best = i;
            }
        }
        return best;
    }

    /** The predicted label. */
    @JsonProperty
    public String label() {
        return labels.get(labelIndex);
    }

    /** The predicted class's index in {@link #labels()}. */
    @JsonProperty
    public int labelIndex() {
        return labelIndex;
    }

    /** The probability of the predicted label. */
    public float probability() {
        return probabilities[offset + labelIndex];
    }

    /** The probability of class {@code classIndex}. */
    public float probability(int classIndex) {
        return probabilities[offset + Objects.checkIndex(classIndex, labels.size())];
    }

    /**
     * The probability of a label.
     *
     * @throws IllegalArgumentException if the model has no such label
     */
    public float probability(String label) {
        int i = labels.indexOf(label);
        if (i < 0) {
            throw new IllegalArgumentException("no class '" + label + "'; classes are " + labels);
        }
        return probabilities[offset + i];
    }

    /** Every class's probability, in the order of {@link #labels()} (a copy). */
    @JsonProperty
    public float[] probabilities() {
        return Arrays.copyOfRange(probabilities, offset, offset + labels.size());
    }

    /** The class labels, in order. */
    public List<String> labels() {
        return labels;
    }

    /** Number of classes. */
    public int classCount() {
        return labels.size();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Classification c && labelIndex == c.labelIndex && labels.equals(c.labels)
                && Arrays.equals(probabilities, offset, offset + labels.size(), c.probabilities, c.offset, c.offset + c.labels.size());
    }

    @Override
    public int hashCode() {
        // Arrays.hashCode of the slice, so that a slice and a whole array of the same values hash alike.
        int h = 1;
        for (int i = offset, end = offset + labels.size(); i < end; i++) {
            h = 31 * h + Float.floatToIntBits(probabilities[i]);
        }
        return 31 * (31 * labels.hashCode() + labelIndex) + h;
    }

    @Override
    public String toString() {
        return "Classification[label=" + label() + ", probabilities=" + Arrays.toString(probabilities()) + ", labels=" + labels + "]";
    }
}

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
    private final float[] probabilities;

    private Classification(List<String> labels, int labelIndex, float[] probabilities) {
        if (labels.size() != probabilities.length) {
            throw new IllegalArgumentException(labels.size() + " labels but " + probabilities.length + " probabilities");
        }
        Objects.checkIndex(labelIndex, labels.size());
        this.labels = labels;
        this.labelIndex = labelIndex;
        this.probabilities = probabilities;
    }

    /** The most probable class (the first on a tie, as numpy's {@code argmax}); copies the arguments. */
    public static Classification of(List<String> labels, float[] probabilities) {
        return of(labels, argmax(probabilities), probabilities);
    }

    /** A prediction of class {@code labelIndex}; copies the arguments. */
    public static Classification of(List<String> labels, int labelIndex, float[] probabilities) {
        return new Classification(List.copyOf(labels), labelIndex, probabilities.clone());
    }

    /**
     * Like {@link #of(List, int, float[])} without copying, for formats that make one array per
     * prediction anyway: the caller hands {@code probabilities} over and must never touch it again, and
     * {@code labels} must be immutable.
     */
    public static Classification wrap(List<String> labels, int labelIndex, float[] probabilities) {
        return new Classification(labels, labelIndex, probabilities);
    }

    /** Index of the largest value (the first on a tie). */
    public static int argmax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
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
        return probabilities[labelIndex];
    }

    /** The probability of class {@code classIndex}. */
    public float probability(int classIndex) {
        return probabilities[classIndex];
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
        return probabilities[i];
    }

    /** Every class's probability, in the order of {@link #labels()} (a copy). */
    @JsonProperty
    public float[] probabilities() {
        return probabilities.clone();
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
                && Arrays.equals(probabilities, c.probabilities);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * labels.hashCode() + labelIndex) + Arrays.hashCode(probabilities);
    }

    @Override
    public String toString() {
        return "Classification[label=" + label() + ", probabilities=" + Arrays.toString(probabilities) + ", labels=" + labels + "]";
    }
}

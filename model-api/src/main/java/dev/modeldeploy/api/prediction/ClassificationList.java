package dev.modeldeploy.api.prediction;

import java.util.AbstractList;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * The classifications of a batch as one immutable list over one array of probabilities, row after
 * row: what a format returns from {@code predictBatch} so that a batch costs one array, not one
 * object per row. Element {@code i} is made when it is read, as a {@link Classification} over row
 * {@code i}'s slice; reading it twice gives equal, not necessarily identical, objects. A consumer
 * that only needs numbers can read them without making any: {@link #labelIndex(int)},
 * {@link #probability(int)}, {@link #probability(int, int)}.
 *
 * <p>The predicted class of a row is given (a model's own label output) or, if not, the most
 * probable one, found when the row is read. Immutable and thread-safe.
 */
public final class ClassificationList extends AbstractList<Classification> implements RandomAccess {
    private final List<String> labels;
    private final float[] probabilities;
    /** Each row's predicted class, or null to take the most probable. */
    private final int[] labelIndexes;
    private final int rows;

    private ClassificationList(List<String> labels, float[] probabilities, int[] labelIndexes, int rows) {
        this.labels = labels;
        this.probabilities = probabilities;
        this.labelIndexes = labelIndexes;
        this.rows = rows;
    }

    /**
     * The first {@code rows} rows of {@code probabilities} (row {@code r} at
     * {@code [r * labels.size(), (r + 1) * labels.size())}), each predicting its most probable class
     * (the first on a tie). Copies nothing: the caller hands the array over and must never write it
     * again, and {@code labels} must be immutable.
     *
     * @throws IndexOutOfBoundsException if the array holds fewer than {@code rows} rows
     */
    public static ClassificationList wrap(List<String> labels, float[] probabilities, int rows) {
        check(labels, probabilities, rows);
        return new ClassificationList(labels, probabilities, null, rows);
    }

    /**
     * Like {@link #wrap(List, float[], int)}, with each row's predicted class given: row {@code r}
     * predicts {@code labels.get(labelIndexes[r])}. The caller hands both arrays over.
     *
     * @throws IndexOutOfBoundsException if an array is too short or a class index out of range
     */
    public static ClassificationList wrap(List<String> labels, float[] probabilities, int[] labelIndexes, int rows) {
        check(labels, probabilities, rows);
        Objects.checkFromIndexSize(0, rows, labelIndexes.length);
        for (int r = 0; r < rows; r++) {
            Objects.checkIndex(labelIndexes[r], labels.size());
        }
        return new ClassificationList(labels, probabilities, labelIndexes, rows);
    }

    private static void check(List<String> labels, float[] probabilities, int rows) {
        if (labels.isEmpty()) {
            throw new IllegalArgumentException("a classifier needs at least one label");
        }
        if (rows < 0) {
            throw new IllegalArgumentException("rows must be >= 0, was " + rows);
        }
        Objects.checkFromIndexSize(0, Math.multiplyExact(rows, labels.size()), probabilities.length);
    }

    @Override
    public Classification get(int row) {
        return new Classification(labels, labelIndex(row), probabilities, offset(row));
    }

    @Override
    public int size() {
        return rows;
    }

    /** Row {@code row}'s predicted class, as an index in {@link #labels()}. */
    public int labelIndex(int row) {
        int at = offset(row);
        return labelIndexes != null ? labelIndexes[row] : Classification.argmax(probabilities, at, labels.size());
    }

    /** The probability of row {@code row}'s predicted class. */
    public float probability(int row) {
        return probabilities[offset(row) + labelIndex(row)];
    }

    /** The probability of class {@code classIndex} in row {@code row}. */
    public float probability(int row, int classIndex) {
        return probabilities[offset(row) + Objects.checkIndex(classIndex, labels.size())];
    }

    /** The class labels, in order, shared by every row. */
    public List<String> labels() {
        return labels;
    }

    private int offset(int row) {
        return Objects.checkIndex(row, rows) * labels.size();
    }
}

package dev.modeldeploy.api;

import java.util.Arrays;

/**
 * A batch of dense numeric features: one contiguous, row-major {@code float[]} of
 * {@code size() × columns()} values, grown by doubling. This is what native runtimes take without
 * copying row by row.
 *
 * <p>Fill it without allocating: {@code int at = batch.appendRow(); batch.data()[at + c] = value;}.
 * Not thread-safe.
 */
public final class DenseBatch implements FeatureBatch<float[]> {
    private final int columns;
    private float[] data;
    private int rows;

    /**
     * @param columns  features per row (≥ 1)
     * @param capacity rows to allocate up front (grows as needed)
     */
    public DenseBatch(int columns, int capacity) {
        if (columns < 1) {
            throw new IllegalArgumentException("columns must be >= 1, was " + columns);
        }
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must be >= 0, was " + capacity);
        }
        this.columns = columns;
        this.data = new float[Math.multiplyExact(columns, Math.max(capacity, 1))];
    }

    /** Features per row. */
    public int columns() {
        return columns;
    }

    @Override
    public int size() {
        return rows;
    }

    /**
     * The backing array; row {@code r} occupies {@code [r * columns(), (r + 1) * columns())}. Only the
     * first {@code size() * columns()} values are meaningful. The array is replaced when the batch
     * grows, so read it again after {@link #appendRow()}.
     */
    public float[] data() {
        return data;
    }

    /**
     * Adds a zeroed row and returns the index in {@link #data()} where it starts.
     */
    public int appendRow() {
        int offset = rows * columns;
        int needed = offset + columns;
        if (needed > data.length) {
            data = Arrays.copyOf(data, Math.max(needed, Math.multiplyExact(data.length, 2)));
        } else {
            Arrays.fill(data, offset, needed, 0f);
        }
        rows++;
        return offset;
    }

    @Override
    public void add(float[] features) {
        if (features.length != columns) {
            throw new IllegalArgumentException("expected " + columns + " features, got " + features.length);
        }
        int at = appendRow();
        System.arraycopy(features, 0, data, at, columns);
    }

    /** One value. */
    public float get(int row, int column) {
        checkRow(row);
        if (column < 0 || column >= columns) {
            throw new IndexOutOfBoundsException("column " + column + " of " + columns);
        }
        return data[row * columns + column];
    }

    @Override
    public float[] row(int index) {
        checkRow(index);
        return Arrays.copyOfRange(data, index * columns, (index + 1) * columns);
    }

    private void checkRow(int index) {
        if (index < 0 || index >= rows) {
            throw new IndexOutOfBoundsException("row " + index + " of " + rows);
        }
    }

    /**
     * Keeps the first {@code size} rows and forgets the rest, keeping the storage: how a batch writer
     * takes back a row it could not complete.
     */
    public void truncate(int size) {
        if (size < 0 || size > rows) {
            throw new IndexOutOfBoundsException("cannot truncate " + rows + " rows to " + size);
        }
        rows = size;
    }

    @Override
    public void clear() {
        rows = 0;
    }
}

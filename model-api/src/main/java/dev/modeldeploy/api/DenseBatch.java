package dev.modeldeploy.api;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * A batch of dense numeric features: {@code size() × columns()} values, row-major and contiguous,
 * grown by doubling. This is what native runtimes take without copying row by row.
 *
 * <p>Its values live in a {@code float[]} ({@link #DenseBatch(int, int)}), or in native memory
 * ({@link #direct(int, int)}), which a native runtime such as ONNX Runtime reads in place, without
 * first copying the whole batch out of the Java heap. Native memory is worth it for a batch that is
 * filled and scored again and again (allocating it costs more than a copy).
 *
 * <p>Fill it without allocating: {@code int at = batch.appendRow(); batch.set(at + c, value);}, or,
 * on the heap only, {@code batch.data()[at + c] = value}. Not thread-safe.
 */
public final class DenseBatch implements FeatureBatch<float[]> {
    private final int columns;
    /** The values on the heap, or null when they are in {@link #direct}. */
    private float[] data;
    /** The values in native memory, or null when they are in {@link #data}. */
    private FloatBuffer direct;
    private int rows;

    /**
     * A batch on the heap.
     *
     * @param columns  features per row (≥ 1)
     * @param capacity rows to allocate up front (grows as needed)
     */
    public DenseBatch(int columns, int capacity) {
        this(columns, capacity, false);
    }

    private DenseBatch(int columns, int capacity, boolean inNativeMemory) {
        if (columns < 1) {
            throw new IllegalArgumentException("columns must be >= 1, was " + columns);
        }
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must be >= 0, was " + capacity);
        }
        this.columns = columns;
        int size = Math.multiplyExact(columns, Math.max(capacity, 1));
        if (inNativeMemory) {
            this.direct = allocateDirect(size);
        } else {
            this.data = new float[size];
        }
    }

    /**
     * A batch whose values are in native memory: a direct buffer in the platform's byte order, which
     * native runtimes read in place. Its {@link #data()} is unavailable.
     *
     * @param columns  features per row (≥ 1)
     * @param capacity rows to allocate up front (grows as needed)
     */
    public static DenseBatch direct(int columns, int capacity) {
        return new DenseBatch(columns, capacity, true);
    }

    private static FloatBuffer allocateDirect(int floats) {
        return ByteBuffer.allocateDirect(Math.multiplyExact(floats, Float.BYTES)).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    /** Features per row. */
    public int columns() {
        return columns;
    }

    @Override
    public int size() {
        return rows;
    }

    /** Whether the values are in native memory ({@link #direct(int, int)}). */
    public boolean isDirect() {
        return direct != null;
    }

    /**
     * The backing array of a batch on the heap; row {@code r} occupies
     * {@code [r * columns(), (r + 1) * columns())}. Only the first {@code size() * columns()} values are
     * meaningful. The array is replaced when the batch grows, so read it again after
     * {@link #appendRow()}.
     *
     * @throws IllegalStateException if the batch is {@linkplain #isDirect() in native memory}
     */
    public float[] data() {
        if (data == null) {
            throw new IllegalStateException("a direct DenseBatch has no array: write with set(..) and read with get(..) or values()");
        }
        return data;
    }

    /**
     * The {@code size() * columns()} values, row-major, as a buffer over the batch's own storage (a
     * direct buffer for a {@linkplain #isDirect() direct} batch): writes go to the batch. Valid until
     * the batch grows.
     */
    public FloatBuffer values() {
        int length = rows * columns;
        return direct != null ? direct.slice(0, length) : FloatBuffer.wrap(data, 0, length).slice();
    }

    /**
     * Sets the value at {@code index} of the row-major values, where row {@code r}, column {@code c} is
     * {@code r * columns() + c}: {@code set(appendRow() + c, value)}.
     *
     * @throws IndexOutOfBoundsException if {@code index} is not in {@code [0, size() * columns())}
     */
    public void set(int index, float value) {
        Objects.checkIndex(index, rows * columns);
        if (direct != null) {
            direct.put(index, value);
        } else {
            data[index] = value;
        }
    }

    /**
     * Writes {@code length} values from {@code values[from ..]} at {@code index} of the row-major
     * values: a row computed elsewhere, copied in one call.
     *
     * @throws IndexOutOfBoundsException if either range is out of bounds
     */
    public void set(int index, float[] values, int from, int length) {
        Objects.checkFromIndexSize(index, length, rows * columns);
        if (direct != null) {
            direct.put(index, values, from, length);
        } else {
            System.arraycopy(values, from, data, index, length);
        }
    }

    /**
     * Adds a zeroed row and returns the index in the row-major values ({@link #data()},
     * {@link #set(int, float)}) where it starts.
     */
    public int appendRow() {
        int offset = rows * columns;
        int needed = offset + columns;
        if (needed > capacity()) {
            grow(Math.max(needed, Math.multiplyExact(capacity(), 2)));
        } else if (direct != null) {
            for (int i = offset; i < needed; i++) {
                direct.put(i, 0f);
            }
        } else {
            Arrays.fill(data, offset, needed, 0f);
        }
        rows++;
        return offset;
    }

    private int capacity() {
        return direct != null ? direct.capacity() : data.length;
    }

    /** New storage of {@code size} values holding the current ones, the rest zero. */
    private void grow(int size) {
        if (direct != null) {
            FloatBuffer larger = allocateDirect(size);
            larger.put(0, direct, 0, rows * columns);
            direct = larger;
        } else {
            data = Arrays.copyOf(data, size);
        }
    }

    @Override
    public void add(float[] features) {
        if (features.length != columns) {
            throw new IllegalArgumentException("expected " + columns + " features, got " + features.length);
        }
        int at = appendRow();
        set(at, features, 0, columns);
    }

    /** One value. */
    public float get(int row, int column) {
        checkRow(row);
        if (column < 0 || column >= columns) {
            throw new IndexOutOfBoundsException("column " + column + " of " + columns);
        }
        int at = row * columns + column;
        return direct != null ? direct.get(at) : data[at];
    }

    @Override
    public float[] row(int index) {
        checkRow(index);
        if (direct != null) {
            float[] row = new float[columns];
            direct.get(index * columns, row);
            return row;
        }
        return Arrays.copyOfRange(data, index * columns, (index + 1) * columns);
    }

    /**
     * This batch if it is on the heap, else a copy of its rows on the heap: for code that reads
     * {@link #data()}.
     */
    public DenseBatch onHeap() {
        if (direct == null) {
            return this;
        }
        DenseBatch copy = new DenseBatch(columns, rows);
        copy.rows = rows;
        direct.get(0, copy.data, 0, rows * columns);
        return copy;
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

package dev.modeldeploy.onnx.tabular;

/**
 * One compiled operator: reads and writes fixed slots of a row's working memory, a {@code float[]}
 * whose layout the compiler decided. Immutable and thread-safe; the memory is the caller's.
 */
interface Step {
    /** Runs on the row whose memory starts at {@code base}. */
    void apply(float[] memory, int base);

    /** Runs on {@code rows} rows laid out every {@code stride} floats; steps that gain from it work across rows. */
    default void applyBlock(float[] memory, int rows, int stride) {
        for (int r = 0, base = 0; r < rows; r++, base += stride) {
            apply(memory, base);
        }
    }
}

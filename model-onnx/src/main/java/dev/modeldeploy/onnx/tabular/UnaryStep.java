package dev.modeldeploy.onnx.tabular;

import dev.modeldeploy.api.error.ModelException;

/**
 * An element-wise operator of one row with per-column constants: Scaler, Imputer, Binarizer and Sigmoid.
 * Binarizer refuses NaN with a {@link ModelException}, as ONNX Runtime does.
 */
final class UnaryStep implements Step {
    /** The operators. */
    enum Op {
        /** {@code (x - a) * b}. */
        SCALER,
        /** {@code a} where {@code x} is the replaced value {@code b} (NaN: where x is NaN), else {@code x}. */
        IMPUTER,
        /** {@code x > a ? 1 : 0}. */
        BINARIZER,
        /** {@code 1 / (1 + e^-x)}. */
        SIGMOID
    }

    private final Op op;
    private final int in;
    private final int out;
    private final int width;
    private final float[] a;
    private final float[] b;

    /** {@code a} and {@code b} hold one value, or one per column. */
    UnaryStep(Op op, int in, int out, int width, float[] a, float[] b) {
        this.op = op;
        this.in = in;
        this.out = out;
        this.width = width;
        this.a = a;
        this.b = b;
    }

    @Override
    public void apply(float[] m, int base) {
        for (int c = 0; c < width; c++) {
            float x = m[base + in + c];
            m[base + out + c] = switch (op) {
                case SCALER -> (x - at(a, c)) * at(b, c);
                case IMPUTER -> {
                    float replaced = b[0];
                    boolean replace = Float.isNaN(replaced) ? Float.isNaN(x) : x == replaced;
                    yield replace ? at(a, c) : x;
                }
                case BINARIZER -> {
                    if (x != x) {
                        throw new ModelException("Binarizer: input " + c + " is NaN (refused, as ONNX Runtime refuses it)");
                    }
                    yield x > a[0] ? 1f : 0f;
                }
                case SIGMOID -> PostTransform.mlasLogistic(x);
            };
        }
    }

    private static float at(float[] values, int c) {
        return values[values.length == 1 ? 0 : c];
    }
}

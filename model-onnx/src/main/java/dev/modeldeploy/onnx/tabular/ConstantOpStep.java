package dev.modeldeploy.onnx.tabular;

/**
 * An element-wise binary operator between a row and a constant broadcast over it (a scalar or one value
 * per column), or between two rows of equal width; in float, as ONNX Runtime computes it.
 */
final class ConstantOpStep implements Step {
    /** The operators. */
    enum Op { ADD, SUB, MUL, DIV }

    private final Op op;
    private final int a;
    private final int b;
    private final float[] constant;
    private final boolean constantFirst;
    private final int out;
    private final int width;

    /**
     * @param a             the row operand's slot
     * @param b             the second row operand's slot, or -1 when the other operand is {@code constant}
     * @param constant      one value or {@code width} values, or null
     * @param constantFirst whether the constant is the left operand
     */
    ConstantOpStep(Op op, int a, int b, float[] constant, boolean constantFirst, int out, int width) {
        this.op = op;
        this.a = a;
        this.b = b;
        this.constant = constant;
        this.constantFirst = constantFirst;
        this.out = out;
        this.width = width;
    }

    @Override
    public void apply(float[] m, int base) {
        for (int c = 0; c < width; c++) {
            float x = m[base + a + c];
            float y = b >= 0 ? m[base + b + c] : constant[constant.length == 1 ? 0 : c];
            if (constantFirst) {
                float t = x;
                x = y;
                y = t;
            }
            m[base + out + c] = switch (op) {
                case ADD -> x + y;
                case SUB -> x - y;
                case MUL -> x * y;
                case DIV -> x / y;
            };
        }
    }
}

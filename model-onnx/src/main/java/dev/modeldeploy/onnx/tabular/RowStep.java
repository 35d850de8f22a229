package dev.modeldeploy.onnx.tabular;

/**
 * The operators that work on a whole row: Softmax, Normalizer, ArgMax, the copies that Concat makes and
 * the label lookup of Gather. Labels are kept in memory as indexes into a class table.
 */
final class RowStep implements Step {
    /** The operators. */
    enum Op { SOFTMAX, NORM_MAX, NORM_L1, NORM_L2, ARGMAX, COPY }

    private final Op op;
    private final int in;
    private final int out;
    private final int width;

    RowStep(Op op, int in, int out, int width) {
        this.op = op;
        this.in = in;
        this.out = out;
        this.width = width;
    }

    @Override
    public void apply(float[] m, int base) {
        int x = base + in;
        int y = base + out;
        switch (op) {
            case COPY -> System.arraycopy(m, x, m, y, width);
            case SOFTMAX -> {
                System.arraycopy(m, x, m, y, width);
                PostTransform.softmax(m, y, width, true);
            }
            case ARGMAX -> {
                int best = 0;
                for (int c = 1; c < width; c++) {
                    if (m[x + c] > m[x + best]) {
                        best = c;
                    }
                }
                m[y] = best;
            }
            case NORM_MAX -> {
                float max = -Float.MAX_VALUE;
                for (int c = 0; c < width; c++) {
                    // As std::max: a NaN never replaces the maximum.
                    if (max < m[x + c]) {
                        max = m[x + c];
                    }
                }
                divide(m, x, y, max);
            }
            case NORM_L1 -> {
                float sum = 0;
                for (int c = 0; c < width; c++) {
                    sum += Math.abs(m[x + c]);
                }
                divide(m, x, y, sum);
            }
            case NORM_L2 -> {
                float sum = 0;
                for (int c = 0; c < width; c++) {
                    sum += m[x + c] * m[x + c];
                }
                divide(m, x, y, sum == 0 ? 0 : (float) Math.sqrt(sum));
            }
            default -> throw new IllegalStateException();
        }
    }

    @Override
    public void applyBlock(float[] m, int rows, int stride) {
        if (op == Op.SOFTMAX && width == 2) {
            for (int r = 0, base = 0; r < rows; r++, base += stride) {
                softmaxOfTwo(m, base + in, base + out);
            }
            return;
        }
        Step.super.applyBlock(m, rows, stride);
    }

    /**
     * {@link PostTransform#softmax(float[], int, int, boolean) softmax(.., true)} of two scores, the
     * same floats without its branches: which score is the larger varies from row to row, so that a
     * branch on it is mispredicted half the time in a batch, which costs more than the second
     * exponential it saves (exp(0) is exactly 1 here too).
     */
    private static void softmaxOfTwo(float[] m, int x, int y) {
        float z0 = m[x];
        float z1 = m[x + 1];
        float max = Math.max(z0, z1);
        float e0 = PostTransform.expOfNonPositive(z0 - max);
        float e1 = PostTransform.expOfNonPositive(z1 - max);
        float scale = 1f / (e0 + e1);
        m[y] = e0 * scale;
        m[y + 1] = e1 * scale;
    }

    private void divide(float[] m, int x, int y, float by) {
        for (int c = 0; c < width; c++) {
            m[y + c] = by == 0 ? m[x + c] : m[x + c] / by;
        }
    }
}

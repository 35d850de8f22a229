package dev.modeldeploy.onnx.tabular;

/**
 * {@code y = W x + b} for one row: MatMul and Gemm with constant weights, and the scores of
 * LinearRegressor and LinearClassifier. Weights are stored one output's row after another so that each
 * output is one contiguous dot product. Each dot product is a chain of fused multiply-adds in column
 * order, then the bias, as ONNX Runtime's GEMM kernel (MLAS, AVX2/FMA) sums; the speed comes from
 * running several independent chains at once (two outputs of a row, or two outputs of four rows of a batch).
 */
final class AffineStep implements Step {
    private final int in;
    private final int width;
    private final int out;
    private final float[] weights;
    private final float[] bias;

    /**
     * @param weights {@code outputs × width}, row-major by output
     * @param bias    one per output
     */
    AffineStep(int in, int width, int out, float[] weights, float[] bias) {
        this.in = in;
        this.width = width;
        this.out = out;
        this.weights = weights;
        this.bias = bias;
    }

    @Override
    public void apply(float[] m, int base) {
        int x = base + in;
        int y = base + out;
        int k = 0;
        for (; k + 2 <= bias.length; k += 2) {
            int w0 = k * width;
            int w1 = w0 + width;
            float s0 = 0;
            float s1 = 0;
            for (int c = 0; c < width; c++) {
                float v = m[x + c];
                s0 = Math.fma(v, weights[w0 + c], s0);
                s1 = Math.fma(v, weights[w1 + c], s1);
            }
            m[y + k] = s0 + bias[k];
            m[y + k + 1] = s1 + bias[k + 1];
        }
        if (k < bias.length) {
            m[y + k] = dot(m, x, k * width) + bias[k];
        }
    }

    @Override
    public void applyBlock(float[] m, int rows, int stride) {
        int r = 0;
        for (; r + 4 <= rows; r += 4) {
            int x0 = r * stride + in;
            int x1 = x0 + stride;
            int x2 = x1 + stride;
            int x3 = x2 + stride;
            int y = r * stride + out;
            int k = 0;
            // Two outputs of four rows: eight independent chains, enough to keep the multiply-add units busy.
            for (; k + 2 <= bias.length; k += 2) {
                int w = k * width;
                int v = w + width;
                float s0 = 0;
                float s1 = 0;
                float s2 = 0;
                float s3 = 0;
                float t0 = 0;
                float t1 = 0;
                float t2 = 0;
                float t3 = 0;
                for (int c = 0; c < width; c++) {
                    float wc = weights[w + c];
                    float vc = weights[v + c];
                    float a0 = m[x0 + c];
                    float a1 = m[x1 + c];
                    float a2 = m[x2 + c];
                    float a3 = m[x3 + c];
                    s0 = Math.fma(a0, wc, s0);
                    s1 = Math.fma(a1, wc, s1);
                    s2 = Math.fma(a2, wc, s2);
                    s3 = Math.fma(a3, wc, s3);
                    t0 = Math.fma(a0, vc, t0);
                    t1 = Math.fma(a1, vc, t1);
                    t2 = Math.fma(a2, vc, t2);
                    t3 = Math.fma(a3, vc, t3);
                }
                m[y + k] = s0 + bias[k];
                m[y + stride + k] = s1 + bias[k];
                m[y + 2 * stride + k] = s2 + bias[k];
                m[y + 3 * stride + k] = s3 + bias[k];
                m[y + k + 1] = t0 + bias[k + 1];
                m[y + stride + k + 1] = t1 + bias[k + 1];
                m[y + 2 * stride + k + 1] = t2 + bias[k + 1];
                m[y + 3 * stride + k + 1] = t3 + bias[k + 1];
            }
            for (; k < bias.length; k++) {
                int w = k * width;
                float s0 = 0;
                float s1 = 0;
                float s2 = 0;
                float s3 = 0;
                for (int c = 0; c < width; c++) {
                    float wc = weights[w + c];
                    s0 = Math.fma(m[x0 + c], wc, s0);
                    s1 = Math.fma(m[x1 + c], wc, s1);
                    s2 = Math.fma(m[x2 + c], wc, s2);
                    s3 = Math.fma(m[x3 + c], wc, s3);
                }
                m[y + k] = s0 + bias[k];
                m[y + stride + k] = s1 + bias[k];
                m[y + 2 * stride + k] = s2 + bias[k];
                m[y + 3 * stride + k] = s3 + bias[k];
            }
        }
        for (; r < rows; r++) {
            apply(m, r * stride);
        }
    }

    private float dot(float[] m, int x, int w) {
        float sum = 0;
        for (int c = 0; c < width; c++) {
            sum = Math.fma(m[x + c], weights[w + c], sum);
        }
        return sum;
    }
}

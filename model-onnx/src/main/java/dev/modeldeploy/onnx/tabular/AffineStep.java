package dev.modeldeploy.onnx.tabular;

/**
 * {@code y = W x + b} for one row: MatMul and Gemm with constant weights, and the scores of
 * LinearRegressor and LinearClassifier. Weights are stored one output's row after another so that each
 * output is one contiguous dot product.
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
        for (int k = 0, w = 0; k < bias.length; k++, w += width) {
            // Fused multiply-adds in column order, then the bias: how ONNX Runtime's GEMM kernel (MLAS, AVX2/FMA) sums.
            float sum = 0;
            for (int c = 0; c < width; c++) {
                sum = Math.fma(m[x + c], weights[w + c], sum);
            }
            m[y + k] = sum + bias[k];
        }
    }
}

package dev.modeldeploy.onnx.tabular;

/**
 * ai.onnx.ml LinearClassifier: the scores {@code W x + b}, the predicted class (an index into the class
 * labels) and the post transform, with ONNX Runtime's handling of a single score for two classes: the
 * class is the second when the score is positive, and the scores are {@code [1 - s, s]}.
 */
final class LinearClassifierStep implements Step {
    private final AffineStep scores;
    private final int z;
    private final int classes;
    private final boolean singleScore;
    private final int label;
    private final PostTransform transform;

    /**
     * @param scores      writes the raw scores at {@code z}
     * @param classes     the raw scores' count
     * @param singleScore whether one score stands for two classes
     */
    LinearClassifierStep(AffineStep scores, int z, int classes, boolean singleScore, int label, PostTransform transform) {
        this.scores = scores;
        this.z = z;
        this.classes = classes;
        this.singleScore = singleScore;
        this.label = label;
        this.transform = transform;
    }

    @Override
    public void apply(float[] m, int base) {
        scores.apply(m, base);
        int y = base + z;
        if (singleScore) {
            float s = m[y];
            m[base + label] = s > 0 ? 1 : 0;
            m[y] = 1f - s;
            m[y + 1] = s;
            return;
        }
        int best = 0;
        for (int c = 1; c < classes; c++) {
            if (m[y + c] > m[y + best]) {
                best = c;
            }
        }
        m[base + label] = best;
        transform.apply(m, y, classes, true);
    }
}

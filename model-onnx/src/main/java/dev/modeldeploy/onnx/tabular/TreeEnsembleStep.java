package dev.modeldeploy.onnx.tabular;

/**
 * A compiled tree ensemble (ai.onnx.ml TreeEnsembleRegressor and TreeEnsembleClassifier): every node of
 * every tree in flat primitive arrays, leaves carrying a range of (target, weight) pairs. The scores
 * accumulate in float tree by tree, in the order ONNX Runtime uses, then {@link Finish} turns them into
 * the operator's outputs. A batch is scored tree by tree across its rows, so that a tree stays in cache.
 */
final class TreeEnsembleStep implements Step {
    static final byte LEAF = 0;
    static final byte LEQ = 1;
    static final byte LT = 2;
    static final byte GTE = 3;
    static final byte GT = 4;
    static final byte EQ = 5;
    static final byte NEQ = 6;

    /** How the accumulated scores of one row become the outputs. */
    interface Finish {
        /** Finishes the row at {@code base}, whose {@code targets} accumulated scores start at {@code scores}. */
        void apply(float[] memory, int base, int scores);
    }

    /** How leaf weights combine across trees. */
    enum Aggregate { SUM, AVERAGE, MIN, MAX }

    private final int in;
    private final int[] roots;
    private final byte[] mode;
    private final int[] feature;
    private final float[] threshold;
    private final boolean[] missingTrue;
    private final int[] whenTrue;
    private final int[] whenFalse;
    /** Leaf {@code n}'s weights are {@code weightTarget/weightValue[leafStart[n] .. leafStart[n + 1])}. */
    private final int[] leafStart;
    private final int[] weightTarget;
    private final float[] weightValue;
    private final int scores;
    private final int targets;
    private final Aggregate aggregate;
    private final Finish finish;

    TreeEnsembleStep(int in, int[] roots, byte[] mode, int[] feature, float[] threshold, boolean[] missingTrue, int[] whenTrue,
                     int[] whenFalse, int[] leafStart, int[] weightTarget, float[] weightValue, int scores, int targets,
                     Aggregate aggregate, Finish finish) {
        this.in = in;
        this.roots = roots;
        this.mode = mode;
        this.feature = feature;
        this.threshold = threshold;
        this.missingTrue = missingTrue;
        this.whenTrue = whenTrue;
        this.whenFalse = whenFalse;
        this.leafStart = leafStart;
        this.weightTarget = weightTarget;
        this.weightValue = weightValue;
        this.scores = scores;
        this.targets = targets;
        this.aggregate = aggregate;
        this.finish = finish;
    }

    @Override
    public void apply(float[] m, int base) {
        int s = base + scores;
        start(m, s);
        int x = base + in;
        for (int root : roots) {
            add(m, s, leaf(m, x, root));
        }
        end(m, s);
        finish.apply(m, base, scores);
    }

    @Override
    public void applyBlock(float[] m, int rows, int stride) {
        for (int r = 0, base = 0; r < rows; r++, base += stride) {
            start(m, base + scores);
        }
        for (int root : roots) {
            for (int r = 0, base = 0; r < rows; r++, base += stride) {
                add(m, base + scores, leaf(m, base + in, root));
            }
        }
        for (int r = 0, base = 0; r < rows; r++, base += stride) {
            end(m, base + scores);
            finish.apply(m, base, scores);
        }
    }

    /** The leaf the row at {@code x} reaches from {@code node}. */
    private int leaf(float[] m, int x, int node) {
        byte[] mode = this.mode;
        int n = node;
        byte how;
        while ((how = mode[n]) != LEAF) {
            float v = m[x + feature[n]];
            float t = threshold[n];
            boolean go = switch (how) {
                case LEQ -> v <= t;
                case LT -> v < t;
                case GTE -> v >= t;
                case GT -> v > t;
                case EQ -> v == t;
                default -> v != t;
            };
            if (!go && missingTrue[n] && v != v) {
                go = true;
            }
            n = go ? whenTrue[n] : whenFalse[n];
        }
        return n;
    }

    private void start(float[] m, int s) {
        float initial = switch (aggregate) {
            case SUM, AVERAGE -> 0f;
            case MIN -> Float.POSITIVE_INFINITY;
            case MAX -> Float.NEGATIVE_INFINITY;
        };
        for (int t = 0; t < targets; t++) {
            m[s + t] = initial;
        }
    }

    private void add(float[] m, int s, int leaf) {
        for (int w = leafStart[leaf], end = leafStart[leaf + 1]; w < end; w++) {
            int at = s + weightTarget[w];
            float value = weightValue[w];
            m[at] = switch (aggregate) {
                case SUM, AVERAGE -> m[at] + value;
                case MIN -> Math.min(m[at], value);
                case MAX -> Math.max(m[at], value);
            };
        }
    }

    private void end(float[] m, int s) {
        if (aggregate == Aggregate.AVERAGE) {
            for (int t = 0; t < targets; t++) {
                m[s + t] /= roots.length;
            }
        }
    }
}

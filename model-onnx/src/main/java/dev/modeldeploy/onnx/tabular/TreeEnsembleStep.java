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

    /** Mixed modes: each node's own is in {@link #mode}. */
    private static final byte MIXED = -1;

    private final int in;
    /** Each tree's root: an internal node, or {@code ~leaf} for a tree that is one leaf. */
    private final int[] roots;
    /** The internal nodes: feature, threshold, missing track, and children at {@code 2n} (true) and {@code 2n + 1} (false). */
    private final int[] feature;
    private final float[] threshold;
    private final boolean[] missingTrue;
    private final int[] child;
    /** Every internal node's mode when they share one, else {@link #MIXED}. */
    private final byte uniform;
    private final byte[] mode;
    /** Leaf {@code l}'s weights are {@code weightTarget/weightValue[leafStart[l] .. leafStart[l + 1])}. */
    private final int[] leafStart;
    private final int[] weightTarget;
    private final float[] weightValue;
    private final int scores;
    private final int targets;
    private final Aggregate aggregate;
    private final Finish finish;

    /**
     * Compiles the nodes as the operator's attributes list them (node {@code i} of every array, children as
     * indexes into the same arrays): internal nodes are renumbered densely, and a child that is a leaf becomes
     * {@code ~i}, so that walking a tree reads four small arrays and takes no branch on the node kind.
     */
    TreeEnsembleStep(int in, int[] roots, byte[] mode, int[] feature, float[] threshold, boolean[] missingTrue, int[] whenTrue,
                     int[] whenFalse, int[] leafStart, int[] weightTarget, float[] weightValue, int scores, int targets,
                     Aggregate aggregate, Finish finish) {
        int n = mode.length;
        int[] internal = new int[n];
        int count = 0;
        byte shared = 0;
        for (int i = 0; i < n; i++) {
            if (mode[i] != LEAF) {
                internal[i] = count++;
                shared = shared == 0 || shared == mode[i] ? mode[i] : MIXED;
            }
        }
        this.feature = new int[count];
        this.threshold = new float[count];
        this.missingTrue = new boolean[count];
        this.child = new int[2 * count];
        this.mode = new byte[count];
        for (int i = 0; i < n; i++) {
            if (mode[i] != LEAF) {
                int k = internal[i];
                this.feature[k] = feature[i];
                this.threshold[k] = threshold[i];
                this.missingTrue[k] = missingTrue[i];
                this.mode[k] = mode[i];
                this.child[2 * k] = mode[whenTrue[i]] == LEAF ? ~whenTrue[i] : internal[whenTrue[i]];
                this.child[2 * k + 1] = mode[whenFalse[i]] == LEAF ? ~whenFalse[i] : internal[whenFalse[i]];
            }
        }
        this.roots = new int[roots.length];
        for (int t = 0; t < roots.length; t++) {
            this.roots[t] = mode[roots[t]] == LEAF ? ~roots[t] : internal[roots[t]];
        }
        this.uniform = count == 0 ? LEQ : shared;
        this.in = in;
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

    /**
     * The leaf the row at {@code x} reaches from {@code node}. A node goes to its true child when its
     * comparison holds, or when the value is NaN and it tracks missing values to the true child (a NaN
     * fails every comparison but NEQ). One loop per mode, so that the common single-mode ensembles run
     * without a switch per node; the child is picked by index arithmetic rather than a branch.
     */
    private int leaf(float[] m, int x, int node) {
        int n = node;
        int[] feature = this.feature;
        float[] threshold = this.threshold;
        boolean[] missing = this.missingTrue;
        int[] child = this.child;
        switch (uniform) {
            case LEQ -> {
                while (n >= 0) {
                    float v = m[x + feature[n]];
                    n = child[2 * n + (v <= threshold[n] || (v != v && missing[n]) ? 0 : 1)];
                }
            }
            case LT -> {
                while (n >= 0) {
                    float v = m[x + feature[n]];
                    n = child[2 * n + (v < threshold[n] || (v != v && missing[n]) ? 0 : 1)];
                }
            }
            case GTE -> {
                while (n >= 0) {
                    float v = m[x + feature[n]];
                    n = child[2 * n + (v >= threshold[n] || (v != v && missing[n]) ? 0 : 1)];
                }
            }
            case GT -> {
                while (n >= 0) {
                    float v = m[x + feature[n]];
                    n = child[2 * n + (v > threshold[n] || (v != v && missing[n]) ? 0 : 1)];
                }
            }
            default -> {
                while (n >= 0) {
                    float v = m[x + feature[n]];
                    float t = threshold[n];
                    boolean go = switch (mode[n]) {
                        case LEQ -> v <= t;
                        case LT -> v < t;
                        case GTE -> v >= t;
                        case GT -> v > t;
                        case EQ -> v == t;
                        default -> v != t;
                    };
                    n = child[2 * n + (go || (v != v && missing[n]) ? 0 : 1)];
                }
            }
        }
        return ~n;
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

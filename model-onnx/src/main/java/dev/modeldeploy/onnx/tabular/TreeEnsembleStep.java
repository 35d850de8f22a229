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
    /** Ints per internal node in {@link #nodes}. */
    private static final int NODE = 4;

    private final int in;
    /** Each tree's root: an internal node's offset in {@link #nodes}, or {@code ~leaf} for a tree that is one leaf. */
    private final int[] roots;
    /**
     * The internal nodes, {@value #NODE} ints each, so that a step down a tree reads one cache line: the
     * feature, the threshold's float bits, the first child and the second child (an offset in this array,
     * or {@code ~leaf}). Nodes are in depth-first order, first child first, so a path stays close. With
     * {@link #leq} the first child is where {@code v <= threshold} goes, else the node's true child.
     */
    private final int[] nodes;
    /**
     * Whether every node is an inequality (LEQ, LT, GTE, GT, mixed or not) with a finite threshold. Then each
     * is compiled to {@code v <= t} (LT and GTE with the next float below their threshold, GTE and GT with
     * their children swapped), and a step takes the child by the sign of {@code t - v}, without a branch the
     * processor would mispredict half the time.
     */
    private final boolean leq;
    /** With {@link #leq}: the child slot (2 or 3) a NaN goes to, by node offset / {@value #NODE}. */
    private final byte[] nanSlot;
    /** Whether a NaN goes to the true child, by node offset / {@value #NODE}; read only for NaN values. */
    private final boolean[] missingTrue;
    /** Every internal node's mode when they share one, else {@link #MIXED}. */
    private final byte uniform;
    /** The modes, by node offset / {@value #NODE}, for {@link #MIXED}. */
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
     * indexes into the same arrays, leaves named by that index in {@code leafStart}).
     */
    TreeEnsembleStep(int in, int[] roots, byte[] mode, int[] feature, float[] threshold, boolean[] missingTrue, int[] whenTrue,
                     int[] whenFalse, int[] leafStart, int[] weightTarget, float[] weightValue, int scores, int targets,
                     Aggregate aggregate, Finish finish) {
        int n = mode.length;
        boolean inequalities = true;
        byte shared = 0;
        float[] compared = new float[n];
        for (int i = 0; i < n; i++) {
            if (mode[i] == LEAF) {
                continue;
            }
            shared = shared == 0 || shared == mode[i] ? mode[i] : MIXED;
            // v < t is v <= the float below t, for every v that is not NaN.
            float t = mode[i] == LT || mode[i] == GTE ? Math.nextDown(threshold[i]) : threshold[i];
            // -0 compares as +0, and +0 keeps t - v exact in sign: t - v is -0 only for t = -0.
            compared[i] = t == 0f ? 0f : t;
            inequalities &= mode[i] >= LEQ && mode[i] <= GT && Float.isFinite(threshold[i]) && Float.isFinite(t);
        }
        this.leq = inequalities;
        // Each node's children in slot order: with leq, the side of v <= t first, else the true child first.
        int[] first = new int[n];
        int[] second = new int[n];
        for (int i = 0; i < n; i++) {
            boolean swap = inequalities && (mode[i] == GTE || mode[i] == GT);
            first[i] = swap ? whenFalse[i] : whenTrue[i];
            second[i] = swap ? whenTrue[i] : whenFalse[i];
        }
        int[] order = new int[n];
        int count = 0;
        // Depth-first numbering of the internal nodes, from each root, with an explicit stack.
        int[] offset = new int[n];
        java.util.Arrays.fill(offset, -1);
        int[] stack = new int[n + 1];
        for (int root : roots) {
            int top = 0;
            stack[top++] = root;
            while (top > 0) {
                int i = stack[--top];
                if (mode[i] == LEAF || offset[i] >= 0) {
                    continue;
                }
                offset[i] = count;
                order[count++] = i;
                if (top + 2 > stack.length) {
                    stack = java.util.Arrays.copyOf(stack, stack.length * 2);
                }
                stack[top++] = second[i];
                stack[top++] = first[i];
            }
        }
        this.nodes = new int[NODE * count];
        this.missingTrue = new boolean[count];
        this.nanSlot = new byte[count];
        this.mode = new byte[count];
        for (int k = 0; k < count; k++) {
            int i = order[k];
            nodes[NODE * k] = feature[i];
            nodes[NODE * k + 1] = Float.floatToRawIntBits(inequalities ? compared[i] : threshold[i]);
            nodes[NODE * k + 2] = mode[first[i]] == LEAF ? ~first[i] : NODE * offset[first[i]];
            nodes[NODE * k + 3] = mode[second[i]] == LEAF ? ~second[i] : NODE * offset[second[i]];
            this.missingTrue[k] = missingTrue[i];
            boolean trueIsFirst = first[i] == whenTrue[i];
            this.nanSlot[k] = (byte) (missingTrue[i] == trueIsFirst ? 2 : 3);
            this.mode[k] = mode[i];
        }
        this.roots = new int[roots.length];
        for (int t = 0; t < roots.length; t++) {
            this.roots[t] = mode[roots[t]] == LEAF ? ~roots[t] : NODE * offset[roots[t]];
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
        int[] roots = this.roots;
        int t = 0;
        // Eight trees at once: their walks are independent chains of loads, which the processor overlaps.
        for (; t + 8 <= roots.length; t += 8) {
            int a = roots[t];
            int b = roots[t + 1];
            int c = roots[t + 2];
            int d = roots[t + 3];
            int e = roots[t + 4];
            int f = roots[t + 5];
            int g = roots[t + 6];
            int h = roots[t + 7];
            while ((a & b & c & d & e & f & g & h) >= 0) {
                a = a >= 0 ? next(m, x, a) : a;
                b = b >= 0 ? next(m, x, b) : b;
                c = c >= 0 ? next(m, x, c) : c;
                d = d >= 0 ? next(m, x, d) : d;
                e = e >= 0 ? next(m, x, e) : e;
                f = f >= 0 ? next(m, x, f) : f;
                g = g >= 0 ? next(m, x, g) : g;
                h = h >= 0 ? next(m, x, h) : h;
            }
            // In tree order, as ONNX Runtime sums.
            add(m, s, ~a);
            add(m, s, ~b);
            add(m, s, ~c);
            add(m, s, ~d);
            add(m, s, ~e);
            add(m, s, ~f);
            add(m, s, ~g);
            add(m, s, ~h);
        }
        for (; t < roots.length; t++) {
            add(m, s, leaf(m, x, roots[t]));
        }
        end(m, s);
        finish.apply(m, base, scores);
    }

    @Override
    public void applyBlock(float[] m, int rows, int stride) {
        for (int r = 0, base = 0; r < rows; r++, base += stride) {
            start(m, base + scores);
        }
        // Tree by tree, so that a tree stays in cache, four rows at once, so that their walks overlap.
        for (int root : roots) {
            int r = 0;
            for (; r + 4 <= rows; r += 4) {
                int x0 = r * stride + in;
                int x1 = x0 + stride;
                int x2 = x1 + stride;
                int x3 = x2 + stride;
                int a = root;
                int b = root;
                int c = root;
                int d = root;
                while ((a & b & c & d) >= 0) {
                    a = a >= 0 ? next(m, x0, a) : a;
                    b = b >= 0 ? next(m, x1, b) : b;
                    c = c >= 0 ? next(m, x2, c) : c;
                    d = d >= 0 ? next(m, x3, d) : d;
                }
                add(m, r * stride + scores, ~a);
                add(m, (r + 1) * stride + scores, ~b);
                add(m, (r + 2) * stride + scores, ~c);
                add(m, (r + 3) * stride + scores, ~d);
            }
            for (; r < rows; r++) {
                add(m, r * stride + scores, leaf(m, r * stride + in, root));
            }
        }
        for (int r = 0, base = 0; r < rows; r++, base += stride) {
            end(m, base + scores);
            finish.apply(m, base, scores);
        }
    }

    /**
     * The child of internal node {@code n} the row at {@code x} goes to. It goes to the true child when
     * the node's comparison holds, or when the value is NaN and the node tracks missing values to the true
     * child (a NaN fails every comparison but NEQ). Small enough to be inlined in the walks; the general
     * comparison stays out of line.
     */
    private int next(float[] m, int x, int n) {
        return leq ? nextLeq(nodes, nanSlot, m, x, n) : nextGeneral(m, x, n);
    }

    /**
     * The step of a {@link #leq} ensemble: the first child when {@code v <= t}, which is when the sign bit
     * of {@code t - v} is 0 (its sign is the exact difference's, and it is +0 when {@code v == t}).
     */
    private static int nextLeq(int[] nodes, byte[] nanSlot, float[] m, int x, int n) {
        float v = m[x + nodes[n]];
        if (v != v) {
            return nodes[n + nanSlot[n / NODE]];
        }
        return nodes[n + 2 + (Float.floatToRawIntBits(Float.intBitsToFloat(nodes[n + 1]) - v) >>> 31)];
    }

    private int nextGeneral(float[] m, int x, int n) {
        int[] nodes = this.nodes;
        float v = m[x + nodes[n]];
        float t = Float.intBitsToFloat(nodes[n + 1]);
        boolean go = switch (uniform) {
            case LEQ -> v <= t;
            case LT -> v < t;
            case GTE -> v >= t;
            case GT -> v > t;
            default -> switch (mode[n / NODE]) {
                case LEQ -> v <= t;
                case LT -> v < t;
                case GTE -> v >= t;
                case GT -> v > t;
                case EQ -> v == t;
                default -> v != t;
            };
        };
        return nodes[n + (go || (v != v && missingTrue[n / NODE]) ? 2 : 3)];
    }

    /** The leaf the row at {@code x} reaches from {@code node} (an internal node's offset, or {@code ~leaf}). */
    private int leaf(float[] m, int x, int node) {
        int n = node;
        while (n >= 0) {
            n = next(m, x, n);
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

package dev.modeldeploy.onnx.tabular;

import ai.onnx.proto.OnnxMl.NodeProto;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import static dev.modeldeploy.onnx.tabular.GraphCompiler.require;

/**
 * Compiles ai.onnx.ml TreeEnsembleRegressor and TreeEnsembleClassifier (opset 1 and 3, with the
 * {@code *_as_tensor} attributes) into a {@link TreeEnsembleStep}. Classifiers follow ONNX Runtime's
 * rules for two classes scored by one class's weights (XGBoost's and LightGBM's binary models);
 * configurations whose result ONNX Runtime leaves to chance of attribute order are refused.
 */
final class Trees {
    private Trees() {
    }

    static void compile(GraphCompiler c, NodeProto node, Attributes a, String where, boolean classifier) {
        Value x = c.input(node, 0, where);
        long[] treeIds = a.integers("nodes_treeids");
        long[] nodeIds = a.integers("nodes_nodeids");
        long[] features = a.integers("nodes_featureids");
        double[] thresholds = a.reals("nodes_values");
        String[] modes = a.strings("nodes_modes");
        long[] trueIds = a.integers("nodes_truenodeids");
        long[] falseIds = a.integers("nodes_falsenodeids");
        long[] missing = a.integers("nodes_missing_value_tracks_true");
        a.reals("nodes_hitrates"); // statistics only
        require(treeIds != null && nodeIds != null && modes != null && features != null && trueIds != null && falseIds != null,
                where, "the nodes_* attributes are incomplete");
        int n = treeIds.length;
        require(nodeIds.length == n && modes.length == n && features.length == n && trueIds.length == n && falseIds.length == n
                && (thresholds == null || thresholds.length == n) && (missing == null || missing.length == 0 || missing.length == n),
                where, "the nodes_* attributes differ in length");

        // Nodes keep attribute order; the first node of each tree is its root, as in ONNX Runtime.
        Map<Long, Map<Long, Integer>> index = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            Integer before = index.computeIfAbsent(treeIds[i], t -> new HashMap<>()).put(nodeIds[i], i);
            require(before == null, where, "node " + nodeIds[i] + " of tree " + treeIds[i] + " is defined twice");
        }
        int[] roots = new int[index.size()];
        int t = 0;
        for (Map<Long, Integer> tree : index.values()) {
            roots[t++] = tree.values().stream().mapToInt(Integer::intValue).min().orElseThrow();
        }
        byte[] mode = new byte[n];
        int[] feature = new int[n];
        float[] threshold = new float[n];
        boolean[] missingTrue = new boolean[n];
        int[] whenTrue = new int[n];
        int[] whenFalse = new int[n];
        for (int i = 0; i < n; i++) {
            mode[i] = mode(modes[i], where);
            if (mode[i] == TreeEnsembleStep.LEAF) {
                continue;
            }
            require(features[i] >= 0 && features[i] < x.width(), where, "feature " + features[i] + " of " + x.width());
            require(thresholds != null, where, "nodes_values is missing");
            feature[i] = (int) features[i];
            threshold[i] = (float) thresholds[i];
            missingTrue[i] = missing != null && missing.length == n && missing[i] != 0;
            Map<Long, Integer> tree = index.get(treeIds[i]);
            Integer yes = tree.get(trueIds[i]);
            Integer no = tree.get(falseIds[i]);
            require(yes != null && no != null, where, "node " + nodeIds[i] + " of tree " + treeIds[i] + " has a missing child");
            whenTrue[i] = yes;
            whenFalse[i] = no;
        }
        String prefix = classifier ? "class_" : "target_";
        long[] wTrees = a.integers(prefix + "treeids");
        long[] wNodes = a.integers(prefix + "nodeids");
        long[] wTargets = a.integers(classifier ? "class_ids" : "target_ids");
        double[] wValues = a.reals(classifier ? "class_weights" : "target_weights");
        require(wTrees != null && wNodes != null && wTargets != null && wValues != null, where, "the leaf weights are incomplete");
        int w = wTrees.length;
        require(wNodes.length == w && wTargets.length == w && wValues.length == w, where, "the leaf weight attributes differ in length");
        int[] leafOf = new int[w];
        int[] count = new int[n + 1];
        for (int i = 0; i < w; i++) {
            Map<Long, Integer> tree = index.get(wTrees[i]);
            Integer leaf = tree == null ? null : tree.get(wNodes[i]);
            require(leaf != null && mode[leaf] == TreeEnsembleStep.LEAF, where, "a weight belongs to no leaf");
            leafOf[i] = leaf;
            count[leaf]++;
        }
        int[] leafStart = new int[n + 1];
        for (int i = 0; i < n; i++) {
            leafStart[i + 1] = leafStart[i] + count[i];
        }
        int[] fill = leafStart.clone();
        int[] weightTarget = new int[w];
        float[] weightValue = new float[w];
        for (int i = 0; i < w; i++) {
            int at = fill[leafOf[i]]++;
            weightTarget[at] = Math.toIntExact(wTargets[i]);
            weightValue[at] = (float) wValues[i];
        }
        double[] base = a.reals("base_values");
        base = base == null ? new double[0] : base;
        PostTransform transform = PostTransform.of(a.string("post_transform", "NONE"), where);
        Shape shape = classifier ? classifier(c, node, a, where, base, transform, weightTarget, weightValue)
                : regressor(c, node, a, where, base, transform);
        for (int target : weightTarget) {
            require(target >= 0 && target < shape.targets, where, "target or class id " + target + " of " + shape.targets);
        }
        if (shape.aggregate == TreeEnsembleStep.Aggregate.MIN || shape.aggregate == TreeEnsembleStep.Aggregate.MAX) {
            requireEveryLeafScoresEveryTarget(mode, leafStart, weightTarget, shape.targets, where);
        }
        c.add(new TreeEnsembleStep(x.offset(), roots, mode, feature, threshold, missingTrue, whenTrue, whenFalse, leafStart,
                weightTarget, weightValue, shape.scores, shape.targets, shape.aggregate, shape.finish));
    }

    /** Where the scores accumulate, how many, how, and how they are finished. */
    private record Shape(int scores, int targets, TreeEnsembleStep.Aggregate aggregate, TreeEnsembleStep.Finish finish) {
    }

    private static Shape regressor(GraphCompiler c, NodeProto node, Attributes a, String where, double[] base, PostTransform transform) {
        int targets = Math.toIntExact(a.integer("n_targets", 1));
        require(targets >= 1, where, "n_targets must be positive");
        TreeEnsembleStep.Aggregate aggregate = aggregate(a.string("aggregate_function", "SUM"), where);
        require(base.length == 0 || base.length == targets, where, base.length + " base values for " + targets + " targets");
        require(transform == PostTransform.NONE || targets > 1, where, "a post transform of a single target");
        float[] baseValues = floats(base, targets);
        Value y = c.define(node, 0, targets, 2);
        TreeEnsembleStep.Finish finish = (m, row, s) -> {
            int at = row + s;
            for (int i = 0; i < targets; i++) {
                m[at + i] += baseValues[i];
            }
            transform.apply(m, at, targets);
        };
        return new Shape(y.offset(), targets, aggregate, finish);
    }

    private static Shape classifier(GraphCompiler c, NodeProto node, Attributes a, String where, double[] base, PostTransform transform,
                                    int[] weightTarget, float[] weightValue) {
        long[] ids = a.integers("classlabels_int64s");
        String[] names = a.strings("classlabels_strings");
        require((ids == null) != (names == null), where, "exactly one of classlabels_int64s and classlabels_strings");
        int classes = ids != null ? ids.length : names.length;
        require(classes >= 2, where, "at least two classes");
        Value label = c.define(node, 0, new Value(c.scratch(1), 1, 1, TabularOutput.Kind.LABEL, ids, names));
        Value z = c.define(node, 1, classes, 2);
        int labelAt = label.offset();
        boolean[] scored = new boolean[classes];
        boolean positive = true;
        for (int i = 0; i < weightTarget.length; i++) {
            if (weightTarget[i] >= 0 && weightTarget[i] < classes) {
                scored[weightTarget[i]] = true;
            }
            positive &= weightValue[i] >= 0;
        }
        boolean allScored = true;
        for (boolean s : scored) {
            allScored &= s;
        }
        float[] baseValues = floats(base, classes);
        TreeEnsembleStep.Finish finish;
        if (allScored && classes > 2) {
            require(base.length == 0 || base.length == classes, where, base.length + " base values for " + classes + " classes");
            finish = (m, row, s) -> {
                int at = row + s;
                int best = 0;
                for (int i = 0; i < classes; i++) {
                    m[at + i] += baseValues[i];
                    if (m[at + i] > m[at + best]) {
                        best = i;
                    }
                }
                m[row + labelAt] = best;
                transform.apply(m, at, classes);
            };
        } else if (classes == 2 && scored[0] != scored[1] && base.length <= (scored[0] ? 1 : 0)
                && (scored[1] || transform != PostTransform.PROBIT)) {
            // One class's weights score two classes (XGBoost's and LightGBM's binary models). ONNX Runtime decides
            // with 0.5 for positive weights (probabilities), else 0.
            float cut = positive ? 0.5f : 0f;
            finish = scored[1] ? (m, row, s) -> {
                int at = row + s;
                m[row + labelAt] = m[at + 1] > cut ? 1 : 0;
                transform.apply(m, at, 2);
            } : binaryOfOneScore(base.length == 1 ? (float) base[0] : 0f, cut, positive, transform, labelAt);
        } else if (classes == 2 && allScored && base.length == 0) {
            // Both classes scored, no base values: ONNX Runtime decides on the second class's score alone, and names the
            // class 1 or 0 whatever the int64 labels are (string labels: the second or the first).
            if (ids != null) {
                c.define(node, 0, new Value(labelAt, 1, 1, TabularOutput.Kind.LABEL, new long[] {0, 1}, null));
            }
            finish = (m, row, s) -> {
                int at = row + s;
                m[row + labelAt] = m[at + 1] > 0 ? 1 : 0;
                transform.apply(m, at, 2);
            };
        } else {
            throw new UnsupportedGraphException(where + ": this combination of classes, weights and base values");
        }
        return new Shape(z.offset(), classes, TreeEnsembleStep.Aggregate.SUM, finish);
    }

    /**
     * ONNX Runtime's scores for two classes from one score {@code s} of class 0: {@code [1 - s, s]} for
     * positive weights, {@code [-s, s]} for mixed ones, {@code [logistic(-s), logistic(s)]} with LOGISTIC.
     */
    private static TreeEnsembleStep.Finish binaryOfOneScore(float origin, float cut, boolean positive, PostTransform transform,
                                                            int labelAt) {
        boolean logistic = transform == PostTransform.LOGISTIC;
        return (m, row, s) -> {
            int at = row + s;
            float score = m[at] + origin;
            boolean second = score > cut;
            m[row + labelAt] = second ? 1 : 0;
            if (logistic) {
                m[at] = PostTransform.logistic(-score);
                m[at + 1] = PostTransform.logistic(score);
            } else if (positive) {
                m[at] = 1f - score;
                m[at + 1] = score;
            } else {
                m[at] = -score;
                m[at + 1] = score;
            }
        };
    }

    private static void requireEveryLeafScoresEveryTarget(byte[] mode, int[] leafStart, int[] weightTarget, int targets, String where) {
        for (int i = 0; i < mode.length; i++) {
            if (mode[i] != TreeEnsembleStep.LEAF) {
                continue;
            }
            boolean[] seen = new boolean[targets];
            int covered = 0;
            for (int w = leafStart[i]; w < leafStart[i + 1]; w++) {
                if (!seen[weightTarget[w]]) {
                    seen[weightTarget[w]] = true;
                    covered++;
                }
            }
            require(covered == targets, where, "MIN and MAX need a weight for every target on every leaf");
        }
    }

    private static float[] floats(double[] values, int size) {
        float[] out = new float[size];
        for (int i = 0; i < values.length && i < size; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }

    private static TreeEnsembleStep.Aggregate aggregate(String name, String where) {
        try {
            return TreeEnsembleStep.Aggregate.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw new UnsupportedGraphException(where + ": aggregate_function '" + name + "'");
        }
    }

    private static byte mode(String mode, String where) {
        return switch (mode) {
            case "LEAF" -> TreeEnsembleStep.LEAF;
            case "BRANCH_LEQ" -> TreeEnsembleStep.LEQ;
            case "BRANCH_LT" -> TreeEnsembleStep.LT;
            case "BRANCH_GTE" -> TreeEnsembleStep.GTE;
            case "BRANCH_GT" -> TreeEnsembleStep.GT;
            case "BRANCH_EQ" -> TreeEnsembleStep.EQ;
            case "BRANCH_NEQ" -> TreeEnsembleStep.NEQ;
            default -> throw new UnsupportedGraphException(where + ": node mode '" + mode + "'");
        };
    }
}

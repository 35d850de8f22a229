package dev.modeldeploy.onnx.tabular;

import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;

import static dev.modeldeploy.onnx.tabular.GraphCompiler.require;

/**
 * Compiles ai.onnx.ml TreeEnsemble (opset 5): nodes and leaves in separate arrays, the trees named by
 * their roots, modes, splits and leaf weights as tensors, aggregate and post transform as integers. It
 * becomes the same {@link TreeEnsembleStep} as TreeEnsembleRegressor: nodes first, then one node per
 * leaf. Set membership (BRANCH_MEMBER) is not supported.
 */
final class UnifiedTrees {
    private static final byte[] MODES = {TreeEnsembleStep.LEQ, TreeEnsembleStep.LT, TreeEnsembleStep.GTE, TreeEnsembleStep.GT,
            TreeEnsembleStep.EQ, TreeEnsembleStep.NEQ};
    private static final TreeEnsembleStep.Aggregate[] AGGREGATES = {TreeEnsembleStep.Aggregate.AVERAGE, TreeEnsembleStep.Aggregate.SUM,
            TreeEnsembleStep.Aggregate.MIN, TreeEnsembleStep.Aggregate.MAX};
    /** The post transforms by code, as ONNX Runtime 1.28 reads them (1 is LOGISTIC and 2 SOFTMAX there; the tests check it). */
    private static final PostTransform[] TRANSFORMS = {PostTransform.NONE, PostTransform.LOGISTIC, PostTransform.SOFTMAX,
            PostTransform.SOFTMAX_ZERO, PostTransform.PROBIT};

    private UnifiedTrees() {
    }

    static void compile(GraphCompiler c, NodeProto node, Attributes a, String where) {
        Value x = c.input(node, 0, where);
        long[] features = a.integers("nodes_featureids");
        long[] trueIds = a.integers("nodes_truenodeids");
        long[] falseIds = a.integers("nodes_falsenodeids");
        long[] trueLeafs = a.integers("nodes_trueleafs");
        long[] falseLeafs = a.integers("nodes_falseleafs");
        long[] missing = a.integers("nodes_missing_value_tracks_true");
        long[] roots = a.integers("tree_roots");
        long[] targetIds = a.integers("leaf_targetids");
        TensorProto modesTensor = a.tensor("nodes_modes");
        TensorProto splitsTensor = a.tensor("nodes_splits");
        TensorProto weightsTensor = a.tensor("leaf_weights");
        require(!a.has("membership_values"), where, "set membership is not supported");
        require(features != null && trueIds != null && falseIds != null && trueLeafs != null && falseLeafs != null && roots != null
                && targetIds != null && modesTensor != null && splitsTensor != null && weightsTensor != null, where,
                "the node and leaf attributes are incomplete");
        long[] modeCodes = Tensors.longs(modesTensor, where);
        double[] splits = Tensors.doubles(splitsTensor, where);
        double[] weights = Tensors.doubles(weightsTensor, where);
        int n = features.length;
        int leaves = targetIds.length;
        require(trueIds.length == n && falseIds.length == n && trueLeafs.length == n && falseLeafs.length == n && modeCodes.length == n
                && splits.length == n && (missing == null || missing.length == 0 || missing.length == n) && weights.length == leaves,
                where, "the node or leaf attributes differ in length");
        int targets = Math.toIntExact(a.integer("n_targets", 1));
        long aggregateCode = a.integer("aggregate_function", 1);
        long transformCode = a.integer("post_transform", 0);
        require(aggregateCode >= 0 && aggregateCode < AGGREGATES.length, where, "aggregate_function " + aggregateCode);
        require(transformCode >= 0 && transformCode < TRANSFORMS.length, where, "post_transform " + transformCode);
        PostTransform transform = TRANSFORMS[(int) transformCode];
        TreeEnsembleStep.Aggregate aggregate = AGGREGATES[(int) aggregateCode];
        require(transform == PostTransform.NONE || targets > 1, where, "a post transform of a single target");
        require(aggregate == TreeEnsembleStep.Aggregate.SUM || aggregate == TreeEnsembleStep.Aggregate.AVERAGE || targets == 1, where,
                "MIN and MAX of several targets");

        // Nodes 0..n-1, then leaf l as node n + l.
        byte[] mode = new byte[n + leaves];
        int[] feature = new int[n + leaves];
        float[] threshold = new float[n + leaves];
        boolean[] missingTrue = new boolean[n + leaves];
        int[] whenTrue = new int[n + leaves];
        int[] whenFalse = new int[n + leaves];
        for (int i = 0; i < n; i++) {
            require(modeCodes[i] >= 0 && modeCodes[i] < MODES.length, where, "node mode " + modeCodes[i]);
            require(features[i] >= 0 && features[i] < x.width(), where, "feature " + features[i] + " of " + x.width());
            mode[i] = MODES[(int) modeCodes[i]];
            feature[i] = (int) features[i];
            threshold[i] = (float) splits[i];
            missingTrue[i] = missing != null && missing.length == n && missing[i] != 0;
            whenTrue[i] = child(trueIds[i], trueLeafs[i], n, leaves, where);
            whenFalse[i] = child(falseIds[i], falseLeafs[i], n, leaves, where);
        }
        int[] weightTarget = new int[leaves];
        float[] weightValue = new float[leaves];
        for (int l = 0; l < leaves; l++) {
            mode[n + l] = TreeEnsembleStep.LEAF;
            require(targetIds[l] >= 0 && targetIds[l] < targets, where, "target " + targetIds[l] + " of " + targets);
            weightTarget[l] = (int) targetIds[l];
            weightValue[l] = (float) weights[l];
        }
        int[] rootIndex = new int[roots.length];
        for (int t = 0; t < roots.length; t++) {
            require(roots[t] >= 0 && roots[t] < n, where, "tree root " + roots[t]);
            rootIndex[t] = (int) roots[t];
        }
        // A leaf's weights start at its own index among the leaves (leafStart counts only leaves).
        int[] start = new int[n + leaves + 1];
        for (int i = 0; i <= n + leaves; i++) {
            start[i] = Math.max(0, i - n);
        }
        Value y = c.define(node, 0, targets, 2);
        TreeEnsembleStep.Finish finish = (m, row, s) -> transform.apply(m, row + s, targets);
        c.add(new TreeEnsembleStep(x.offset(), rootIndex, mode, feature, threshold, missingTrue, whenTrue, whenFalse, start,
                weightTarget, weightValue, y.offset(), targets, aggregate, finish));
    }

    private static int child(long id, long isLeaf, int nodes, int leaves, String where) {
        if (isLeaf != 0) {
            require(id >= 0 && id < leaves, where, "leaf " + id + " of " + leaves);
            return nodes + (int) id;
        }
        require(id >= 0 && id < nodes, where, "node " + id + " of " + nodes);
        return (int) id;
    }
}

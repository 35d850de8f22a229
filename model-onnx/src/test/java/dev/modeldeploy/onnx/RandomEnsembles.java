package dev.modeldeploy.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static dev.modeldeploy.onnx.OnnxGraphs.FLOAT;
import static dev.modeldeploy.onnx.OnnxGraphs.INT64;
import static dev.modeldeploy.onnx.OnnxGraphs.STRING;
import static dev.modeldeploy.onnx.OnnxGraphs.floatsTensorAttr;
import static dev.modeldeploy.onnx.OnnxGraphs.floatsAttr;
import static dev.modeldeploy.onnx.OnnxGraphs.intAttr;
import static dev.modeldeploy.onnx.OnnxGraphs.intsAttr;
import static dev.modeldeploy.onnx.OnnxGraphs.stringAttr;
import static dev.modeldeploy.onnx.OnnxGraphs.stringsAttr;

/**
 * Random tree ensembles and the inputs to score them on. Every feature draws its values from a small
 * pool, and the thresholds come from the same pools, so that inputs fall exactly on thresholds often;
 * a share of the inputs are NaN. Nodes get random branch modes and missing-value tracks.
 */
final class RandomEnsembles {
    static final String[] MODES = {"BRANCH_LEQ", "BRANCH_LT", "BRANCH_GTE", "BRANCH_GT", "BRANCH_EQ", "BRANCH_NEQ"};

    /** How the leaves of a classifier are weighted. */
    enum Classes {
        /** Three or more classes, every leaf weighting each. */
        MULTI,
        /** Two classes, every leaf weighting both. */
        BOTH,
        /** Two classes scored by class 0's weights only (XGBoost's and LightGBM's binary models), all positive. */
        ONE_POSITIVE,
        /** The same with weights of both signs. */
        ONE_MIXED,
        /** Two classes scored by class 1's weights only. */
        SECOND_ONLY
    }

    final Random random;
    final int features;
    /** The modes nodes draw from: all of them unless {@link #onlyMode} restricts them. */
    private String[] modes = MODES;
    final float[][] pools;

    RandomEnsembles(long seed, int features) {
        this.random = new Random(seed);
        this.features = features;
        this.pools = new float[features][];
        for (int f = 0; f < features; f++) {
            pools[f] = new float[2 + random.nextInt(6)];
            for (int i = 0; i < pools[f].length; i++) {
                pools[f][i] = Math.round(random.nextGaussian() * 100) / 25f;
            }
        }
    }

    /** Every node of the ensembles made from now on gets this mode (the evaluator has a loop per single mode). */
    RandomEnsembles onlyMode(String mode) {
        this.modes = new String[] {mode};
        return this;
    }

    /**
     * Makes the pools (thresholds and inputs) of edge values: signed zeros, the smallest subnormals and
     * normals, neighbours of 1 and, with {@code withExtremes}, the largest floats; rows then also hold
     * infinities.
     */
    RandomEnsembles withEdgeValues(boolean withExtremes) {
        float[] edges = withExtremes
                ? new float[] {0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, -Float.MAX_VALUE, Float.MAX_VALUE, 1f}
                : new float[] {0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, 1f, Math.nextUp(1f), Math.nextDown(1f)};
        for (int f = 0; f < features; f++) {
            pools[f] = edges.clone();
        }
        infinities = true;
        return this;
    }

    private boolean infinities;

    /** Random rows: values from the pools, some others, some NaN (and infinities after {@link #withEdgeValues}). */
    float[][] rows(int n) {
        float[][] rows = new float[n][features];
        for (float[] row : rows) {
            for (int f = 0; f < features; f++) {
                double u = random.nextDouble();
                row[f] = u < 0.1 ? Float.NaN : u < 0.3 ? (float) random.nextGaussian() * 3 : pools[f][random.nextInt(pools[f].length)];
                if (infinities && u >= 0.1 && u < 0.15) {
                    row[f] = u < 0.125 ? Float.POSITIVE_INFINITY : Float.NEGATIVE_INFINITY;
                }
            }
        }
        return rows;
    }

    /** The nodes and leaf weights of an ensemble, as the attribute lists of the ONNX operators. */
    final class Forest {
        final List<Long> treeIds = new ArrayList<>();
        final List<Long> nodeIds = new ArrayList<>();
        final List<Long> featureIds = new ArrayList<>();
        final List<Float> values = new ArrayList<>();
        final List<String> modes = new ArrayList<>();
        final List<Long> trueIds = new ArrayList<>();
        final List<Long> falseIds = new ArrayList<>();
        final List<Long> missing = new ArrayList<>();
        final List<Long> wTrees = new ArrayList<>();
        final List<Long> wNodes = new ArrayList<>();
        final List<Long> wTargets = new ArrayList<>();
        final List<Float> wValues = new ArrayList<>();
        private final String[] modeChoice;

        Forest(String[] modeChoice) {
            this.modeChoice = modeChoice;
        }

        /** Adds a tree of depth at most {@code maxDepth}; {@code leaf} weights each leaf. */
        void tree(int tree, int maxDepth, LeafWeights leaf) {
            node(tree, new long[] {0}, 0, maxDepth, leaf);
        }

        private long node(int tree, long[] nextId, int depth, int maxDepth, LeafWeights leaf) {
            long id = nextId[0]++;
            int at = treeIds.size();
            treeIds.add((long) tree);
            nodeIds.add(id);
            boolean isLeaf = depth >= maxDepth || (depth > 0 && random.nextDouble() < 0.2);
            if (isLeaf) {
                featureIds.add(0L);
                values.add(0f);
                modes.add("LEAF");
                trueIds.add(0L);
                falseIds.add(0L);
                missing.add(0L);
                leaf.weigh(this, tree, id);
                return id;
            }
            int f = random.nextInt(features);
            featureIds.add((long) f);
            values.add(random.nextDouble() < 0.85 ? pools[f][random.nextInt(pools[f].length)] : (float) random.nextGaussian());
            modes.add(modeChoice[random.nextInt(modeChoice.length)]);
            missing.add(random.nextBoolean() ? 1L : 0L);
            trueIds.add(0L);
            falseIds.add(0L);
            long yes = node(tree, nextId, depth + 1, maxDepth, leaf);
            long no = node(tree, nextId, depth + 1, maxDepth, leaf);
            trueIds.set(at, yes);
            falseIds.set(at, no);
            return id;
        }

        void weight(int tree, long node, int target, float value) {
            wTrees.add((long) tree);
            wNodes.add(node);
            wTargets.add((long) target);
            wValues.add(value);
        }

        /** The nodes_* attributes; thresholds as {@code nodes_values_as_tensor} when {@code asTensor}. */
        List<AttributeProto> nodeAttributes(boolean asTensor) {
            List<AttributeProto> a = new ArrayList<>();
            a.add(intsAttr("nodes_treeids", longs(treeIds)));
            a.add(intsAttr("nodes_nodeids", longs(nodeIds)));
            a.add(intsAttr("nodes_featureids", longs(featureIds)));
            a.add(asTensor ? floatsTensorAttr("nodes_values_as_tensor", floats(values)) : floatsAttr("nodes_values", floats(values)));
            a.add(stringsAttr("nodes_modes", modes.toArray(new String[0])));
            a.add(intsAttr("nodes_truenodeids", longs(trueIds)));
            a.add(intsAttr("nodes_falsenodeids", longs(falseIds)));
            a.add(intsAttr("nodes_missing_value_tracks_true", longs(missing)));
            return a;
        }

        /** The leaf weight attributes with this prefix ({@code class_} or {@code target_}). */
        List<AttributeProto> weightAttributes(String prefix, String idsName, String weightsName, boolean asTensor) {
            List<AttributeProto> a = new ArrayList<>();
            a.add(intsAttr(prefix + "treeids", longs(wTrees)));
            a.add(intsAttr(prefix + "nodeids", longs(wNodes)));
            a.add(intsAttr(idsName, longs(wTargets)));
            a.add(asTensor ? floatsTensorAttr(weightsName + "_as_tensor", floats(wValues)) : floatsAttr(weightsName, floats(wValues)));
            return a;
        }
    }

    /** Puts weights on a leaf. */
    interface LeafWeights {
        void weigh(Forest forest, int tree, long node);
    }

    /** A TreeEnsembleRegressor of {@code targets} targets. */
    OnnxGraphs.Graph regressor(int trees, int maxDepth, int targets, String aggregate, float[] base, String transform, boolean asTensor) {
        Forest forest = new Forest(modes);
        boolean full = !aggregate.equals("SUM") || random.nextBoolean();
        for (int t = 0; t < trees; t++) {
            forest.tree(t, 1 + random.nextInt(maxDepth), (f, tree, node) -> {
                for (int k = 0; k < targets; k++) {
                    if (full || random.nextDouble() < 0.7) {
                        f.weight(tree, node, k, (float) random.nextGaussian());
                    }
                }
            });
        }
        List<AttributeProto> a = forest.nodeAttributes(asTensor);
        a.addAll(forest.weightAttributes("target_", "target_ids", "target_weights", asTensor));
        a.add(intAttr("n_targets", targets));
        a.add(stringAttr("aggregate_function", aggregate));
        a.add(stringAttr("post_transform", transform));
        if (base != null) {
            a.add(asTensor ? floatsTensorAttr("base_values_as_tensor", base) : floatsAttr("base_values", base));
        }
        return OnnxGraphs.graph().mlOpset(asTensor ? 3 : 1).input("X", FLOAT, -1, features)
                .node("ai.onnx.ml", "TreeEnsembleRegressor", List.of("X"), List.of("Y"), a.toArray(new AttributeProto[0]))
                .output("Y", FLOAT, -1, targets);
    }

    /** A TreeEnsembleClassifier over {@code labels} (int64 class ids when they all parse, else strings). */
    OnnxGraphs.Graph classifier(int trees, int maxDepth, Classes kind, String[] labels, float[] base, String transform, boolean asTensor) {
        Forest forest = new Forest(modes);
        int k = labels.length;
        for (int t = 0; t < trees; t++) {
            forest.tree(t, 1 + random.nextInt(maxDepth), (f, tree, node) -> {
                switch (kind) {
                    case MULTI, BOTH -> {
                        for (int c = 0; c < k; c++) {
                            f.weight(tree, node, c, (float) random.nextGaussian());
                        }
                    }
                    case ONE_POSITIVE -> f.weight(tree, node, 0, random.nextFloat() / trees);
                    case ONE_MIXED -> f.weight(tree, node, 0, (float) random.nextGaussian());
                    case SECOND_ONLY -> f.weight(tree, node, 1, (float) random.nextGaussian());
                    default -> throw new IllegalStateException();
                }
            });
        }
        List<AttributeProto> a = forest.nodeAttributes(asTensor);
        a.addAll(forest.weightAttributes("class_", "class_ids", "class_weights", asTensor));
        a.add(stringAttr("post_transform", transform));
        boolean ids = java.util.Arrays.stream(labels).allMatch(l -> l.matches("-?\\d+"));
        a.add(ids ? intsAttr("classlabels_int64s", java.util.Arrays.stream(labels).mapToLong(Long::parseLong).toArray())
                : stringsAttr("classlabels_strings", labels));
        if (base != null) {
            a.add(asTensor ? floatsTensorAttr("base_values_as_tensor", base) : floatsAttr("base_values", base));
        }
        return OnnxGraphs.graph().mlOpset(asTensor ? 3 : 1).input("X", FLOAT, -1, features)
                .node("ai.onnx.ml", "TreeEnsembleClassifier", List.of("X"), List.of("label", "scores"), a.toArray(new AttributeProto[0]))
                .output("label", ids ? INT64 : STRING, -1)
                .output("scores", FLOAT, -1, k);
    }

    /**
     * The same kind of forest as ai.onnx.ml TreeEnsemble (opset 5) states it: every leaf one weight for a
     * random target; {@code aggregate} and {@code transform} as the operator's integer codes.
     */
    OnnxGraphs.Graph unified(int trees, int maxDepth, int targets, int aggregate, int transform) {
        Forest forest = new Forest(modes);
        for (int t = 0; t < trees; t++) {
            forest.tree(t, 1 + random.nextInt(maxDepth), (f, tree, node) -> f.weight(tree, node, random.nextInt(targets),
                    (float) random.nextGaussian()));
        }
        java.util.Map<Long, Integer> nodeIndex = new java.util.HashMap<>();
        java.util.Map<Long, Integer> leafIndex = new java.util.HashMap<>();
        List<Long> roots = new ArrayList<>();
        for (int i = 0; i < forest.treeIds.size(); i++) {
            long key = forest.treeIds.get(i) * 1_000_000 + forest.nodeIds.get(i);
            if (forest.nodeIds.get(i) == 0 && !forest.modes.get(i).equals("LEAF")) {
                roots.add((long) nodeIndex.size());
            }
            if (forest.modes.get(i).equals("LEAF")) {
                leafIndex.put(key, leafIndex.size());
            } else {
                nodeIndex.put(key, nodeIndex.size());
            }
        }
        List<Long> featureIds = new ArrayList<>();
        List<Float> splits = new ArrayList<>();
        byte[] modeCodes = new byte[nodeIndex.size()];
        List<Long> trueIds = new ArrayList<>();
        List<Long> falseIds = new ArrayList<>();
        List<Long> trueLeafs = new ArrayList<>();
        List<Long> falseLeafs = new ArrayList<>();
        List<Long> missing = new ArrayList<>();
        for (int i = 0; i < forest.treeIds.size(); i++) {
            if (forest.modes.get(i).equals("LEAF")) {
                continue;
            }
            long tree = forest.treeIds.get(i) * 1_000_000;
            modeCodes[featureIds.size()] = (byte) java.util.Arrays.asList(MODES).indexOf(forest.modes.get(i));
            featureIds.add(forest.featureIds.get(i));
            splits.add(forest.values.get(i));
            missing.add(forest.missing.get(i));
            for (boolean yes : new boolean[] {true, false}) {
                long key = tree + (yes ? forest.trueIds : forest.falseIds).get(i);
                boolean leaf = leafIndex.containsKey(key);
                (yes ? trueIds : falseIds).add((long) (leaf ? leafIndex.get(key) : nodeIndex.get(key)));
                (yes ? trueLeafs : falseLeafs).add(leaf ? 1L : 0L);
            }
        }
        long[] leafTargets = new long[leafIndex.size()];
        float[] leafWeights = new float[leafIndex.size()];
        for (int w = 0; w < forest.wTrees.size(); w++) {
            int l = leafIndex.get(forest.wTrees.get(w) * 1_000_000 + forest.wNodes.get(w));
            leafTargets[l] = forest.wTargets.get(w);
            leafWeights[l] = forest.wValues.get(w);
        }
        AttributeProto modesAttr = AttributeProto.newBuilder().setName("nodes_modes").setType(AttributeProto.AttributeType.TENSOR)
                .setT(ai.onnx.proto.OnnxMl.TensorProto.newBuilder().setDataType(ai.onnx.proto.OnnxMl.TensorProto.DataType.UINT8_VALUE)
                        .addDims(modeCodes.length).setRawData(com.google.protobuf.ByteString.copyFrom(modeCodes))).build();
        return OnnxGraphs.graph().mlOpset(5).input("X", FLOAT, -1, features)
                .node("ai.onnx.ml", "TreeEnsemble", List.of("X"), List.of("Y"),
                        intsAttr("nodes_featureids", longs(featureIds)), floatsTensorAttr("nodes_splits", floats(splits)), modesAttr,
                        intsAttr("nodes_truenodeids", longs(trueIds)), intsAttr("nodes_falsenodeids", longs(falseIds)),
                        intsAttr("nodes_trueleafs", longs(trueLeafs)), intsAttr("nodes_falseleafs", longs(falseLeafs)),
                        intsAttr("nodes_missing_value_tracks_true", longs(missing)), intsAttr("tree_roots", longs(roots)),
                        intsAttr("leaf_targetids", leafTargets), floatsTensorAttr("leaf_weights", leafWeights),
                        intAttr("n_targets", targets), intAttr("aggregate_function", aggregate), intAttr("post_transform", transform))
                .output("Y", FLOAT, -1, targets);
    }

    float[] gaussians(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }

    private static long[] longs(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).toArray();
    }

    private static float[] floats(List<Float> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }
}

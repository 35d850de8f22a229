package dev.modeldeploy.onnx.tabular;

import ai.onnx.proto.OnnxMl.NodeProto;

import static dev.modeldeploy.onnx.tabular.GraphCompiler.require;

/** Compiles ai.onnx.ml LinearClassifier and LinearRegressor. */
final class Linear {
    private Linear() {
    }

    static void classifier(GraphCompiler c, NodeProto node, Attributes a, String where) {
        Value x = c.input(node, 0, where);
        float[] coefficients = a.floats("coefficients");
        float[] intercepts = a.floats("intercepts");
        long[] ids = a.integers("classlabels_ints");
        String[] names = a.strings("classlabels_strings");
        a.integer("multi_class", 0); // ONNX Runtime scores the same either way
        PostTransform transform = PostTransform.of(a.string("post_transform", "NONE"), where);
        require(coefficients != null && intercepts != null && intercepts.length > 0, where, "coefficients and intercepts are required");
        int classes = intercepts.length;
        require(coefficients.length == classes * x.width(), where, coefficients.length + " coefficients for " + classes
                + " classes of " + x.width() + " features");
        int labels = ids != null ? ids.length : names == null ? 0 : names.length;
        require((ids == null) != (names == null), where, "exactly one of classlabels_ints and classlabels_strings");
        boolean singleScore = classes == 1;
        require(singleScore ? labels == 2 && transform == PostTransform.NONE : labels == classes, where,
                singleScore ? "one score needs two labels and post_transform NONE" : labels + " labels for " + classes + " scores");
        int scoreWidth = singleScore ? 2 : classes;
        Value label = c.define(node, 0, new Value(c.scratch(1), 1, 1, TabularOutput.Kind.LABEL, ids, names));
        Value scores = c.define(node, 1, scoreWidth, 2);
        c.add(new LinearClassifierStep(new AffineStep(x.offset(), x.width(), scores.offset(), coefficients, intercepts),
                scores.offset(), classes, singleScore, label.offset(), transform));
    }

    static void regressor(GraphCompiler c, NodeProto node, Attributes a, String where) {
        Value x = c.input(node, 0, where);
        float[] coefficients = a.floats("coefficients");
        float[] intercepts = a.floats("intercepts");
        int targets = Math.toIntExact(a.integer("targets", 1));
        PostTransform transform = PostTransform.of(a.string("post_transform", "NONE"), where);
        require(transform == PostTransform.NONE, where, "post_transform " + transform);
        require(coefficients != null && coefficients.length == targets * x.width(), where, "coefficients must be targets x features");
        float[] bias = intercepts == null || intercepts.length == 0 ? new float[targets] : intercepts;
        require(bias.length == targets, where, bias.length + " intercepts for " + targets + " targets");
        Value y = c.define(node, 0, targets, 2);
        c.add(new AffineStep(x.offset(), x.width(), y.offset(), coefficients, bias));
    }
}

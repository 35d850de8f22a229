package dev.modeldeploy.onnx;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static dev.modeldeploy.onnx.OnnxGraphs.DOUBLE;
import static dev.modeldeploy.onnx.OnnxGraphs.FLOAT;
import static dev.modeldeploy.onnx.OnnxGraphs.INT64;
import static dev.modeldeploy.onnx.OnnxGraphs.STRING;
import static dev.modeldeploy.onnx.OnnxGraphs.floatAttr;
import static dev.modeldeploy.onnx.OnnxGraphs.floatsAttr;
import static dev.modeldeploy.onnx.OnnxGraphs.intAttr;
import static dev.modeldeploy.onnx.OnnxGraphs.intsAttr;
import static dev.modeldeploy.onnx.OnnxGraphs.stringAttr;
import static dev.modeldeploy.onnx.OnnxGraphs.stringsAttr;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Random linear models, as scikit-learn (skl2onnx) and Tribuo export them, scored by the pure-Java
 * engine and by ONNX Runtime: LinearClassifier and LinearRegressor behind Imputer, Scaler, Binarizer,
 * followed by Normalizer and ZipMap; and the same arithmetic in plain ONNX operators (Gemm, MatMul,
 * Add, Sub, Mul, Div, Sigmoid, Softmax, Concat, Reshape, Flatten, Cast, Identity).
 */
class LinearParityTest {
    private static final String[] TRANSFORMS = {"NONE", "LOGISTIC", "SOFTMAX", "SOFTMAX_ZERO", "PROBIT"};
    private static final int ROWS = 500;

    @TempDir
    Path dir;

    @Test
    void linearClassifiersAgreeWithOnnxRuntime() throws IOException {
        for (int seed = 0; seed < 30; seed++) {
            Random r = new Random(seed);
            int d = 1 + r.nextInt(40);
            int scores = seed % 4 == 0 ? 1 : 2 + r.nextInt(4);
            int k = Math.max(2, scores);
            boolean ids = r.nextBoolean();
            String[] labels = new String[k];
            long[] classIds = new long[k];
            for (int c = 0; c < k; c++) {
                classIds[c] = c * 4L + r.nextInt(4);
                labels[c] = ids ? Long.toString(classIds[c]) : "c" + (char) ('z' - c);
            }
            String transform = scores == 1 ? "NONE" : TRANSFORMS[r.nextInt(TRANSFORMS.length)];
            boolean zipMap = r.nextBoolean();
            // A Normalizer follows LOGISTIC, as in skl2onnx's one-vs-rest models: after scores near zero (NONE, PROBIT) it
            // divides by a small number and magnifies the float rounding in which the engines differ.
            String norm = transform.equals("LOGISTIC") && r.nextBoolean() ? new String[] {"L1", "L2", "MAX"}[r.nextInt(3)] : null;
            OnnxGraphs.Graph g = OnnxGraphs.graph().input("X", FLOAT, -1, d);
            String x = preprocess(g, r, d);
            g.node("ai.onnx.ml", "LinearClassifier", List.of(x), List.of("label", "raw"),
                    floatsAttr("coefficients", weights(r, scores * d, d)), floatsAttr("intercepts", gaussians(r, scores)),
                    ids ? intsAttr("classlabels_ints", classIds) : stringsAttr("classlabels_strings", labels),
                    stringAttr("post_transform", transform), intAttr("multi_class", r.nextInt(2)));
            String p = "raw";
            if (norm != null) {
                g.node("ai.onnx.ml", "Normalizer", List.of(p), List.of("normalized"), stringAttr("norm", norm));
                p = "normalized";
            }
            g.output("label", ids ? INT64 : STRING, -1);
            if (zipMap) {
                g.node("ai.onnx.ml", "ZipMap", List.of(p), List.of("probabilities"),
                        ids ? intsAttr("classlabels_int64s", classIds) : stringsAttr("classlabels_strings", labels));
                g.mapsOutput("probabilities", ids ? INT64 : STRING, FLOAT);
            } else {
                g.output(p, FLOAT, -1, k);
            }
            Path file = g.write(dir.resolve("linear-classifier-" + seed + ".onnx"));
            String what = "LinearClassifier seed " + seed + " (" + d + " features, " + scores + " scores, " + transform
                    + (norm == null ? "" : ", " + norm) + (zipMap ? ", ZipMap" : "") + ")";
            // A ZipMap names its classes; a score tensor needs the labels (in its column order) to read the label output.
            EngineParity.assertSamePredictions(file, zipMap ? null : List.of(labels), rows(r, ROWS, d), what,
                    transform.equals("PROBIT") ? EngineParity.PROBIT_TOLERANCE : EngineParity.TOLERANCE);
        }
    }

    @Test
    void linearRegressorsAgreeWithOnnxRuntime() throws IOException {
        for (int seed = 0; seed < 12; seed++) {
            Random r = new Random(1000 + seed);
            int d = 1 + r.nextInt(40);
            OnnxGraphs.Graph g = OnnxGraphs.graph().input("X", FLOAT, -1, d);
            String x = preprocess(g, r, d);
            List<String> out = List.of("y");
            g.node("ai.onnx.ml", "LinearRegressor", List.of(x), out, floatsAttr("coefficients", gaussians(r, d)),
                    r.nextBoolean() ? floatsAttr("intercepts", gaussians(r, 1)) : intAttr("targets", 1));
            g.output("y", FLOAT, -1, 1);
            Path file = g.write(dir.resolve("linear-regressor-" + seed + ".onnx"));
            EngineParity.assertSamePredictions(file, rows(r, ROWS, d), "LinearRegressor seed " + seed);
        }
    }

    @Test
    void plainOnnxLinearGraphsAgreeWithOnnxRuntime() throws IOException {
        for (int seed = 0; seed < 24; seed++) {
            Random r = new Random(2000 + seed);
            int a = 1 + r.nextInt(12);
            int b = r.nextBoolean() ? 1 + r.nextInt(8) : 0;
            int d = a + b;
            int k = seed % 3 == 0 ? 1 : 2 + r.nextInt(4);
            OnnxGraphs.Graph g = OnnxGraphs.graph().input("A", FLOAT, -1, a);
            String x = "A";
            if (b > 0) {
                g.input("B", FLOAT, -1, b).node("Concat", List.of("A", "B"), List.of("AB"), intAttr("axis", r.nextBoolean() ? 1 : -1));
                x = "AB";
            }
            x = elementwise(g, r, x, d, "pre");
            String y;
            if (r.nextBoolean()) {
                boolean transB = r.nextBoolean();
                g.floats("W", transB ? new long[] {k, d} : new long[] {d, k}, gaussians(r, d * k));
                g.floats("C", r.nextBoolean() ? new long[] {k} : new long[] {1, k}, gaussians(r, k));
                g.node("Gemm", List.of(x, "W", "C"), List.of("z"), intAttr("transB", transB ? 1 : 0),
                        floatAttr("alpha", 0.5f + r.nextFloat()), floatAttr("beta", 0.5f + r.nextFloat()));
                y = "z";
            } else {
                g.floats("W", new long[] {d, k}, gaussians(r, d * k));
                g.floats("C", new long[] {k}, gaussians(r, k));
                g.node("MatMul", List.of(x, "W"), List.of("xw"));
                g.node("Add", List.of("xw", "C"), List.of("z"));
                y = "z";
            }
            y = elementwise(g, r, y, k, "post");
            if (r.nextBoolean()) {
                g.longs("shape", new long[] {2}, -1, k).node("Reshape", List.of(y, "shape"), List.of("reshaped"));
                g.node("Flatten", List.of("reshaped"), List.of("flat"), intAttr("axis", 1));
                y = "flat";
            }
            String what;
            if (k == 1) {
                boolean sigmoid = r.nextBoolean();
                g.node(sigmoid ? "Sigmoid" : "Identity", List.of(y), List.of("s"));
                boolean asDouble = r.nextBoolean();
                g.node("Cast", List.of("s"), List.of("out"), intAttr("to", asDouble ? DOUBLE : FLOAT));
                g.output("out", asDouble ? DOUBLE : FLOAT, -1, 1);
                what = (sigmoid ? "sigmoid" : "regression") + (asDouble ? " as double" : "");
            } else {
                g.node("Softmax", List.of(y), List.of("p"), intAttr("axis", r.nextBoolean() ? 1 : -1));
                g.output("p", FLOAT, -1, k);
                what = "softmax of " + k;
            }
            Path file = g.write(dir.resolve("plain-" + seed + ".onnx"));
            float[][] rows = rows(r, ROWS, d);
            EngineParity.assertSamePredictions(file, rows, "plain ONNX graph seed " + seed + ": " + what + " of " + d + " features");
        }
    }

    @Test
    void bothEnginesRefuseNaNIntoABinarizer() throws IOException {
        Path file = OnnxGraphs.graph().input("X", FLOAT, -1, 2)
                .node("ai.onnx.ml", "Binarizer", List.of("X"), List.of("b"), floatAttr("threshold", 0.5f))
                .node("ai.onnx.ml", "LinearRegressor", List.of("b"), List.of("y"), floatsAttr("coefficients", 1, 2))
                .output("y", FLOAT, -1, 1).write(dir.resolve("binarizer.onnx"));
        for (OnnxOptions.Engine engine : List.of(OnnxOptions.Engine.ONNX_RUNTIME, OnnxOptions.Engine.JAVA)) {
            try (OnnxModel<float[], ?> model = EngineParity.load(file, engine, null)) {
                assertThat(model.predict(new float[] {1, 0})).isEqualTo(new dev.modeldeploy.api.prediction.Regression(1));
                assertThatThrownBy(() -> model.predict(new float[] {1, Float.NaN})).as(engine.name())
                        .isInstanceOf(dev.modeldeploy.api.error.ModelException.class).hasMessageContaining("NaN");
            }
        }
    }

    /** Adds a random chain of Imputer, Scaler and Binarizer (only behind an Imputer of NaN); returns the name of its result. */
    private static String preprocess(OnnxGraphs.Graph g, Random r, int d) {
        String x = "X";
        boolean noNaN = false;
        if (r.nextBoolean()) {
            noNaN = r.nextBoolean();
            g.node("ai.onnx.ml", "Imputer", List.of(x), List.of("imputed"),
                    floatsAttr("imputed_value_floats", r.nextBoolean() ? gaussians(r, 1) : gaussians(r, d)),
                    floatAttr("replaced_value_float", noNaN ? Float.NaN : 0f));
            x = "imputed";
        }
        if (r.nextBoolean()) {
            int n = r.nextBoolean() ? 1 : d;
            g.node("ai.onnx.ml", "Scaler", List.of(x), List.of("scaled"), floatsAttr("offset", gaussians(r, n)),
                    floatsAttr("scale", gaussians(r, n)));
            x = "scaled";
        }
        if (noNaN && r.nextBoolean()) {
            g.node("ai.onnx.ml", "Binarizer", List.of(x), List.of("binary"), floatAttr("threshold", (float) r.nextGaussian()));
            x = "binary";
        }
        return x;
    }

    /** Adds a random chain of Add, Sub, Mul, Div with constants (either side) or with itself; returns its result's name. */
    private static String elementwise(OnnxGraphs.Graph g, Random r, String x, int width, String prefix) {
        String[] ops = {"Add", "Sub", "Mul", "Div"};
        int n = r.nextInt(3);
        for (int i = 0; i < n; i++) {
            String op = ops[r.nextInt(ops.length)];
            String c = prefix + "c" + i;
            String y = prefix + "y" + i;
            int shape = r.nextInt(3);
            float[] values = gaussians(r, shape == 0 ? 1 : width);
            if (op.equals("Div")) {
                for (int j = 0; j < values.length; j++) {
                    values[j] = values[j] >= 0 ? values[j] + 0.5f : values[j] - 0.5f;
                }
            }
            g.floats(c, shape == 0 ? new long[0] : shape == 1 ? new long[] {width} : new long[] {1, width}, values);
            boolean constantFirst = !op.equals("Div") && r.nextBoolean();
            List<String> inputs = new ArrayList<>(constantFirst ? List.of(c, x) : List.of(x, c));
            if (r.nextInt(5) == 0 && !op.equals("Div")) {
                inputs = List.of(x, x);
            }
            g.node(op, inputs, List.of(y));
            x = y;
        }
        return x;
    }

    /**
     * Weights of a trained-looking model over {@code d} features, whose scores stay within a few units.
     * (Far out in the tails, where every class's logistic is below 1e-5, ONNX Runtime's approximate
     * logistic is not even consistent between its own batch and single-row calls, and a following L1
     * Normalizer magnifies that noise into the probabilities.)
     */
    private static float[] weights(Random r, int n, int d) {
        float[] w = gaussians(r, n);
        for (int i = 0; i < n; i++) {
            w[i] /= (float) Math.sqrt(d);
        }
        return w;
    }

    private static float[] gaussians(Random r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }

    private static float[][] rows(Random r, int n, int d) {
        float[][] rows = new float[n][d];
        for (float[] row : rows) {
            for (int i = 0; i < d; i++) {
                double u = r.nextDouble();
                row[i] = u < 0.05 ? Float.NaN : u < 0.1 ? 0f : (float) (r.nextGaussian() * 2);
            }
        }
        return rows;
    }
}

package dev.modeldeploy.onnx;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static dev.modeldeploy.onnx.OnnxGraphs.DOUBLE;
import static dev.modeldeploy.onnx.OnnxGraphs.FLOAT;
import static dev.modeldeploy.onnx.OnnxGraphs.INT64;
import static dev.modeldeploy.onnx.OnnxGraphs.graph;
import static dev.modeldeploy.onnx.OnnxGraphs.intAttr;
import static dev.modeldeploy.onnx.OnnxGraphs.intsAttr;
import static dev.modeldeploy.onnx.OnnxGraphs.stringsAttr;

/** The hand-built models the tests use, each with the arithmetic it must reproduce. */
final class TestGraphs {
    /** The classifiers' weights, [4 features, 3 classes] row-major, and intercepts. */
    static final float[] W = {1, -1, 0.5f, 0.5f, 1, -1, -1, 0.5f, 1, 0.2f, 0.3f, -0.4f};
    static final float[] B = {0.1f, -0.2f, 0.05f};
    /** The two-input regression's weights over the 5 concatenated features, and its intercept. */
    static final float[] W5 = {1, 2, 3, 4, 5};
    static final float B5 = 0.5f;

    private TestGraphs() {
    }

    /** Softmax of {@code x · W + B}, the class probabilities of the classifiers, in column order. */
    static float[] softmax(float[] x) {
        double[] z = new double[3];
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < 3; c++) {
            z[c] = B[c];
            for (int i = 0; i < 4; i++) {
                z[c] += x[i] * W[i * 3 + c];
            }
            max = Math.max(max, z[c]);
        }
        double sum = 0;
        for (int c = 0; c < 3; c++) {
            z[c] = Math.exp(z[c] - max);
            sum += z[c];
        }
        float[] p = new float[3];
        for (int c = 0; c < 3; c++) {
            p[c] = (float) (z[c] / sum);
        }
        return p;
    }

    /**
     * A scikit-learn-like classifier of 4 features and classes 3, 7, 11: {@code output_label} (int64,
     * the class of the <em>lowest</em> probability when {@code labelByArgMin}, so that it differs from
     * the most probable one) and {@code output_probability}, a ZipMap.
     */
    static Path zipMapClassifier(Path file, boolean labelByArgMin) throws IOException {
        return classifierBase()
                .longs("classes", new long[] {3}, 3, 7, 11)
                .node(labelByArgMin ? "ArgMin" : "ArgMax", List.of("probabilities"), List.of("index"), intAttr("axis", 1), intAttr("keepdims", 0))
                .node("Gather", List.of("classes", "index"), List.of("output_label"), intAttr("axis", 0))
                .node("ai.onnx.ml", "ZipMap", List.of("probabilities"), List.of("output_probability"), intsAttr("classlabels_int64s", 3, 7, 11))
                .output("output_label", INT64, -1)
                .mapsOutput("output_probability", INT64, FLOAT)
                .write(file);
    }

    /** A classifier whose ZipMap names its classes by string, in the unsorted order eel, cat, dog, and which has no label output. */
    static Path stringZipMapClassifier(Path file) throws IOException {
        return classifierBase()
                .node("ai.onnx.ml", "ZipMap", List.of("probabilities"), List.of("output_probability"), stringsAttr("classlabels_strings", "eel", "cat", "dog"))
                .mapsOutput("output_probability", OnnxGraphs.STRING, FLOAT)
                .write(file);
    }

    private static OnnxGraphs.Graph classifierBase() {
        return graph().input("X", FLOAT, -1, 4)
                .floats("W", new long[] {4, 3}, W)
                .floats("B", new long[] {3}, B)
                .node("Gemm", List.of("X", "W", "B"), List.of("scores"))
                .node("Softmax", List.of("scores"), List.of("probabilities"), intAttr("axis", 1));
    }

    /** A regression over two inputs, {@code a [N, 2]} and {@code b [N, 3]}, concatenated: {@code 0.5 + W5 · [a, b]}. */
    static Path twoInputRegression(Path file) throws IOException {
        return graph().input("a", FLOAT, -1, 2).input("b", FLOAT, -1, 3)
                .floats("W", new long[] {5, 1}, W5)
                .floats("B", new long[] {1}, B5)
                .node("Concat", List.of("a", "b"), List.of("ab"), intAttr("axis", 1))
                .node("Gemm", List.of("ab", "W", "B"), List.of("variable"))
                .output("variable", FLOAT, -1, 1)
                .write(file);
    }

    /** {@code sigmoid(x · [1, -2, 0.5])}, one column: a binary classifier's probability of its second class. */
    static Path sigmoid(Path file) throws IOException {
        return graph().input("X", FLOAT, -1, 3)
                .floats("W", new long[] {3, 1}, 1, -2, 0.5f)
                .node("MatMul", List.of("X", "W"), List.of("z"))
                .node("Sigmoid", List.of("z"), List.of("p"))
                .output("p", FLOAT, -1, 1)
                .write(file);
    }

    /** {@code x · [1, 2, 3]} with the batch dimension fixed at 1. */
    static Path fixedBatchOfOne(Path file) throws IOException {
        return graph().input("X", FLOAT, 1, 3)
                .floats("W", new long[] {3, 1}, 1, 2, 3)
                .node("MatMul", List.of("X", "W"), List.of("y"))
                .output("y", FLOAT, 1, 1)
                .write(file);
    }

    /** {@code x · [1, 2, 3]} from an int64 input. */
    static Path int64Input(Path file) throws IOException {
        return graph().input("X", INT64, -1, 3)
                .floats("W", new long[] {3, 1}, 1, 2, 3)
                .node("Cast", List.of("X"), List.of("Xf"), intAttr("to", FLOAT))
                .node("MatMul", List.of("Xf", "W"), List.of("y"))
                .output("y", FLOAT, -1, 1)
                .write(file);
    }

    /** {@code x · [1, 2]} as a double {@code [N]}. */
    static Path doubleVector(Path file) throws IOException {
        return graph().input("X", FLOAT, -1, 2)
                .floats("W", new long[] {2}, 1, 2)
                .node("MatMul", List.of("X", "W"), List.of("yf"))
                .node("Cast", List.of("yf"), List.of("y"), intAttr("to", DOUBLE))
                .output("y", DOUBLE, -1)
                .write(file);
    }

    /** Two float outputs: {@code a = x · [1, 1]} and {@code b = x · [1, -1]}. */
    static Path twoOutputs(Path file) throws IOException {
        return graph().input("X", FLOAT, -1, 2)
                .floats("Wa", new long[] {2, 1}, 1, 1)
                .floats("Wb", new long[] {2, 1}, 1, -1)
                .node("MatMul", List.of("X", "Wa"), List.of("a"))
                .node("MatMul", List.of("X", "Wb"), List.of("b"))
                .output("a", FLOAT, -1, 1)
                .output("b", FLOAT, -1, 1)
                .write(file);
    }

    /** The sum of a row of any width: {@code X [N, D]}. */
    static Path dynamicWidth(Path file) throws IOException {
        return graph().input("X", FLOAT, -1, -1)
                .longs("axes", new long[] {1}, 1)
                .node("ReduceSum", List.of("X", "axes"), List.of("y"), intAttr("keepdims", 1))
                .output("y", FLOAT, -1, 1)
                .write(file);
    }
}

package dev.modeldeploy.onnx.tabular;

import ai.onnx.proto.OnnxMl.ModelProto;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.modeldeploy.api.error.ModelException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * An ONNX-ML graph of linear models, tree ensembles and their pre- and post-processing, compiled into
 * a pure-Java program: a fixed list of steps over a small per-row working memory of floats. A row's
 * features are copied to the start of the memory (the graph's inputs in order, as the ONNX Runtime path
 * lays them out), the steps run, and the outputs are read from the slots {@link #output(String)} names.
 *
 * <pre>{@code
 * TabularProgram program = TabularProgram.compile(Path.of("churn.onnx"), new int[] {32});
 * float[] memory = program.newMemory(1);               // one per thread, reused
 * program.run(features, 0, memory);
 * TabularOutput p = program.output("probabilities");   // p.offset(), p.width()
 * }</pre>
 *
 * <p>Immutable and thread-safe; each thread brings its own memory. Running allocates nothing.
 */
public final class TabularProgram {
    private final int width;
    private final int stride;
    private final Step[] steps;
    private final Map<String, TabularOutput> outputs;
    private final List<String> operators;

    TabularProgram(int width, int stride, List<Step> steps, Map<String, TabularOutput> outputs, List<String> operators) {
        this.width = width;
        this.stride = stride;
        this.steps = steps.toArray(new Step[0]);
        this.outputs = Map.copyOf(outputs);
        this.operators = List.copyOf(operators);
    }

    /**
     * Compiles a graph file.
     *
     * @param inputWidths the features of each graph input, in the graph's input order
     * @throws UnsupportedGraphException if the graph has an operator, attribute or shape the evaluator does not support
     * @throws ModelException            if the file cannot be read or parsed
     */
    public static TabularProgram compile(Path onnxFile, int[] inputWidths) {
        ModelProto model;
        try (InputStream in = Files.newInputStream(onnxFile)) {
            model = ModelProto.parseFrom(in);
        } catch (InvalidProtocolBufferException e) {
            throw new ModelException("cannot parse ONNX file " + onnxFile + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new ModelException("cannot read ONNX file " + onnxFile + ": " + e.getMessage(), e);
        }
        return compile(model, inputWidths);
    }

    /** Compiles a parsed graph; see {@link #compile(Path, int[])}. */
    public static TabularProgram compile(ModelProto model, int[] inputWidths) {
        return new GraphCompiler(model, inputWidths).compile();
    }

    /** Features per row: the sum of the inputs' widths. */
    public int width() {
        return width;
    }

    /** Floats of working memory per row. */
    public int stride() {
        return stride;
    }

    /** Working memory for up to {@code rows} rows at once. */
    public float[] newMemory(int rows) {
        return new float[Math.max(1, rows) * stride];
    }

    /**
     * An output's place in the memory.
     *
     * @throws IllegalArgumentException if the graph has no such output
     */
    public TabularOutput output(String name) {
        TabularOutput out = outputs.get(name);
        if (out == null) {
            throw new IllegalArgumentException("the graph has no output '" + name + "'; it has " + outputs.keySet());
        }
        return out;
    }

    /** The operators the program runs, in order ({@code domain:op}), for descriptions. */
    public List<String> operators() {
        return operators;
    }

    /** Runs one row: its features are {@code features[offset .. offset + width())}; the results are in {@code memory}. */
    public void run(float[] features, int offset, float[] memory) {
        System.arraycopy(features, offset, memory, 0, width);
        for (Step step : steps) {
            step.apply(memory, 0);
        }
    }

    /**
     * Runs {@code rows} consecutive rows starting at {@code features[offset]}; row {@code r}'s results
     * are at {@code memory[r * stride() ..]}. {@code memory} must hold {@code rows * stride()} floats.
     */
    public void run(float[] features, int offset, int rows, float[] memory) {
        for (int r = 0; r < rows; r++) {
            System.arraycopy(features, offset + r * width, memory, r * stride, width);
        }
        for (Step step : steps) {
            step.applyBlock(memory, rows, stride);
        }
    }

    @Override
    public String toString() {
        return "TabularProgram" + operators;
    }
}

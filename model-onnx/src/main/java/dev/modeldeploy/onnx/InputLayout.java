package dev.modeldeploy.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.TensorInfo;
import dev.modeldeploy.api.error.ModelException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * How the dense feature row maps onto the model's inputs, read from the session: every input is a
 * float tensor {@code [batch, d]} (or {@code [batch]}, one feature), and the row's features fill the
 * inputs in the model's input order, the first {@code d1} features the first input, the next
 * {@code d2} the second, and so on. The batch dimension is dynamic, or fixed at 1 (then rows are run
 * one at a time). Immutable.
 */
final class InputLayout {
    /**
     * One input.
     *
     * @param name   the input's name in the graph
     * @param offset where its features start in the row
     * @param width  its feature count
     * @param vector whether it is {@code [batch]} rather than {@code [batch, width]}
     */
    record Input(String name, int offset, int width, boolean vector) {
        long[] shape(int rows) {
            return vector ? new long[] {rows} : new long[] {rows, width};
        }
    }

    private final List<Input> inputs;
    private final int width;
    private final boolean oneRowPerRun;

    private InputLayout(List<Input> inputs, boolean oneRowPerRun) {
        this.inputs = List.copyOf(inputs);
        this.width = inputs.stream().mapToInt(Input::width).sum();
        this.oneRowPerRun = oneRowPerRun;
    }

    /**
     * Reads the layout from the session's inputs.
     *
     * @param inputs    the session's inputs, in model order
     * @param specWidth the feature spec's feature count, or -1 without a spec
     * @param model     names the model in messages
     * @throws ModelException if an input is not a float tensor of rank 1 or 2, or the widths do not add
     *                        up to the spec's feature count
     */
    static InputLayout of(Map<String, NodeInfo> inputs, int specWidth, String model) {
        if (inputs.isEmpty()) {
            throw new ModelException("ONNX model " + model + " has no inputs");
        }
        List<Input> layout = new ArrayList<>();
        boolean oneRowPerRun = false;
        int offset = 0;
        int dynamic = -1;
        for (NodeInfo node : inputs.values()) {
            if (!(node.getInfo() instanceof TensorInfo tensor) || tensor.type != OnnxJavaType.FLOAT) {
                throw new ModelException("ONNX model " + model + ": input '" + node.getName() + "' is " + node.getInfo()
                        + "; modeldeploy feeds float tensors [batch, features] only" + describe(inputs));
            }
            long[] shape = tensor.getShape();
            if (shape.length < 1 || shape.length > 2) {
                throw new ModelException("ONNX model " + model + ": input '" + node.getName() + "' has shape " + Arrays.toString(shape)
                        + "; modeldeploy feeds [batch, features] or [batch]" + describe(inputs));
            }
            if (shape[0] > 1) {
                throw new ModelException("ONNX model " + model + ": input '" + node.getName() + "' has a fixed batch size of " + shape[0]
                        + " (shape " + Arrays.toString(shape) + "); export the model with a dynamic batch dimension (or a batch of 1)");
            }
            oneRowPerRun |= shape[0] == 1;
            boolean vector = shape.length == 1;
            int width;
            if (vector) {
                width = 1;
            } else if (shape[1] > 0) {
                width = Math.toIntExact(shape[1]);
            } else {
                if (dynamic >= 0 || inputs.size() > 1) {
                    throw new ModelException("ONNX model " + model + ": input '" + node.getName() + "' has a dynamic feature dimension "
                            + Arrays.toString(shape) + "; with several inputs every feature dimension must be fixed" + describe(inputs));
                }
                if (specWidth < 0) {
                    throw new ModelException("ONNX model " + model + ": input '" + node.getName() + "' has a dynamic feature dimension "
                            + Arrays.toString(shape) + "; give a feature spec, whose feature count fixes it");
                }
                dynamic = layout.size();
                width = specWidth;
            }
            layout.add(new Input(node.getName(), offset, width, vector));
            offset += width;
        }
        InputLayout result = new InputLayout(layout, oneRowPerRun);
        if (specWidth >= 0 && result.width != specWidth) {
            throw new ModelException("ONNX model " + model + " takes " + result.width + " features" + describe(inputs)
                    + " but the feature spec makes " + specWidth
                    + (layout.size() > 1 ? " (the spec's features fill the inputs in this order)" : ""));
        }
        return result;
    }

    private static String describe(Map<String, NodeInfo> inputs) {
        StringBuilder out = new StringBuilder(" (inputs: ");
        String sep = "";
        for (NodeInfo node : inputs.values()) {
            out.append(sep).append(node.getName()).append(' ');
            if (node.getInfo() instanceof TensorInfo t) {
                out.append(t.type.name().toLowerCase(java.util.Locale.ROOT)).append(Arrays.toString(t.getShape()));
            } else {
                out.append(node.getInfo());
            }
            sep = ", ";
        }
        return out.append(')').toString();
    }

    /** The inputs, in model order. */
    List<Input> inputs() {
        return inputs;
    }

    /** Features per row, over all inputs. */
    int width() {
        return width;
    }

    /** Whether the model's batch dimension is fixed at 1. */
    boolean oneRowPerRun() {
        return oneRowPerRun;
    }

    /** The first input's name: what a model without a feature spec calls its {@code float[]} rows. */
    String firstName() {
        return inputs.get(0).name();
    }

    @Override
    public String toString() {
        return inputs.toString();
    }
}

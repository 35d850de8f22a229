package dev.modeldeploy.onnx.tabular;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compiles a graph, node by node in its (topological) order, assigning each tensor a slot of the
 * per-row memory. Every tensor must be a row-wise one, {@code [N]} or {@code [N, d]}; constants come
 * from initializers and {@code Constant} nodes. Anything else is an {@link UnsupportedGraphException}.
 * Not thread-safe; used once.
 */
final class GraphCompiler {
    private static final String ML = "ai.onnx.ml";

    private final ModelProto model;
    private final int[] inputWidths;
    private final Map<String, Value> values = new HashMap<>();
    private final Map<String, TensorProto> constants = new HashMap<>();
    private final List<Step> steps = new ArrayList<>();
    private final List<String> operators = new ArrayList<>();
    private final Map<String, Long> opsets = new HashMap<>();
    private int next;

    GraphCompiler(ModelProto model, int[] inputWidths) {
        this.model = model;
        this.inputWidths = inputWidths.clone();
    }

    TabularProgram compile() {
        GraphProto graph = model.getGraph();
        for (OperatorSetIdProto opset : model.getOpsetImportList()) {
            opsets.put(domain(opset.getDomain()), opset.getVersion());
        }
        for (TensorProto t : graph.getInitializerList()) {
            constants.put(t.getName(), t);
        }
        int input = 0;
        for (ValueInfoProto in : graph.getInputList()) {
            if (constants.containsKey(in.getName())) {
                continue;
            }
            if (input >= inputWidths.length) {
                throw new UnsupportedGraphException("the graph has more inputs than the " + inputWidths.length + " expected");
            }
            TypeProto.Tensor t = in.getType().getTensorType();
            if (t.getElemType() != TensorProto.DataType.FLOAT_VALUE) {
                throw new UnsupportedGraphException("input '" + in.getName() + "' is not a float tensor");
            }
            int rank = t.getShape().getDimCount();
            if (rank != 1 && rank != 2) {
                throw new UnsupportedGraphException("input '" + in.getName() + "' has rank " + rank);
            }
            values.put(in.getName(), Value.numbers(allocate(inputWidths[input]), inputWidths[input], rank));
            input++;
        }
        if (input != inputWidths.length) {
            throw new UnsupportedGraphException("the graph has " + input + " inputs, expected " + inputWidths.length);
        }
        int width = next;
        for (NodeProto node : graph.getNodeList()) {
            compile(node);
        }
        Map<String, TabularOutput> outputs = new LinkedHashMap<>();
        for (ValueInfoProto out : graph.getOutputList()) {
            Value v = values.get(out.getName());
            if (v == null) {
                throw new UnsupportedGraphException("output '" + out.getName() + "' is not computed from the inputs");
            }
            outputs.put(out.getName(), new TabularOutput(out.getName(), v.offset(), v.width(), v.kind(), v.ids(), v.names()));
        }
        return new TabularProgram(width, Math.max(1, next), steps, outputs, operators);
    }

    private static String domain(String domain) {
        return domain.equals("ai.onnx") ? "" : domain;
    }

    private int allocate(int width) {
        int at = next;
        next += width;
        return at;
    }

    private void compile(NodeProto node) {
        String domain = domain(node.getDomain());
        String op = node.getOpType();
        String where = "node '" + node.getName() + "' (" + (domain.isEmpty() ? "" : domain + ":") + op + ")";
        Attributes a = new Attributes(node, where);
        if (domain.equals(ML)) {
            switch (op) {
                case "LinearClassifier" -> Linear.classifier(this, node, a, where);
                case "LinearRegressor" -> Linear.regressor(this, node, a, where);
                case "TreeEnsembleRegressor", "TreeEnsembleClassifier" -> Trees.compile(this, node, a, where, op.endsWith("Classifier"));
                case "TreeEnsemble" -> UnifiedTrees.compile(this, node, a, where);
                case "Scaler" -> scaler(node, a, where);
                case "Normalizer" -> normalizer(node, a, where);
                case "Imputer" -> imputer(node, a, where);
                case "Binarizer" -> binarizer(node, a, where);
                case "ZipMap" -> zipMap(node, a, where);
                default -> throw new UnsupportedGraphException(where + " is not supported");
            }
        } else if (domain.isEmpty()) {
            switch (op) {
                case "Constant" -> constant(node, a, where);
                case "Identity" -> alias(node, input(node, 0, where), where);
                case "Cast" -> cast(node, a, where);
                case "Flatten" -> flatten(node, a, where);
                case "Reshape" -> reshape(node, where);
                case "MatMul" -> matMul(node, where);
                case "Gemm" -> gemm(node, a, where);
                case "Add" -> binary(node, ConstantOpStep.Op.ADD, where);
                case "Sub" -> binary(node, ConstantOpStep.Op.SUB, where);
                case "Mul" -> binary(node, ConstantOpStep.Op.MUL, where);
                case "Div" -> binary(node, ConstantOpStep.Op.DIV, where);
                case "Sigmoid" -> unary(node, UnaryStep.Op.SIGMOID, new float[1], new float[1], where);
                case "Softmax" -> softmax(node, a, where);
                case "ArgMax" -> argMax(node, a, where);
                case "Concat" -> concat(node, a, where);
                case "Gather" -> gather(node, a, where);
                default -> throw new UnsupportedGraphException(where + " is not supported");
            }
        } else {
            throw new UnsupportedGraphException(where + ": domain '" + domain + "' is not supported");
        }
        a.checkAllRead();
        operators.add((domain.isEmpty() ? "" : domain + ":") + op);
    }

    // ---- what the operator compilers share ------------------------------------------------------

    /** Input {@code i}: a row-wise numeric value. */
    Value input(NodeProto node, int i, String where) {
        Value v = anyInput(node, i, where);
        if (v.kind() != TabularOutput.Kind.NUMBERS) {
            throw new UnsupportedGraphException(where + ": input '" + node.getInput(i) + "' is a " + v.kind() + ", not numbers");
        }
        return v;
    }

    private Value anyInput(NodeProto node, int i, String where) {
        if (i >= node.getInputCount() || node.getInput(i).isEmpty()) {
            throw new UnsupportedGraphException(where + ": input " + i + " is missing");
        }
        Value v = values.get(node.getInput(i));
        if (v == null) {
            throw new UnsupportedGraphException(where + ": input '" + node.getInput(i) + "' is " + (constants.containsKey(node.getInput(i))
                    ? "a constant where a row-wise tensor is expected" : "not computed from the graph's inputs"));
        }
        return v;
    }

    /** Input {@code i} as a constant, or null when absent. */
    TensorProto constantInput(NodeProto node, int i) {
        return i < node.getInputCount() && !node.getInput(i).isEmpty() ? constants.get(node.getInput(i)) : null;
    }

    /** A new numeric value for output {@code i}. */
    Value define(NodeProto node, int i, int width, int rank) {
        return define(node, i, new Value(allocate(width), width, rank, TabularOutput.Kind.NUMBERS, null, null));
    }

    Value define(NodeProto node, int i, Value value) {
        if (i < node.getOutputCount() && !node.getOutput(i).isEmpty()) {
            values.put(node.getOutput(i), value);
        }
        return value;
    }

    /** A slot that belongs to no tensor (scratch of an operator). */
    int scratch(int width) {
        return allocate(width);
    }

    void add(Step step) {
        steps.add(step);
    }

    long opset(String domain) {
        return opsets.getOrDefault(domain, 1L);
    }

    static void require(boolean ok, String where, String what) {
        if (!ok) {
            throw new UnsupportedGraphException(where + ": " + what);
        }
    }

    // ---- the simple operators -------------------------------------------------------------------

    private void alias(NodeProto node, Value v, String where) {
        require(node.getOutputCount() == 1, where, "expected one output");
        define(node, 0, v);
    }

    private void constant(NodeProto node, Attributes a, String where) {
        TensorProto t = a.tensor("value");
        require(t != null, where, "only the 'value' attribute is supported");
        constants.put(node.getOutput(0), t.toBuilder().setName(node.getOutput(0)).build());
    }

    private void cast(NodeProto node, Attributes a, String where) {
        long to = a.integer("to", 0);
        require(to == TensorProto.DataType.FLOAT_VALUE || to == TensorProto.DataType.DOUBLE_VALUE, where, "only casts to float or double");
        Value v = input(node, 0, where);
        // A double result is exact: it holds float values. Only a graph output may be double, where it is read as float anyway.
        alias(node, v, where);
    }

    private void flatten(NodeProto node, Attributes a, String where) {
        require(a.integer("axis", 1) == 1, where, "only axis 1");
        alias(node, input(node, 0, where).withRank(2), where);
    }

    private void reshape(NodeProto node, String where) {
        Value v = input(node, 0, where);
        TensorProto shape = constantInput(node, 1);
        require(shape != null, where, "the shape must be a constant");
        long[] dims = Tensors.longs(shape, where);
        boolean batchFirst = dims.length >= 1 && (dims[0] == -1 || dims[0] == 0);
        if (dims.length == 2 && batchFirst && (dims[1] == v.width() || (dims[1] == -1 && dims[0] == 0))) {
            alias(node, v.withRank(2), where);
        } else if (dims.length == 1 && dims[0] == -1 && v.width() == 1) {
            alias(node, v.withRank(1), where);
        } else {
            throw new UnsupportedGraphException(where + ": reshape to " + java.util.Arrays.toString(dims) + " changes rows");
        }
    }

    private void matMul(NodeProto node, String where) {
        Value x = input(node, 0, where);
        TensorProto b = constantInput(node, 1);
        require(b != null && x.rank() == 2, where, "only [N, d] times a constant matrix");
        float[] w = Tensors.floats(b, where);
        int k;
        if (b.getDimsCount() == 2) {
            require(b.getDims(0) == x.width(), where, "the constant has " + b.getDims(0) + " rows, the input " + x.width() + " columns");
            k = Math.toIntExact(b.getDims(1));
        } else {
            require(b.getDimsCount() == 1 && b.getDims(0) == x.width(), where, "the constant's shape does not fit the input");
            k = 1;
        }
        Value y = define(node, 0, k, b.getDimsCount() == 2 ? 2 : 1);
        add(new AffineStep(x.offset(), x.width(), y.offset(), transpose(w, x.width(), k), new float[k]));
    }

    /** {@code [rows, cols]} row-major to {@code [cols, rows]} row-major. */
    static float[] transpose(float[] w, int rows, int cols) {
        float[] t = new float[w.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = w[r * cols + c];
            }
        }
        return t;
    }

    private void gemm(NodeProto node, Attributes a, String where) {
        Value x = input(node, 0, where);
        require(a.integer("transA", 0) == 0, where, "transA is not supported");
        boolean transB = a.integer("transB", 0) != 0;
        float alpha = a.real("alpha", 1f);
        float beta = a.real("beta", 1f);
        TensorProto b = constantInput(node, 1);
        require(b != null && b.getDimsCount() == 2 && x.rank() == 2, where, "only [N, d] times a constant matrix");
        int d = x.width();
        int k = Math.toIntExact(transB ? b.getDims(0) : b.getDims(1));
        require((transB ? b.getDims(1) : b.getDims(0)) == d, where, "the constant's shape does not fit the input");
        float[] w = Tensors.floats(b, where);
        float[] weights = transB ? w : transpose(w, d, k);
        for (int i = 0; i < weights.length; i++) {
            weights[i] *= alpha;
        }
        float[] bias = new float[k];
        if (node.getInputCount() > 2 && !node.getInput(2).isEmpty()) {
            TensorProto c = constantInput(node, 2);
            require(c != null, where, "the bias must be a constant");
            float[] cv = Tensors.floats(c, where);
            require(cv.length == 1 || (cv.length == k && (c.getDimsCount() <= 1 || c.getDims(0) == 1)), where,
                    "the bias must be a scalar or a row");
            for (int i = 0; i < k; i++) {
                bias[i] = beta * cv[cv.length == 1 ? 0 : i];
            }
        }
        Value y = define(node, 0, k, 2);
        add(new AffineStep(x.offset(), d, y.offset(), weights, bias));
    }

    private void binary(NodeProto node, ConstantOpStep.Op op, String where) {
        require(node.getInputCount() == 2, where, "expected two inputs");
        TensorProto c0 = constantInput(node, 0);
        TensorProto c1 = constantInput(node, 1);
        require(c0 == null || c1 == null, where, "both inputs are constants");
        if (c0 == null && c1 == null) {
            Value a = input(node, 0, where);
            Value b = input(node, 1, where);
            require(a.width() == b.width() && a.rank() == b.rank(), where, "only inputs of equal shape");
            Value y = define(node, 0, a.width(), a.rank());
            add(new ConstantOpStep(op, a.offset(), b.offset(), null, false, y.offset(), a.width()));
            return;
        }
        boolean constantFirst = c0 != null;
        Value x = input(node, constantFirst ? 1 : 0, where);
        TensorProto c = constantFirst ? c0 : c1;
        float[] values = Tensors.floats(c, where);
        boolean scalar = values.length == 1 && c.getDimsCount() <= x.rank();
        boolean row = x.rank() == 2 && values.length == x.width()
                && (c.getDimsCount() == 1 || (c.getDimsCount() == 2 && c.getDims(0) == 1));
        require(scalar || row, where, "the constant must broadcast over the rows");
        Value y = define(node, 0, x.width(), x.rank());
        add(new ConstantOpStep(op, x.offset(), -1, values, constantFirst, y.offset(), x.width()));
    }

    private void unary(NodeProto node, UnaryStep.Op op, float[] a, float[] b, String where) {
        Value x = input(node, 0, where);
        require(a.length == 1 || a.length == x.width(), where, "expected 1 or " + x.width() + " values, got " + a.length);
        require(b.length == 1 || b.length == x.width(), where, "expected 1 or " + x.width() + " values, got " + b.length);
        Value y = define(node, 0, x.width(), x.rank());
        add(new UnaryStep(op, x.offset(), y.offset(), x.width(), a, b));
    }

    private void scaler(NodeProto node, Attributes a, String where) {
        float[] offset = a.floats("offset");
        float[] scale = a.floats("scale");
        unary(node, UnaryStep.Op.SCALER, offset == null || offset.length == 0 ? new float[1] : offset,
                scale == null || scale.length == 0 ? new float[] {1f} : scale, where);
    }

    private void imputer(NodeProto node, Attributes a, String where) {
        float[] imputed = a.floats("imputed_value_floats");
        require(imputed != null && imputed.length > 0, where, "only imputed_value_floats");
        require(!a.has("imputed_value_int64s") && !a.has("replaced_value_int64"), where, "only float imputation");
        unary(node, UnaryStep.Op.IMPUTER, imputed, new float[] {a.real("replaced_value_float", 0f)}, where);
    }

    private void binarizer(NodeProto node, Attributes a, String where) {
        unary(node, UnaryStep.Op.BINARIZER, new float[] {a.real("threshold", 0f)}, new float[1], where);
    }

    private void normalizer(NodeProto node, Attributes a, String where) {
        Value x = input(node, 0, where);
        RowStep.Op op = switch (a.string("norm", "MAX")) {
            case "MAX" -> RowStep.Op.NORM_MAX;
            case "L1" -> RowStep.Op.NORM_L1;
            case "L2" -> RowStep.Op.NORM_L2;
            default -> throw new UnsupportedGraphException(where + ": norm '" + a.string("norm", "") + "'");
        };
        Value y = define(node, 0, x.width(), 2);
        add(new RowStep(op, x.offset(), y.offset(), x.width()));
    }

    private void softmax(NodeProto node, Attributes a, String where) {
        Value x = input(node, 0, where);
        long axis = a.integer("axis", opset("") >= 13 ? -1 : 1);
        require(x.rank() == 2 && (axis == 1 || axis == -1), where, "only a softmax over the columns of [N, d]");
        Value y = define(node, 0, x.width(), 2);
        add(new RowStep(RowStep.Op.SOFTMAX, x.offset(), y.offset(), x.width()));
    }

    private void argMax(NodeProto node, Attributes a, String where) {
        Value x = input(node, 0, where);
        long axis = a.integer("axis", 0);
        require(x.rank() == 2 && (axis == 1 || axis == -1), where, "only an argmax over the columns of [N, d]");
        require(a.integer("select_last_index", 0) == 0, where, "select_last_index is not supported");
        int rank = a.integer("keepdims", 1) != 0 ? 2 : 1;
        Value y = define(node, 0, new Value(scratch(1), 1, rank, TabularOutput.Kind.LABEL, null, null));
        add(new RowStep(RowStep.Op.ARGMAX, x.offset(), y.offset(), x.width()));
    }

    private void concat(NodeProto node, Attributes a, String where) {
        long axis = a.integer("axis", 1);
        List<Value> parts = new ArrayList<>();
        int width = 0;
        for (int i = 0; i < node.getInputCount(); i++) {
            Value v = input(node, i, where);
            require(v.rank() == 2 && (axis == 1 || axis == -1), where, "only a concatenation of the columns of [N, d] tensors");
            parts.add(v);
            width += v.width();
        }
        Value y = define(node, 0, width, 2);
        int at = y.offset();
        for (Value v : parts) {
            add(new RowStep(RowStep.Op.COPY, v.offset(), at, v.width()));
            at += v.width();
        }
    }

    /** Gather of a constant class table by an ArgMax's index: skl2onnx's label output. */
    private void gather(NodeProto node, Attributes a, String where) {
        require(a.integer("axis", 0) == 0, where, "only axis 0");
        TensorProto table = constantInput(node, 0);
        require(table != null && table.getDimsCount() == 1, where, "only a constant 1-D table");
        Value index = anyInput(node, 1, where);
        require(index.kind() == TabularOutput.Kind.LABEL && index.ids() == null && index.names() == null && index.rank() == 1, where,
                "only indexes from an ArgMax without keepdims");
        boolean strings = table.getDataType() == TensorProto.DataType.STRING_VALUE;
        long[] ids = strings ? null : Tensors.longs(table, where);
        String[] names = strings ? Tensors.strings(table, where) : null;
        define(node, 0, new Value(index.offset(), 1, 1, TabularOutput.Kind.LABEL, ids, names));
    }

    private void zipMap(NodeProto node, Attributes a, String where) {
        Value x = input(node, 0, where);
        long[] ids = a.integers("classlabels_int64s");
        String[] names = a.strings("classlabels_strings");
        int keys = ids != null ? ids.length : names == null ? 0 : names.length;
        require(keys == x.width() && (ids == null) != (names == null), where, "the classes must match the columns");
        define(node, 0, new Value(x.offset(), x.width(), 2, TabularOutput.Kind.MAPS, ids, names));
    }
}

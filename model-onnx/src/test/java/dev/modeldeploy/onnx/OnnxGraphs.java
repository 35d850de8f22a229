package dev.modeldeploy.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Hand-built ONNX graphs for what Tribuo does not export (two inputs, ZipMap outputs, fixed batch
 * sizes), written with the ONNX protobuf classes of {@code tribuo-util-onnx}. A dimension of -1 is a
 * dynamic one ({@code N}).
 */
final class OnnxGraphs {
    static final int FLOAT = TensorProto.DataType.FLOAT_VALUE;
    static final int DOUBLE = TensorProto.DataType.DOUBLE_VALUE;
    static final int INT64 = TensorProto.DataType.INT64_VALUE;
    static final int STRING = TensorProto.DataType.STRING_VALUE;

    private OnnxGraphs() {
    }

    /** A graph under construction. */
    static final class Graph {
        private final GraphProto.Builder graph = GraphProto.newBuilder().setName("test-graph");
        private int mlOpset = 1;

        /** The ai.onnx.ml opset to import (default 1). */
        Graph mlOpset(int version) {
            this.mlOpset = version;
            return this;
        }

        Graph input(String name, int type, long... dims) {
            graph.addInput(tensor(name, type, dims));
            return this;
        }

        Graph output(String name, int type, long... dims) {
            graph.addOutput(tensor(name, type, dims));
            return this;
        }

        /** An output that is a sequence of maps from {@code keyType} to {@code valueType}: a ZipMap's. */
        Graph mapsOutput(String name, int keyType, int valueType) {
            TypeProto value = TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder().setElemType(valueType)).build();
            TypeProto map = TypeProto.newBuilder().setMapType(TypeProto.Map.newBuilder().setKeyType(keyType).setValueType(value)).build();
            TypeProto sequence = TypeProto.newBuilder().setSequenceType(TypeProto.Sequence.newBuilder().setElemType(map)).build();
            graph.addOutput(ValueInfoProto.newBuilder().setName(name).setType(sequence));
            return this;
        }

        Graph floats(String name, long[] dims, float... values) {
            TensorProto.Builder t = initializer(name, FLOAT, dims);
            for (float v : values) {
                t.addFloatData(v);
            }
            return this;
        }

        Graph longs(String name, long[] dims, long... values) {
            TensorProto.Builder t = initializer(name, INT64, dims);
            for (long v : values) {
                t.addInt64Data(v);
            }
            return this;
        }

        Graph strings(String name, long[] dims, String... values) {
            TensorProto.Builder t = initializer(name, STRING, dims);
            for (String v : values) {
                t.addStringData(ByteString.copyFrom(v, StandardCharsets.UTF_8));
            }
            return this;
        }

        /** A constant of the graph, whose values the caller adds. */
        private TensorProto.Builder initializer(String name, int type, long[] dims) {
            TensorProto.Builder t = graph.addInitializerBuilder().setName(name).setDataType(type);
            for (long d : dims) {
                t.addDims(d);
            }
            return t;
        }

        Graph node(String op, List<String> inputs, List<String> outputs, AttributeProto... attributes) {
            return node("", op, inputs, outputs, attributes);
        }

        Graph node(String domain, String op, List<String> inputs, List<String> outputs, AttributeProto... attributes) {
            NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setDomain(domain).setName(op + "_" + graph.getNodeCount())
                    .addAllInput(inputs).addAllOutput(outputs);
            for (AttributeProto a : attributes) {
                n.addAttribute(a);
            }
            graph.addNode(n);
            return this;
        }

        /** Writes the model (ONNX opset 13, ai.onnx.ml opset 1 unless {@link #mlOpset set}) and returns its path. */
        Path write(Path file) throws IOException {
            Files.write(file, build().toByteArray());
            return file;
        }

        /** The model. */
        ModelProto build() {
            return ModelProto.newBuilder().setIrVersion(8).setProducerName("modeldeploy-tests")
                    .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(13))
                    .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("ai.onnx.ml").setVersion(mlOpset))
                    .setGraph(graph).build();
        }
    }

    static Graph graph() {
        return new Graph();
    }

    static AttributeProto intAttr(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    static AttributeProto intsAttr(String name, long... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    static AttributeProto floatAttr(String name, float value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(value).build();
    }

    static AttributeProto stringAttr(String name, String value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
                .setS(ByteString.copyFrom(value, StandardCharsets.UTF_8)).build();
    }

    static AttributeProto floatsAttr(String name, float... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOATS);
        for (float v : values) {
            a.addFloats(v);
        }
        return a.build();
    }

    /** A {@code *_as_tensor} attribute: a 1-D float tensor (what ONNX Runtime takes with float inputs). */
    static AttributeProto floatsTensorAttr(String name, float... values) {
        TensorProto.Builder t = TensorProto.newBuilder().setDataType(FLOAT).addDims(values.length);
        for (float v : values) {
            t.addFloatData(v);
        }
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.TENSOR).setT(t).build();
    }

    static AttributeProto stringsAttr(String name, String... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRINGS);
        for (String v : values) {
            a.addStrings(ByteString.copyFrom(v, StandardCharsets.UTF_8));
        }
        return a.build();
    }

    private static ValueInfoProto tensor(String name, int type, long... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (int i = 0; i < dims.length; i++) {
            // Dynamic dimensions get distinct names: equal names would tell ONNX Runtime they are equal.
            shape.addDim(dims[i] < 0 ? TensorShapeProto.Dimension.newBuilder().setDimParam(i == 0 ? "N" : "D" + i)
                    : TensorShapeProto.Dimension.newBuilder().setDimValue(dims[i]));
        }
        TypeProto t = TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder().setElemType(type).setShape(shape)).build();
        return ValueInfoProto.newBuilder().setName(name).setType(t).build();
    }
}

package dev.modeldeploy.onnx.tabular;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.NodeProto;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * A node's attributes by name. Records which ones were read, so that a node carrying an attribute the
 * evaluator does not know is refused rather than silently misread.
 */
final class Attributes {
    private final Map<String, AttributeProto> byName = new HashMap<>();
    private final Set<String> read = new HashSet<>();
    private final String where;

    Attributes(NodeProto node, String where) {
        for (AttributeProto a : node.getAttributeList()) {
            byName.put(a.getName(), a);
        }
        this.where = where;
    }

    boolean has(String name) {
        read.add(name);
        return byName.containsKey(name);
    }

    long integer(String name, long fallback) {
        read.add(name);
        AttributeProto a = byName.get(name);
        return a == null ? fallback : a.getI();
    }

    float real(String name, float fallback) {
        read.add(name);
        AttributeProto a = byName.get(name);
        return a == null ? fallback : a.getF();
    }

    String string(String name, String fallback) {
        read.add(name);
        AttributeProto a = byName.get(name);
        return a == null ? fallback : a.getS().toString(StandardCharsets.UTF_8);
    }

    /** A list of reals, from {@code name} (floats) or {@code name_as_tensor}; null when neither is there. */
    double[] reals(String name) {
        read.add(name);
        read.add(name + "_as_tensor");
        AttributeProto a = byName.get(name);
        if (a != null) {
            double[] out = new double[a.getFloatsCount()];
            for (int i = 0; i < out.length; i++) {
                out[i] = a.getFloats(i);
            }
            return out;
        }
        AttributeProto t = byName.get(name + "_as_tensor");
        return t == null ? null : Tensors.doubles(t.getT(), where + " attribute " + name + "_as_tensor");
    }

    /** A list of reals rounded to float, or null. */
    float[] floats(String name) {
        double[] d = reals(name);
        if (d == null) {
            return null;
        }
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }

    /** A list of integers, or null. */
    long[] integers(String name) {
        read.add(name);
        AttributeProto a = byName.get(name);
        if (a == null) {
            return null;
        }
        long[] out = new long[a.getIntsCount()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.getInts(i);
        }
        return out;
    }

    /** A list of strings, or null. */
    String[] strings(String name) {
        read.add(name);
        AttributeProto a = byName.get(name);
        if (a == null) {
            return null;
        }
        String[] out = new String[a.getStringsCount()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.getStrings(i).toString(StandardCharsets.UTF_8);
        }
        return out;
    }

    /** A tensor attribute, or null. */
    ai.onnx.proto.OnnxMl.TensorProto tensor(String name) {
        read.add(name);
        AttributeProto a = byName.get(name);
        return a == null ? null : a.getT();
    }

    /** Refuses the node if it has an attribute none of the reads asked for. */
    void checkAllRead() {
        for (String name : byName.keySet()) {
            if (!read.contains(name)) {
                throw new UnsupportedGraphException(where + ": attribute '" + name + "' is not supported");
            }
        }
    }
}

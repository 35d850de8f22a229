package dev.modeldeploy.onnx.tabular;

import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Reads the values of constant tensors (initializers, {@code Constant} nodes, {@code *_as_tensor} attributes). */
final class Tensors {
    private Tensors() {
    }

    /** The element count the dimensions give (1 for a scalar). */
    static long size(TensorProto t) {
        long n = 1;
        for (long d : t.getDimsList()) {
            n *= d;
        }
        return n;
    }

    /** The numeric values as doubles (float, double, int32 and int64 tensors). */
    static double[] doubles(TensorProto t, String where) {
        if (t.hasDataLocation() && t.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
            throw new UnsupportedGraphException(where + ": external tensor data");
        }
        ByteString raw = t.getRawData();
        ByteBuffer buffer = raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        double[] out;
        switch (t.getDataType()) {
            case TensorProto.DataType.FLOAT_VALUE -> {
                out = new double[raw.isEmpty() ? t.getFloatDataCount() : raw.size() / 4];
                for (int i = 0; i < out.length; i++) {
                    out[i] = raw.isEmpty() ? t.getFloatData(i) : buffer.getFloat(i * 4);
                }
            }
            case TensorProto.DataType.DOUBLE_VALUE -> {
                out = new double[raw.isEmpty() ? t.getDoubleDataCount() : raw.size() / 8];
                for (int i = 0; i < out.length; i++) {
                    out[i] = raw.isEmpty() ? t.getDoubleData(i) : buffer.getDouble(i * 8);
                }
            }
            case TensorProto.DataType.INT64_VALUE -> {
                long[] longs = longs(t, where);
                out = new double[longs.length];
                for (int i = 0; i < out.length; i++) {
                    out[i] = longs[i];
                }
            }
            case TensorProto.DataType.INT32_VALUE -> {
                out = new double[raw.isEmpty() ? t.getInt32DataCount() : raw.size() / 4];
                for (int i = 0; i < out.length; i++) {
                    out[i] = raw.isEmpty() ? t.getInt32Data(i) : buffer.getInt(i * 4);
                }
            }
            default -> throw new UnsupportedGraphException(where + ": constant of data type " + t.getDataType());
        }
        return out;
    }

    /** The values as floats, rounded as ONNX Runtime rounds a float tensor. */
    static float[] floats(TensorProto t, String where) {
        double[] d = doubles(t, where);
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }

    /** The values of an int64, int32 or uint8 tensor. */
    static long[] longs(TensorProto t, String where) {
        ByteString raw = t.getRawData();
        ByteBuffer buffer = raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        if (t.getDataType() == TensorProto.DataType.INT64_VALUE) {
            long[] out = new long[raw.isEmpty() ? t.getInt64DataCount() : raw.size() / 8];
            for (int i = 0; i < out.length; i++) {
                out[i] = raw.isEmpty() ? t.getInt64Data(i) : buffer.getLong(i * 8);
            }
            return out;
        }
        if (t.getDataType() == TensorProto.DataType.UINT8_VALUE) {
            long[] out = new long[raw.isEmpty() ? t.getInt32DataCount() : raw.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = raw.isEmpty() ? t.getInt32Data(i) : raw.byteAt(i) & 0xff;
            }
            return out;
        }
        if (t.getDataType() == TensorProto.DataType.INT32_VALUE) {
            long[] out = new long[raw.isEmpty() ? t.getInt32DataCount() : raw.size() / 4];
            for (int i = 0; i < out.length; i++) {
                out[i] = raw.isEmpty() ? t.getInt32Data(i) : buffer.getInt(i * 4);
            }
            return out;
        }
        throw new UnsupportedGraphException(where + ": expected an integer constant, got data type " + t.getDataType());
    }

    /** The values of a string tensor, as UTF-8. */
    static String[] strings(TensorProto t, String where) {
        if (t.getDataType() != TensorProto.DataType.STRING_VALUE) {
            throw new UnsupportedGraphException(where + ": expected a string constant, got data type " + t.getDataType());
        }
        String[] out = new String[t.getStringDataCount()];
        for (int i = 0; i < out.length; i++) {
            out[i] = t.getStringData(i).toString(StandardCharsets.UTF_8);
        }
        return out;
    }
}

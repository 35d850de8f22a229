package dev.modeldeploy.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One thread's input tensors for one model, reused from call to call: per input a direct
 * {@link FloatBuffer} and an {@link OnnxTensor} over it, which ONNX Runtime reads in place. Writing a
 * row into the buffer is all a call does to feed the model, so the steady state allocates nothing for
 * its inputs (a plain {@code OrtSession.run} caller makes a tensor, its shape and a map each call).
 * Tensors for one row and for the last batch size are kept; another batch size replaces the latter.
 *
 * <p>Used by its thread only, but closed by whoever closes the model (or by the cleaner once the
 * thread is gone), hence the lock around replacing and closing tensors. Never closed while in use:
 * the model waits for calls in flight before closing.
 */
final class ThreadInputs {
    private final OrtEnvironment environment;
    private final List<InputLayout.Input> inputs;
    private final int width;
    private final Set<ThreadInputs> registry;
    private Feed one;
    private Feed many;
    private boolean closed;

    /** The tensors for one row count, over direct buffers that may be larger. */
    private static final class Feed {
        final int rows;
        final FloatBuffer[] buffers;
        final OnnxTensor[] tensors;
        final Map<String, OnnxTensor> map;

        Feed(int rows, FloatBuffer[] buffers, OnnxTensor[] tensors, Map<String, OnnxTensor> map) {
            this.rows = rows;
            this.buffers = buffers;
            this.tensors = tensors;
            this.map = map;
        }

        void close() {
            for (OnnxTensor t : tensors) {
                if (t != null) {
                    t.close();
                }
            }
        }
    }

    /** Inputs of one thread, listed in {@code registry} (the model's, so that closing it reaches them) until closed. */
    ThreadInputs(OrtEnvironment environment, InputLayout layout, Set<ThreadInputs> registry) {
        this.environment = environment;
        this.inputs = layout.inputs();
        this.width = layout.width();
        this.registry = registry;
        registry.add(this);
    }

    /**
     * Writes {@code rows} rows of features, starting at {@code data[offset]} (row-major, the layout's
     * width per row), into the tensors for that many rows, and returns the feed for
     * {@code OrtSession.run}.
     */
    Map<String, OnnxTensor> fill(float[] data, int offset, int rows) throws OrtException {
        Feed feed = feed(rows);
        FloatBuffer[] buffers = feed.buffers;
        if (buffers.length == 1) {
            buffers[0].put(0, data, offset, rows * width);
        } else {
            for (int r = 0; r < rows; r++) {
                int row = offset + r * width;
                for (int i = 0; i < buffers.length; i++) {
                    InputLayout.Input in = inputs.get(i);
                    buffers[i].put(r * in.width(), data, row + in.offset(), in.width());
                }
            }
        }
        return feed.map;
    }

    private Feed feed(int rows) throws OrtException {
        Feed f = rows == 1 ? one : many;
        if (f != null && f.rows == rows) {
            return f;
        }
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("the model's per-thread inputs are closed");
            }
            Feed fresh = create(rows, rows == 1 ? null : many);
            if (rows == 1) {
                one = fresh;
            } else {
                if (many != null) {
                    many.close();
                }
                many = fresh;
            }
            return fresh;
        }
    }

    /** Tensors for {@code rows} rows, reusing the buffers of {@code previous} where they are large enough. */
    private Feed create(int rows, Feed previous) throws OrtException {
        FloatBuffer[] buffers = new FloatBuffer[inputs.size()];
        OnnxTensor[] tensors = new OnnxTensor[inputs.size()];
        Map<String, OnnxTensor> map = new HashMap<>();
        Feed feed = new Feed(rows, buffers, tensors, map);
        try {
            for (int i = 0; i < buffers.length; i++) {
                InputLayout.Input in = inputs.get(i);
                int size = rows * in.width();
                FloatBuffer old = previous == null ? null : previous.buffers[i];
                buffers[i] = old != null && old.capacity() >= size ? old
                        : ByteBuffer.allocateDirect(Math.multiplyExact(size, Float.BYTES)).order(ByteOrder.nativeOrder()).asFloatBuffer();
                tensors[i] = OnnxTensor.createTensor(environment, buffers[i].slice(0, size), in.shape(rows));
                map.put(in.name(), tensors[i]);
            }
        } catch (OrtException | RuntimeException e) {
            feed.close();
            throw e;
        }
        return feed;
    }

    /** Releases the native tensors (idempotent). */
    void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            if (one != null) {
                one.close();
            }
            if (many != null) {
                many.close();
            }
            one = null;
            many = null;
        }
        registry.remove(this);
    }
}

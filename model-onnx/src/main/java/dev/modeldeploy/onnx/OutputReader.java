package dev.modeldeploy.onnx;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.modeldeploy.api.error.ModelException;

import java.util.List;

/**
 * Turns the outputs of one {@code OrtSession.run} into typed predictions, one per row, following an
 * {@link OutputPlan}: the result holds the plan's {@linkplain OutputPlan#requested() requested outputs}
 * in order. Readers never keep the result's values (the caller closes the result); they are immutable
 * apart from labels learnt from the first result, and thread-safe.
 *
 * @param <O> the prediction type
 */
abstract class OutputReader<O> {
    final OutputPlan plan;
    final String model;

    OutputReader(OutputPlan plan, String model) {
        this.plan = plan;
        this.model = model;
    }

    /** The reader of a plan; {@code labels} are the classifier's given labels, or null. */
    static OutputReader<?> of(OutputPlan plan, ClassLabels labels, String model) {
        if (plan.task() == OnnxModel.Task.REGRESSION) {
            return new RegressionReader(plan, model);
        }
        return plan.scoreKind() == OutputPlan.ScoreKind.MAPS
                ? new ZipMapReader(plan, labels, model)
                : new ProbabilityReader(plan, labels, model);
    }

    /** The predictions of the {@code rows} rows of a result; they hold no reference to the result. */
    abstract List<O> read(OrtSession.Result result, int rows) throws OrtException;

    /** The prediction of a result of one row; allocates no more than the prediction and ORT's own copy of the output. */
    abstract O readOne(OrtSession.Result result) throws OrtException;

    /** A float or double tensor's values as floats (ONNX Runtime's copy when they are floats already). */
    final float[] floats(OnnxValue value, String name) {
        OnnxTensor t = tensor(value, name);
        if (t.getInfo().type == OnnxJavaType.FLOAT) {
            return t.getFloatBuffer().array();
        }
        if (t.getInfo().type == OnnxJavaType.DOUBLE) {
            double[] d = t.getDoubleBuffer().array();
            float[] f = new float[d.length];
            for (int i = 0; i < d.length; i++) {
                f[i] = (float) d[i];
            }
            return f;
        }
        throw unexpected(name, value, "a float or double tensor");
    }

    final OnnxTensor tensor(OnnxValue value, String name) {
        if (value instanceof OnnxTensor t) {
            return t;
        }
        throw unexpected(name, value, "a tensor");
    }

    final ModelException unexpected(String name, Object value, String expected) {
        return new ModelException("ONNX model " + model + ": output '" + name + "' gave " + value + ", expected " + expected);
    }

    /** Checks that an output held one row per input row (times {@code columns}). */
    final void checkRows(String name, int elements, int rows, int columns) {
        if (elements != rows * columns) {
            throw new ModelException("ONNX model " + model + ": output '" + name + "' holds " + elements + " values for " + rows
                    + " rows, expected " + rows * columns);
        }
    }
}

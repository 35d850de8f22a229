package dev.modeldeploy.onnx;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtSession;
import dev.modeldeploy.api.prediction.Regression;

import java.util.ArrayList;
import java.util.List;

/** Reads a regression's one value per row from a float or double tensor {@code [batch, 1]} or {@code [batch]}. */
final class RegressionReader extends OutputReader<Regression> {

    RegressionReader(OutputPlan plan, String model) {
        super(plan, model);
    }

    @Override
    List<Regression> read(OrtSession.Result result, int rows) {
        List<Regression> into = new ArrayList<>(rows);
        OnnxTensor t = tensor(result.get(0), plan.scores());
        if (t.getInfo().type == OnnxJavaType.DOUBLE) {
            double[] values = t.getDoubleBuffer().array();
            checkRows(plan.scores(), values.length, rows, 1);
            for (double v : values) {
                into.add(new Regression(v));
            }
        } else {
            float[] values = floats(t, plan.scores());
            checkRows(plan.scores(), values.length, rows, 1);
            for (float v : values) {
                into.add(new Regression(v));
            }
        }
        return into;
    }

    @Override
    Regression readOne(OrtSession.Result result) {
        OnnxTensor t = tensor(result.get(0), plan.scores());
        if (t.getInfo().type == OnnxJavaType.DOUBLE) {
            double[] values = t.getDoubleBuffer().array();
            checkRows(plan.scores(), values.length, 1, 1);
            return new Regression(values[0]);
        }
        float[] values = floats(t, plan.scores());
        checkRows(plan.scores(), values.length, 1, 1);
        return new Regression(values[0]);
    }
}

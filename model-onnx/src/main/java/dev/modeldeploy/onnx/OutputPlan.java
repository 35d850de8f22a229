package dev.modeldeploy.onnx;

import ai.onnxruntime.MapInfo;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.SequenceInfo;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.ValueInfo;
import dev.modeldeploy.api.error.ModelException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which of the model's outputs a prediction is read from, and what they hold, decided once from the
 * session's output descriptions:
 * <ul>
 *   <li>the <em>scores</em> output: a float or double tensor {@code [batch, k]} or {@code [batch]}, or
 *       a sequence of maps from class to probability (scikit-learn's ZipMap, one map per row);</li>
 *   <li>for a classifier, optionally a <em>label</em> output: an int64 or string tensor {@code [batch]}
 *       (scikit-learn's {@code output_label}), which then decides the predicted class.</li>
 * </ul>
 * The task, when not given, follows from the outputs: a sequence of maps, a label output or a score
 * tensor of more than one column make a classifier; a single column a regression. Immutable.
 *
 * @param task        what the model predicts
 * @param scores      the scores output's name
 * @param scoreKind   what it holds
 * @param columns     its columns ({@code k}), or -1 when the graph leaves them dynamic (or for maps)
 * @param labelOutput the label output's name, or null
 * @param labelKind   what the label output holds, or null
 */
record OutputPlan(OnnxModel.Task task, String scores, ScoreKind scoreKind, int columns, String labelOutput, LabelKind labelKind) {
    /** What a scores output holds. */
    enum ScoreKind { FLOAT, DOUBLE, MAPS }

    /** What a label output holds. */
    enum LabelKind { INT64, STRING }

    /** The outputs to ask ONNX Runtime for, scores first. */
    Set<String> requested() {
        Set<String> names = new LinkedHashSet<>();
        names.add(scores);
        if (labelOutput != null) {
            names.add(labelOutput);
        }
        return names;
    }

    /**
     * Decides the plan.
     *
     * @param outputs     the session's outputs, in model order
     * @param task        the task, or null to decide from the outputs
     * @param scores      the scores output's name, or null to find it
     * @param labelOutput the label output's name, or null to find it (classifiers only)
     * @param model       names the model in messages
     */
    static OutputPlan of(Map<String, NodeInfo> outputs, OnnxModel.Task task, String scores, String labelOutput, String model) {
        String where = "ONNX model " + model + " (outputs: " + describe(outputs) + ")";
        List<String> scoreCandidates = new ArrayList<>();
        List<String> labelCandidates = new ArrayList<>();
        for (NodeInfo node : outputs.values()) {
            if (scoreKind(node.getInfo()) != null) {
                scoreCandidates.add(node.getName());
            } else if (labelKind(node.getInfo()) != null) {
                labelCandidates.add(node.getName());
            }
        }
        String scoreName = pick(outputs, scores, scoreCandidates, "scores", "output(name)", where);
        ValueInfo scoreInfo = outputs.get(scoreName).getInfo();
        ScoreKind scoreKind = scoreKind(scoreInfo);
        if (scoreKind == null) {
            throw new ModelException(where + ": output '" + scoreName + "' is " + scoreInfo
                    + ", not a float or double tensor [batch, k] or [batch], nor a sequence of maps from class to probability");
        }
        int columns = columns(scoreInfo);

        String labelName = null;
        if (labelOutput != null) {
            labelName = pick(outputs, labelOutput, labelCandidates, "label", "labelOutput(name)", where);
            if (labelKind(outputs.get(labelName).getInfo()) == null) {
                throw new ModelException(where + ": output '" + labelName + "' is " + outputs.get(labelName).getInfo()
                        + ", not an int64 or string tensor [batch]");
            }
        } else if (task != OnnxModel.Task.REGRESSION && labelCandidates.size() == 1) {
            labelName = labelCandidates.get(0);
        } else if (task != OnnxModel.Task.REGRESSION && labelCandidates.size() > 1) {
            throw new ModelException(where + ": several outputs may hold the label " + labelCandidates
                    + "; name the one to use with labelOutput(name)");
        }

        OnnxModel.Task decided = task != null ? task : decideTask(scoreKind, columns, labelName, scoreName, where);
        if (decided == OnnxModel.Task.REGRESSION) {
            if (scoreKind == ScoreKind.MAPS || columns > 1) {
                throw new ModelException(where + ": a regression predicts one value, but output '" + scoreName + "' is " + scoreInfo);
            }
            if (labelOutput != null) {
                throw new ModelException(where + ": a regression has no label output, but labelOutput('" + labelOutput + "') was given");
            }
            labelName = null;
        }
        LabelKind labelKind = labelName == null ? null : labelKind(outputs.get(labelName).getInfo());
        return new OutputPlan(decided, scoreName, scoreKind, columns, labelName, labelKind);
    }

    private static OnnxModel.Task decideTask(ScoreKind kind, int columns, String labelName, String scoreName, String where) {
        if (kind == ScoreKind.MAPS || labelName != null || columns > 1) {
            return OnnxModel.Task.CLASSIFICATION;
        }
        if (columns == 1) {
            return OnnxModel.Task.REGRESSION;
        }
        throw new ModelException(where + ": cannot tell from output '" + scoreName + "', whose columns are dynamic, whether the model"
                + " is a classifier or a regression; say which with OnnxModel.Builder.classifier() or regressor()");
    }

    private static String pick(Map<String, NodeInfo> outputs, String named, List<String> candidates, String what, String option, String where) {
        if (named != null) {
            if (!outputs.containsKey(named)) {
                throw new ModelException(where + ": there is no output '" + named + "'");
            }
            return named;
        }
        if (candidates.size() == 1) {
            return candidates.get(0);
        }
        if (candidates.isEmpty()) {
            throw new ModelException(where + ": no output holds " + what
                    + " (a float or double tensor [batch, k] or [batch], or a sequence of maps from class to probability)");
        }
        throw new ModelException(where + ": several outputs may hold the " + what + " " + candidates + "; name the one to use with " + option);
    }

    /** What a scores output holds, or null if it cannot be one. */
    private static ScoreKind scoreKind(ValueInfo info) {
        if (info instanceof TensorInfo t && (t.getShape().length == 1 || t.getShape().length == 2)) {
            if (t.type == OnnxJavaType.FLOAT) {
                return ScoreKind.FLOAT;
            }
            if (t.type == OnnxJavaType.DOUBLE) {
                return ScoreKind.DOUBLE;
            }
        }
        if (info instanceof SequenceInfo s && s.isSequenceOfMaps()) {
            MapInfo m = s.mapInfo;
            boolean keys = m.keyType == OnnxJavaType.INT64 || m.keyType == OnnxJavaType.STRING;
            boolean values = m.valueType == OnnxJavaType.FLOAT || m.valueType == OnnxJavaType.DOUBLE;
            if (keys && values) {
                return ScoreKind.MAPS;
            }
        }
        return null;
    }

    /** What a label output holds, or null if it cannot be one. */
    private static LabelKind labelKind(ValueInfo info) {
        if (info instanceof TensorInfo t && isColumn(t.getShape())) {
            if (t.type == OnnxJavaType.INT64) {
                return LabelKind.INT64;
            }
            if (t.type == OnnxJavaType.STRING) {
                return LabelKind.STRING;
            }
        }
        return null;
    }

    private static boolean isColumn(long[] shape) {
        return shape.length == 1 || (shape.length == 2 && shape[1] == 1);
    }

    private static int columns(ValueInfo info) {
        if (info instanceof TensorInfo t) {
            long[] shape = t.getShape();
            return shape.length == 1 ? 1 : (int) Math.max(-1, shape[1]);
        }
        return -1;
    }

    private static String describe(Map<String, NodeInfo> outputs) {
        List<String> parts = new ArrayList<>();
        for (NodeInfo node : outputs.values()) {
            ValueInfo info = node.getInfo();
            if (info instanceof TensorInfo t) {
                parts.add(node.getName() + " " + t.type.name().toLowerCase(Locale.ROOT) + Arrays.toString(t.getShape()));
            } else if (info instanceof SequenceInfo s && s.isSequenceOfMaps()) {
                parts.add(node.getName() + " sequence of map(" + s.mapInfo.keyType.name().toLowerCase(Locale.ROOT) + " -> "
                        + s.mapInfo.valueType.name().toLowerCase(Locale.ROOT) + ")");
            } else {
                parts.add(node.getName() + " " + info);
            }
        }
        return String.join(", ", parts);
    }
}

package dev.modeldeploy.onnx;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.modeldeploy.api.error.ModelException;
import dev.modeldeploy.api.internal.Required;
import dev.modeldeploy.api.internal.StrictJson;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * A bundle's {@value #FILE_NAME}: how to read the model's outputs and how to run it, read strictly.
 *
 * <pre>{@code
 * {
 *   "version": 1,
 *   "task": "CLASSIFICATION",                 // or "REGRESSION"
 *   "labels": ["stay", "churn"],              // optional: the class labels, in the order of the probabilities
 *   "output": "output_probability",           // the output the scores are read from
 *   "labelOutput": "output_label",            // optional: the output naming the predicted class
 *   "session": {"intraOpThreads": 0, "interOpThreads": 0, "optimizationLevel": "ALL", "executionMode": "SEQUENTIAL"}
 * }
 * }</pre>
 *
 * @param version     the layout version, {@value #CURRENT_VERSION}
 * @param task        what the model predicts
 * @param labels      a classifier's labels; null to use the classes the model names (ZipMap keys) or {@code "0", "1", …}
 * @param output      the scores output
 * @param labelOutput a classifier's label output, or null
 * @param session     how ONNX Runtime runs the model
 */
@JsonPropertyOrder({"version", "task", "labels", "output", "labelOutput", "session"})
@JsonInclude(JsonInclude.Include.NON_NULL)
record OnnxSettings(@Required int version,
                    @Required OnnxModel.Task task,
                    List<String> labels,
                    @Required String output,
                    String labelOutput,
                    @Required OnnxOptions session) {
    static final int CURRENT_VERSION = 1;
    static final String FILE_NAME = "onnx.json";

    OnnxSettings {
        if (version != CURRENT_VERSION) {
            throw new IllegalArgumentException("unsupported version " + version + " (this library reads " + CURRENT_VERSION + ")");
        }
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(session, "session");
        if (labels != null) {
            if (task == OnnxModel.Task.REGRESSION) {
                throw new IllegalArgumentException("a regression has no 'labels'");
            }
            if (labels.size() < 2 || labels.stream().anyMatch(Objects::isNull) || new HashSet<>(labels).size() != labels.size()) {
                throw new IllegalArgumentException("'labels' must be at least two distinct, non-null labels, got " + labels);
            }
            labels = List.copyOf(labels);
        }
        if (labelOutput != null && task == OnnxModel.Task.REGRESSION) {
            throw new IllegalArgumentException("a regression has no 'labelOutput'");
        }
    }

    String toJson() {
        return StrictJson.write(this);
    }

    /** Reads the file's text, naming the model and where the JSON is wrong. */
    static OnnxSettings fromJson(String json, String model) {
        try {
            OnnxSettings settings = StrictJson.MAPPER.readValue(json, OnnxSettings.class);
            if (settings == null) {
                throw new ModelException(FILE_NAME + " of " + model + " is empty");
            }
            return settings;
        } catch (JsonProcessingException e) {
            String at = StrictJson.location(e);
            throw new ModelException(FILE_NAME + " of " + model + (at.isEmpty() ? "" : " at " + at) + ": "
                    + StrictJson.problem(e, "type", List.of()), e);
        }
    }
}

package dev.modeldeploy.onnx.tabular;

import dev.modeldeploy.api.error.ModelException;

/**
 * The pure-Java evaluator cannot run a graph: an operator, attribute or shape it does not support.
 * Loading falls back to ONNX Runtime on it unless the pure-Java engine was demanded.
 */
public final class UnsupportedGraphException extends ModelException {
    private static final long serialVersionUID = 1L;

    /** @param message what is not supported, naming the node */
    public UnsupportedGraphException(String message) {
        super(message);
    }
}

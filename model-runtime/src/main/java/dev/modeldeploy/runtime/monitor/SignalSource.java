package dev.modeldeploy.runtime.monitor;

/** Whether a monitored value is a field of the model's raw input or a part of its prediction. */
public enum SignalSource {
    /** A field of the raw input record. */
    INPUT,
    /** A part of the prediction (the value of a regression, the label or a class probability of a classifier). */
    OUTPUT
}

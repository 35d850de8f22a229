package dev.modeldeploy.runtime.monitor;

/** How a monitored value is summarised: a histogram over fixed bin edges, or category frequencies. */
public enum SignalKind {
    /** A number: binned over fixed edges with an underflow and an overflow bin. */
    NUMERIC,
    /** A label, a string or a boolean: counted per category, with one bin for categories unseen in training. */
    CATEGORICAL
}

package dev.modeldeploy.runtime.monitor;

/** Receives the monitored values of one record or prediction, by signal slot. */
interface ValueSink {
    void number(int slot, double value);

    void category(int slot, String value);

    void missing(int slot);
}

package dev.modeldeploy.runtime.monitor;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * How a {@link DriftMonitor} watches: its windows, thresholds, the fewest live values a figure needs,
 * whether inputs are watched besides outputs, who hears the results, and (for tests and hosts with
 * their own threads) the clock and the executor that evaluates windows. Immutable; build with
 * {@link #builder()}.
 */
public final class DriftConfig {
    private static final DriftConfig DEFAULTS = builder().build();

    private final WindowSpec window;
    private final DriftThresholds thresholds;
    private final long minRecords;
    private final boolean inputs;
    private final int inputEvery;
    private final List<DriftListener> listeners;
    private final Clock clock;
    private final Executor executor;
    private final boolean autoTick;

    private DriftConfig(Builder b) {
        this.window = b.window;
        this.thresholds = b.thresholds;
        this.minRecords = b.minRecords;
        this.inputs = b.inputs;
        this.inputEvery = b.inputEvery;
        this.listeners = b.listeners.isEmpty() ? List.of(LogDriftListener.INSTANCE) : List.copyOf(b.listeners);
        this.clock = b.clock;
        this.executor = b.executor;
        this.autoTick = b.autoTick;
    }

    /** Tumbling windows of 10 000 predictions, default thresholds, inputs and outputs, alerts logged. */
    public static DriftConfig defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.window = window;
        b.thresholds = thresholds;
        b.minRecords = minRecords;
        b.inputs = inputs;
        b.inputEvery = inputEvery;
        b.listeners.addAll(listeners);
        b.clock = clock;
        b.executor = executor;
        b.autoTick = autoTick;
        return b;
    }

    public WindowSpec window() {
        return window;
    }

    public DriftThresholds thresholds() {
        return thresholds;
    }

    /** Live values a signal needs in a window before its figures are computed. */
    public long minRecords() {
        return minRecords;
    }

    /** Whether input fields are watched besides the prediction. */
    public boolean inputs() {
        return inputs;
    }

    /** Input fields are read from one prediction in this many (a power of two; 1: every one). */
    public int inputEvery() {
        return inputEvery;
    }

    /** Who hears reports and alerts (the log, when none was given). */
    public List<DriftListener> listeners() {
        return listeners;
    }

    public Clock clock() {
        return clock;
    }

    /** The executor that evaluates windows, if one was given (else the monitor's own daemon thread). */
    public Optional<Executor> executor() {
        return Optional.ofNullable(executor);
    }

    /** Whether the monitor's own thread closes time windows (else the host calls {@link DriftMonitor#tick()}). */
    public boolean autoTick() {
        return autoTick;
    }

    /** Builds {@link DriftConfig}. Not thread-safe. */
    public static final class Builder {
        private WindowSpec window = WindowSpec.tumblingRecords(10_000);
        private DriftThresholds thresholds = DriftThresholds.defaults();
        private long minRecords = 100;
        private boolean inputs = true;
        private int inputEvery = 1;
        private final List<DriftListener> listeners = new ArrayList<>();
        private Clock clock = Clock.systemUTC();
        private Executor executor;
        private boolean autoTick = true;

        private Builder() {
        }

        public Builder window(WindowSpec window) {
            this.window = Objects.requireNonNull(window, "window");
            return this;
        }

        public Builder thresholds(DriftThresholds thresholds) {
            this.thresholds = Objects.requireNonNull(thresholds, "thresholds");
            return this;
        }

        /** Live values a signal needs in a window before its figures are computed (default 100). */
        public Builder minRecords(long minRecords) {
            if (minRecords < 1) {
                throw new IllegalArgumentException("minRecords must be at least 1");
            }
            this.minRecords = minRecords;
            return this;
        }

        /** Whether to watch input fields too (default true); false watches the prediction only. */
        public Builder inputs(boolean inputs) {
            this.inputs = inputs;
            return this;
        }

        /**
         * Reads input fields from one prediction in {@code every} (a power of two; default 1, every one).
         * Reading a wide record costs a map lookup and a counter increment per field, which for 32
         * fields is several times the cost of watching the prediction; a sample of the traffic is as good
         * a picture of its distribution, given enough of it per window.
         */
        public Builder inputEvery(int every) {
            if (every < 1 || Integer.bitCount(every) != 1) {
                throw new IllegalArgumentException("inputEvery must be a power of two (1, 2, 4, ...), got " + every);
            }
            this.inputEvery = every;
            return this;
        }

        /** Adds a listener; without any, alerts are logged. */
        public Builder listener(DriftListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Evaluates windows on this executor instead of the monitor's own thread ({@code Runnable::run}: on the recording thread). */
        public Builder executor(Executor executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /** Whether the monitor's own thread closes time windows (default true); false leaves it to {@link DriftMonitor#tick()}. */
        public Builder autoTick(boolean autoTick) {
            this.autoTick = autoTick;
            return this;
        }

        public DriftConfig build() {
            return new DriftConfig(this);
        }
    }
}

package dev.modeldeploy.runtime.monitor;

import dev.modeldeploy.api.ModelInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Watches one model version's live inputs and predictions for drift from its training
 * {@link Baseline}: every prediction is counted into the baseline's bins, windows of predictions (by
 * count or by time, tumbling or sliding) are compared with training by PSI, KS (numbers) and χ²
 * (categories), and every {@link DriftListener} hears the {@link DriftReport} and its
 * {@link DriftAlert}s.
 *
 * <p>Recording is the hot path and costs a few lock-free counter increments per value, with no lock
 * and no allocation for map, record and bean inputs and for typed predictions; windows are evaluated
 * off that path, on the monitor's own daemon thread (or the configured executor). Hook it into an
 * online predictor with {@link #predictorListener()}, or into a batch runner with
 * {@code BatchRunner.Builder#monitorDrift}.
 *
 * <pre>{@code
 * DriftMonitor monitor = DriftMonitor.of(model.info(), DriftConfig.builder()
 *         .window(WindowSpec.slidingTime(Duration.ofHours(1), Duration.ofMinutes(10)))
 *         .listener(WebhookDriftListener.to(URI.create("https://hooks.example.com/T0/B0/x")))
 *         .build());
 * OnlinePredictorConfig.builder().listener(monitor.predictorListener()).build();
 * }</pre>
 *
 * <p>A few increments racing with the close of a pane may land in the pane before or after; windows
 * are statistical, and that does not change a figure. Thread-safe.
 */
public final class DriftMonitor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DriftMonitor.class);

    private final String model;
    private final int version;
    private final Baseline baseline;
    private final DriftConfig config;
    private final SignalBaseline[] signals;
    private final int[] offsets;
    private final int counters;
    private final InputReader inputs;
    private final OutputReader outputs;
    private final long paneRecords;
    private final long inputMask;
    private final long paneMillis;
    private final int panesPerWindow;
    private final Executor evaluator;
    private final ScheduledExecutorService thread;
    private final LongAdder unreadable = new LongAdder();
    private final Object lock = new Object();
    private final ArrayDeque<Pane> closed = new ArrayDeque<>(); // guarded by lock
    private long sequence; // guarded by lock
    private volatile Pane current;
    private volatile DriftReport last;

    private DriftMonitor(String model, int version, Baseline baseline, DriftConfig config) {
        this.model = Objects.requireNonNull(model, "model");
        this.version = version;
        this.baseline = Objects.requireNonNull(baseline, "baseline");
        this.config = Objects.requireNonNull(config, "config");
        List<SignalBaseline> watched = new ArrayList<>();
        if (config.inputs()) {
            watched.addAll(baseline.inputs().values());
        }
        int firstOutput = watched.size();
        watched.addAll(baseline.outputs().values());
        this.signals = watched.toArray(new SignalBaseline[0]);
        this.offsets = new int[signals.length];
        int n = 0;
        for (int i = 0; i < signals.length; i++) {
            offsets[i] = n;
            n += signals[i].binCount() + 1; // the last counter of a signal counts missing values
        }
        this.counters = n;
        List<String> inputNames = new ArrayList<>();
        List<SignalKind> inputKinds = new ArrayList<>();
        for (int i = 0; i < firstOutput; i++) {
            inputNames.add(signals[i].name());
            inputKinds.add(signals[i].kind());
        }
        this.inputs = new InputReader(inputNames, inputKinds, 0);
        Map<String, Integer> outputSlots = new LinkedHashMap<>();
        for (int i = firstOutput; i < signals.length; i++) {
            outputSlots.put(signals[i].name(), i);
        }
        this.outputs = new OutputReader(outputSlots);
        WindowSpec w = config.window();
        boolean byRecords = w.basis() == WindowSpec.Basis.RECORDS;
        this.paneRecords = byRecords ? w.step() : Long.MAX_VALUE;
        this.paneMillis = byRecords ? Long.MAX_VALUE : w.step();
        this.panesPerWindow = w.panes();
        this.inputMask = config.inputEvery() - 1;
        boolean ownThread = config.executor().isEmpty() || (!byRecords && config.autoTick());
        this.thread = ownThread ? Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "modeldeploy-drift-" + model);
            t.setDaemon(true);
            return t;
        }) : null;
        this.evaluator = config.executor().orElse(thread);
        this.current = new Pane(config.clock().instant());
        if (!byRecords && config.autoTick()) {
            long every = Math.max(10, Math.min(1_000, paneMillis / 10));
            thread.scheduleWithFixedDelay(this::tickQuietly, every, every, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * A monitor for the model {@code info} describes, against its stored baseline.
     *
     * @throws BaselineException if the model was published without a training sample
     */
    public static DriftMonitor of(ModelInfo info, DriftConfig config) {
        Baseline b = Baseline.of(info).orElseThrow(() -> new BaselineException("model " + info.name() + "/" + info.version()
                + " has no baseline: publish it with PublishOptions.builder().trainingSample(rows) to watch it for drift"));
        return new DriftMonitor(info.name(), info.version(), b, config);
    }

    /** A monitor of model {@code name}, version {@code version}, against {@code baseline}. */
    public static DriftMonitor of(String name, int version, Baseline baseline, DriftConfig config) {
        return new DriftMonitor(name, version, baseline, config);
    }

    public String model() {
        return model;
    }

    public int version() {
        return version;
    }

    public Baseline baseline() {
        return baseline;
    }

    public DriftConfig config() {
        return config;
    }

    // ---- recording: the hot path -------------------------------------------------------------------

    /**
     * Counts one prediction and, unless {@code input} is null, its raw input record (one in
     * {@link DriftConfig#inputEvery()}). Never throws: a value that cannot be read is counted as
     * unreadable and logged once.
     */
    public void record(Object input, Object prediction) {
        Pane p = current;
        long n = p.records.incrementAndGet();
        try {
            if (input != null && (n & inputMask) == 0) {
                inputs.read(input, p);
            }
            outputs.read(prediction, p);
        } catch (RuntimeException e) {
            unreadable(e);
        }
        if (n == paneRecords) {
            rotate(p, config.clock().instant());
        }
    }

    /** Counts a chunk of predictions and, unless {@code inputs} is null, their input records (same order). */
    public void recordAll(List<?> inputs, List<?> predictions) {
        if (inputs != null && inputs.size() != predictions.size()) {
            throw new IllegalArgumentException(inputs.size() + " inputs but " + predictions.size() + " predictions");
        }
        for (int i = 0; i < predictions.size(); i++) {
            record(inputs == null ? null : inputs.get(i), predictions.get(i));
        }
    }

    private void unreadable(RuntimeException e) {
        unreadable.increment();
        if (unreadable.sum() == 1) {
            LOG.warn("drift monitor of {}/{} cannot read a record or prediction (counted, logged once): {}", model, version, e.toString());
        }
    }

    /** Records or predictions that could not be read (their values are not counted). */
    public long unreadable() {
        return unreadable.sum();
    }

    /**
     * An adapter for the online predictor: counts every prediction of this model version with its
     * (enriched) input record; predictions of other versions (after a swap) are ignored.
     */
    public dev.modeldeploy.runtime.online.PredictorListener predictorListener() {
        return new dev.modeldeploy.runtime.online.PredictorListener() {
            @Override
            public void onPrediction(ModelInfo info, Object record, Object prediction) {
                if (info.version() == version && info.name().equals(model)) {
                    record(record, prediction);
                }
            }
        };
    }

    // ---- windows -----------------------------------------------------------------------------------

    /** Closes the time panes whose step has passed by the clock (the monitor's own thread calls this unless told not to). */
    public void tick() {
        if (paneMillis == Long.MAX_VALUE) {
            return;
        }
        Instant now = config.clock().instant();
        for (Pane p = current; !now.isBefore(p.start.plusMillis(paneMillis)); p = current) {
            rotate(p, p.start.plusMillis(paneMillis));
        }
    }

    private void tickQuietly() {
        try {
            tick();
        } catch (RuntimeException e) {
            LOG.warn("drift monitor of {}/{}: closing a window failed", model, version, e);
        }
    }

    private void rotate(Pane full, Instant end) {
        List<Pane> window = null;
        long seq = 0;
        synchronized (lock) {
            if (current != full) {
                return;
            }
            full.end = end;
            current = new Pane(end);
            closed.addLast(full);
            while (closed.size() > panesPerWindow) {
                closed.removeFirst();
            }
            if (closed.size() == panesPerWindow) {
                window = List.copyOf(closed);
                seq = ++sequence;
            }
        }
        if (window != null) {
            List<Pane> panes = window;
            long s = seq;
            try {
                evaluator.execute(() -> publish(evaluate(panes, s)));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                LOG.debug("drift monitor of {}/{} is closed: window #{} not evaluated", model, version, s);
            }
        }
    }

    /**
     * Closes the open pane and evaluates the window of the panes closed since (up to one window),
     * here and now, even if the window is not full: the end of a batch run. Listeners hear the report.
     *
     * @return the report, empty if nothing was recorded since the last window
     */
    public Optional<DriftReport> flush() {
        List<Pane> window;
        long seq;
        synchronized (lock) {
            Pane full = current;
            full.end = config.clock().instant();
            current = new Pane(full.end);
            closed.addLast(full);
            while (closed.size() > panesPerWindow) {
                closed.removeFirst();
            }
            window = List.copyOf(closed);
            closed.clear();
            if (window.stream().allMatch(p -> p.records.get() == 0)) {
                return Optional.empty();
            }
            seq = ++sequence;
        }
        DriftReport report = evaluate(window, seq);
        publish(report);
        return Optional.of(report);
    }

    /** The window as it stands, open pane included, without closing anything or telling listeners (for dashboards). */
    public DriftReport peek() {
        List<Pane> window;
        synchronized (lock) {
            window = new ArrayList<>(closed);
            Pane open = current;
            if (window.size() == panesPerWindow && !window.isEmpty()) {
                window.remove(0);
            }
            window.add(open);
        }
        return evaluate(window, 0);
    }

    /** The last window's report, if one was evaluated. */
    public Optional<DriftReport> lastReport() {
        return Optional.ofNullable(last);
    }

    private DriftReport evaluate(List<Pane> panes, long seq) {
        long[] sum = new long[counters];
        long records = 0;
        for (Pane p : panes) {
            for (int i = 0; i < counters; i++) {
                sum[i] += p.counts.get(i);
            }
            records += p.records.get();
        }
        List<SignalCounts> counts = new ArrayList<>(signals.length);
        List<DriftResult> results = new ArrayList<>();
        for (int s = 0; s < signals.length; s++) {
            int bins = signals[s].binCount();
            SignalCounts c = new SignalCounts(signals[s], Arrays.copyOfRange(sum, offsets[s], offsets[s] + bins),
                    sum[offsets[s] + bins]);
            counts.add(c);
            if (c.count() >= config.minRecords()) {
                results.addAll(DriftStatistics.evaluate(c, config.thresholds()));
            }
        }
        Pane first = panes.get(0);
        Pane lastPane = panes.get(panes.size() - 1);
        Instant end = lastPane.end != null ? lastPane.end : config.clock().instant();
        return new DriftReport(model, version, new Window(seq, first.start, end, records), counts, results);
    }

    private void publish(DriftReport report) {
        last = report;
        for (DriftListener l : config.listeners()) {
            try {
                l.onReport(report);
            } catch (RuntimeException e) {
                LOG.warn("drift listener {} failed on a report", l, e);
            }
        }
        for (DriftAlert alert : report.alerts()) {
            for (DriftListener l : config.listeners()) {
                try {
                    l.onAlert(alert);
                } catch (RuntimeException e) {
                    LOG.warn("drift listener {} failed on an alert", l, e);
                }
            }
        }
    }

    /** Stops the monitor's own thread; windows not yet evaluated are dropped. */
    @Override
    public void close() {
        if (thread != null) {
            thread.shutdownNow();
        }
    }

    @Override
    public String toString() {
        return "DriftMonitor[" + model + "/" + version + ", " + signals.length + " signals, " + config.window() + "]";
    }

    /** The counts of one pane: every signal's bins, then its missing values. */
    private final class Pane implements ValueSink {
        final AtomicLongArray counts = new AtomicLongArray(counters);
        final AtomicLong records = new AtomicLong();
        final Instant start;
        volatile Instant end;

        Pane(Instant start) {
            this.start = start;
        }

        @Override
        public void number(int slot, double value) {
            SignalBaseline s = signals[slot];
            if (s.kind() == SignalKind.NUMERIC) {
                counts.incrementAndGet(offsets[slot] + s.binOf(value));
            } else {
                missing(slot);
            }
        }

        @Override
        public void category(int slot, String value) {
            SignalBaseline s = signals[slot];
            if (s.kind() == SignalKind.CATEGORICAL) {
                counts.incrementAndGet(offsets[slot] + s.binOf(value));
            } else {
                missing(slot);
            }
        }

        @Override
        public void missing(int slot) {
            counts.incrementAndGet(offsets[slot] + signals[slot].binCount());
        }
    }
}

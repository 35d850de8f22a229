package dev.modeldeploy.examples.eta;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modeldeploy.api.ModelInfo;
import dev.modeldeploy.runtime.experiment.AssignmentJoin;
import dev.modeldeploy.runtime.experiment.ExperimentAnalysis;
import dev.modeldeploy.runtime.experiment.ExperimentException;
import dev.modeldeploy.runtime.experiment.ExperimentResult;
import dev.modeldeploy.runtime.experiment.MetricKind;
import dev.modeldeploy.runtime.monitor.Baseline;
import dev.modeldeploy.runtime.monitor.DriftConfig;
import dev.modeldeploy.runtime.monitor.DriftHistory;
import dev.modeldeploy.runtime.monitor.DriftMeters;
import dev.modeldeploy.runtime.monitor.DriftMonitor;
import dev.modeldeploy.runtime.monitor.LogDriftListener;
import dev.modeldeploy.runtime.monitor.WindowSpec;
import dev.modeldeploy.runtime.online.PredictorListener;
import dev.modeldeploy.runtime.report.MonitoringReport;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the ETA service watches and reports: a {@link DriftMonitor} per served variant (its model version's
 * live inputs and ETAs against the training baseline published with it, in tumbling windows of a count of
 * predictions) with a {@link DriftHistory} of its last windows, the outcomes clients post per customer, and the
 * {@link MonitoringReport} that {@code GET /admin/report} renders from all of it.
 *
 * <p>Outcomes are appended to {@code outcomes.jsonl} next to the assignment log; the canary experiment's
 * analysis joins the two files ({@link AssignmentJoin}, reading each up to its last complete line: each
 * customer counted once, in the arm of their first assignment) on every report. Rereading both files per report suits a demo; a busy service would keep
 * assignments in a table ({@code JdbcAssignmentSink}) and analyse them with {@code OutcomeQuery}.
 *
 * <p>Thread-safe.
 */
final class EtaMonitoring implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EtaMonitoring.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Window reports kept per variant for the drift-over-time charts. */
    private static final int HISTORY = 48;

    /** A variant's monitor and the history of its windows. */
    private record Watch(DriftMonitor monitor, DriftHistory history) {
    }

    private final Path assignmentLog;
    private final Path outcomes;
    private final int window;
    private final MeterRegistry registry;
    private final Map<String, Watch> watches = new ConcurrentHashMap<>();
    private final BufferedWriter outcomeWriter; // guarded by itself

    /**
     * @param dir           the service's folder (outcomes.jsonl goes there)
     * @param assignmentLog the deployment's JSON Lines assignment log
     * @param window        predictions per drift window
     * @param registry      where drift figures are published as gauges
     */
    EtaMonitoring(Path dir, Path assignmentLog, int window, MeterRegistry registry) throws IOException {
        if (window < 1) {
            throw new IllegalArgumentException("a drift window holds at least one prediction, got " + window);
        }
        this.assignmentLog = assignmentLog;
        this.outcomes = dir.resolve("outcomes.jsonl");
        this.window = window;
        this.registry = registry;
        this.outcomeWriter = Files.newBufferedWriter(outcomes, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    /**
     * Starts watching {@code variant}, served by {@code model}: the listener to give its predictor. A model
     * published without a training sample has no baseline and is not watched (a store made by an older
     * version of this example): the listener then does nothing and the report shows no histograms.
     */
    PredictorListener watch(String variant, ModelInfo model) {
        if (Baseline.of(model).isEmpty()) {
            LOG.warn("model {}/{} has no baseline (published without a training sample): variant {} is not watched for drift",
                    model.name(), model.version(), variant);
            return PredictorListener.none();
        }
        DriftHistory history = DriftHistory.lastWindows(HISTORY);
        DriftMonitor monitor = DriftMonitor.of(model, DriftConfig.builder()
                .window(WindowSpec.tumblingRecords(window))
                .listener(history)
                .listener(DriftMeters.of(registry))
                .listener(LogDriftListener.INSTANCE)
                .build());
        Watch previous = watches.put(variant, new Watch(monitor, history));
        if (previous != null) {
            previous.monitor().close();
        }
        return monitor.predictorListener();
    }

    /** The monitor of {@code variant}, if it is watched. */
    Optional<DriftMonitor> monitor(String variant) {
        return Optional.ofNullable(watches.get(variant)).map(Watch::monitor);
    }

    /** Appends one customer's outcome (a later one replaces an earlier one in the analysis). */
    void outcome(String unit, double value) throws IOException {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("unit", unit);
        line.put("value", value);
        String text = JSON.writeValueAsString(line) + "\n";
        synchronized (outcomeWriter) {
            outcomeWriter.write(text);
            outcomeWriter.flush();
        }
    }

    /**
     * The report of {@code variant}, served by {@code model}: the histograms of its monitor's current window
     * (open pane included), its last windows' drift figures, and the analysis of {@code experiment} against
     * {@code control} when that arm has outcomes.
     */
    MonitoringReport report(String title, ModelInfo model, String variant, String experiment, String control)
            throws IOException {
        MonitoringReport.Builder report = MonitoringReport.builder(title).model(model.name(), model.version());
        Watch watch = watches.get(variant);
        if (watch != null) {
            report.window(watch.monitor().peek()).history(watch.history().reports());
        }
        analysis(experiment, control).ifPresent(result -> report.experiment(experiment, result));
        return report.build();
    }

    /**
     * The experiment's analysis: customers' outcomes (lower is better: minutes off the promised ETA) by the arm
     * of their first assignment; empty while the control arm has none.
     */
    private Optional<ExperimentResult> analysis(String experiment, String control) throws IOException {
        if (!Files.exists(assignmentLog)) {
            return Optional.empty();
        }
        try {
            ExperimentAnalysis analysis = ExperimentAnalysis.builder(MetricKind.MEAN, control).lowerIsBetter().build();
            // Both files are appended to while we read them.
            AssignmentJoin.JoinCounts counts = AssignmentJoin.builder(assignmentLog, outcomes).experiment(experiment).growing()
                    .build().into(analysis);
            if (counts.added() == 0) {
                return Optional.empty();
            }
            return Optional.of(analysis.result());
        } catch (ExperimentException e) {
            // the control arm has no outcomes yet (only the candidate's customers reported)
            LOG.debug("experiment {} not analysed: {}", experiment, e.getMessage());
            return Optional.empty();
        }
    }

    /** Stops the monitors' threads and closes the outcomes file. */
    @Override
    public void close() {
        watches.values().forEach(w -> w.monitor().close());
        synchronized (outcomeWriter) {
            try {
                outcomeWriter.close();
            } catch (IOException e) {
                LOG.warn("closing {} failed", outcomes, e);
            }
        }
    }
}

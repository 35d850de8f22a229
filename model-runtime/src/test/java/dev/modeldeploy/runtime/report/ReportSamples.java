package dev.modeldeploy.runtime.report;

import dev.modeldeploy.api.ModelInfo;
import dev.modeldeploy.api.schema.Field;
import dev.modeldeploy.api.schema.FieldType;
import dev.modeldeploy.api.schema.Schema;
import dev.modeldeploy.api.testing.WeightedSumFormat;
import dev.modeldeploy.api.testing.WeightedSumModel;
import dev.modeldeploy.runtime.experiment.ExperimentAnalysis;
import dev.modeldeploy.runtime.experiment.ExperimentResult;
import dev.modeldeploy.runtime.experiment.MetricKind;
import dev.modeldeploy.runtime.monitor.Baseline;
import dev.modeldeploy.runtime.monitor.DriftConfig;
import dev.modeldeploy.runtime.monitor.DriftHistory;
import dev.modeldeploy.runtime.monitor.DriftMonitor;
import dev.modeldeploy.runtime.monitor.DriftReport;
import dev.modeldeploy.runtime.monitor.HistogramBaselineComputer;
import dev.modeldeploy.runtime.monitor.ManualClock;
import dev.modeldeploy.runtime.monitor.WindowSpec;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Real monitoring data for the report's tests: an ETA model ({@code 2·distance + 0.5·load + 1}, with a
 * categorical {@code region} input), its baseline from a training sample, a drift monitor fed six hourly
 * windows whose inputs shift from the fourth on, and two experiments analysed from simulated outcomes.
 */
public final class ReportSamples {
    /** Records per window. */
    static final int WINDOW = 600;
    /** Windows fed. */
    static final int WINDOWS = 6;
    private static final List<String> REGIONS = List.of("north", "south", "east", "west");

    private final DriftHistory history = DriftHistory.lastWindows(WINDOWS);
    private final Baseline baseline;

    private ReportSamples(long seed) {
        Random random = new Random(seed);
        WeightedSumModel model = model();
        baseline = HistogramBaselineComputer.baseline(model, rows(5000, 0, 0.1, random));
        ManualClock clock = new ManualClock();
        try (DriftMonitor monitor = DriftMonitor.of("eta", 3, baseline, DriftConfig.builder().executor(Runnable::run)
                .clock(clock).listener(history).window(WindowSpec.tumblingRecords(WINDOW)).build())) {
            for (int w = 0; w < WINDOWS; w++) {
                clock.advance(Duration.ofHours(1));
                // Calm for three hours, then longer trips and more traffic from the west.
                double shift = w < 3 ? 0 : 0.4 * (w - 2);
                for (Map<String, Object> r : rows(WINDOW, shift, w < 3 ? 0.1 : 0.35, random)) {
                    monitor.record(r, model.predictRecord(r));
                }
            }
        }
    }

    /** The samples for a fixed seed (the same data every run). */
    public static ReportSamples create() {
        return new ReportSamples(20261122L);
    }

    static WeightedSumModel model() {
        ModelInfo info = ModelInfo.builder("eta", WeightedSumFormat.NAME)
                .inputSchema(new Schema(List.of(Field.required("distance", FieldType.DOUBLE),
                        Field.required("load", FieldType.DOUBLE), Field.required("region", FieldType.STRING))))
                .outputSchema(Schema.of(Field.required("score", FieldType.DOUBLE))).build();
        // The weighted sum reads the numbers only; region is monitored as a category.
        return new WeightedSumModel(info, List.of("distance", "load"), new float[]{2f, 0.5f}, 1f, null);
    }

    private static List<Map<String, Object>> rows(int n, double shift, double west, Random random) {
        List<Map<String, Object>> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Map<String, Object> r = new HashMap<>();
            r.put("distance", 10 + 3 * (random.nextGaussian() + shift));
            r.put("load", 0.5 + 0.1 * random.nextGaussian());
            r.put("region", random.nextDouble() < west ? "west" : REGIONS.get(random.nextInt(3)));
            out.add(r);
        }
        return out;
    }

    public Baseline baseline() {
        return baseline;
    }

    /** The six window reports, oldest first. */
    public List<DriftReport> windows() {
        return history.reports();
    }

    public DriftReport lastWindow() {
        List<DriftReport> all = windows();
        return all.get(all.size() - 1);
    }

    /** A conversion experiment with a control, a better arm and an arm too small to decide. */
    public static ExperimentResult conversionExperiment() {
        Random random = new Random(5);
        ExperimentAnalysis a = ExperimentAnalysis.conversion("v2");
        for (int i = 0; i < 4000; i++) {
            a.add("v2", random.nextDouble() < 0.10 ? 1 : 0);
            a.add("v3", random.nextDouble() < 0.13 ? 1 : 0);
        }
        for (int i = 0; i < 40; i++) {
            a.add("v3-small", random.nextDouble() < 0.12 ? 1 : 0);
        }
        return a.result();
    }

    /** A mean experiment (minutes of error) where one arm has a single outcome: its interval is unknown. */
    public static ExperimentResult meanExperiment() {
        Random random = new Random(6);
        ExperimentAnalysis a = ExperimentAnalysis.builder(MetricKind.MEAN, "control").lowerIsBetter().build();
        for (int i = 0; i < 500; i++) {
            a.add("control", 6 + 2 * random.nextGaussian());
            a.add("candidate", 5.8 + 2 * random.nextGaussian());
        }
        a.add("lonely", 4.0);
        return a.result();
    }

    /** The full report: the last window's histograms, all windows over time, both experiments. */
    public MonitoringReport report() {
        return MonitoringReport.builder("ETA model monitoring")
                .window(lastWindow())
                .history(windows())
                .experiment("eta-v3-vs-v2 (conversion)", conversionExperiment())
                .experiment("eta-error-minutes", meanExperiment())
                .clock(Clock.fixed(Instant.parse("2026-11-22T07:00:00Z"), ZoneOffset.UTC))
                .build();
    }
}

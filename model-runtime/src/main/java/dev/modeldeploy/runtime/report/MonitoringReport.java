package dev.modeldeploy.runtime.report;

import dev.modeldeploy.runtime.experiment.ExperimentResult;
import dev.modeldeploy.runtime.monitor.DriftReport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What one monitoring report shows: for a model and a window, training vs live histograms per input
 * field and prediction part, drift figures over time, and experiments' per-arm results. Rendered by
 * {@link #toHtml()} as one self-contained HTML page. Immutable; build with {@link #builder(String)}.
 *
 * <pre>{@code
 * String html = MonitoringReport.builder("ETA model")
 *         .model("eta", 3)
 *         .window(monitor.peek())
 *         .history(driftHistory.reports())
 *         .experiment("eta-v3-vs-v2", analysis.analyze())
 *         .build().toHtml();
 * }</pre>
 *
 * @param title       the page's title
 * @param model       the model's name, null when the report is about an experiment only
 * @param version     the model's version, 0 when not known
 * @param window      what the histograms cover ("window 12: 10:00–11:00 UTC, 5 000 predictions"), null when none
 * @param generatedAt when the report was made
 * @param histograms  training vs live counts, inputs first, then outputs
 * @param history     drift figures over time, in time order
 * @param experiments the experiments, in the order added
 */
public record MonitoringReport(String title, String model, int version, String window, Instant generatedAt,
                               List<Histogram> histograms, List<DriftPoint> history, List<Experiment> experiments) {
    public MonitoringReport {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(generatedAt, "generatedAt");
        histograms = List.copyOf(histograms);
        history = List.copyOf(history);
        experiments = List.copyOf(experiments);
    }

    /**
     * One experiment's analysis, under a name.
     *
     * @param name   the experiment's name
     * @param result its analysis
     */
    public record Experiment(String name, ExperimentResult result) {
        public Experiment {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(result, "result");
        }
    }

    /** A report titled {@code title}. */
    public static Builder builder(String title) {
        return new Builder(title);
    }

    /** The report as one self-contained HTML page (UTF-8, no external resources). */
    public String toHtml() {
        return HtmlReport.render(this);
    }

    /** Writes {@link #toHtml()} to {@code file}, replacing it. */
    public void writeTo(Path file) throws IOException {
        Files.writeString(file, toHtml(), StandardCharsets.UTF_8);
    }

    /** Builds a {@link MonitoringReport}. Not thread-safe. */
    public static final class Builder {
        private static final java.time.format.DateTimeFormatter WINDOW_TIME = java.time.format.DateTimeFormatter
                .ofPattern("yyyy-MM-dd HH:mm:ss", java.util.Locale.ROOT).withZone(java.time.ZoneOffset.UTC);
        private final String title;
        private String model;
        private int version;
        private String window;
        private Clock clock = Clock.systemUTC();
        private final List<Histogram> histograms = new ArrayList<>();
        private final List<DriftPoint> history = new ArrayList<>();
        private final List<Experiment> experiments = new ArrayList<>();

        private Builder(String title) {
            this.title = Objects.requireNonNull(title, "title");
        }

        /** The model the report is about. */
        public Builder model(String name, int version) {
            this.model = Objects.requireNonNull(name, "name");
            this.version = version;
            return this;
        }

        /** Describes the window the histograms cover, in words. */
        public Builder window(String description) {
            this.window = Objects.requireNonNull(description, "description");
            return this;
        }

        /**
         * The histograms of a monitor's window (its model, version and window description too, unless
         * set already), and its drift figures, which the histograms show as the latest ones.
         */
        public Builder window(DriftReport report) {
            if (model == null) {
                model(report.model(), report.version());
            }
            if (window == null) {
                var w = report.window();
                window = (w.sequence() > 0 ? "window " + w.sequence() + ": " : "open window: ") + WINDOW_TIME.format(w.start())
                        + " to " + WINDOW_TIME.format(w.end()) + " UTC, " + w.records() + " predictions";
            }
            report.signals().forEach(c -> histograms.add(Histogram.of(c)));
            // The same window may come again through history(...): build() keeps each point once.
            history.addAll(DriftPoint.of(report));
            return this;
        }

        /** Adds one histogram. */
        public Builder histogram(Histogram histogram) {
            histograms.add(Objects.requireNonNull(histogram, "histogram"));
            return this;
        }

        /** Adds every figure of these window reports to the drift-over-time charts. */
        public Builder history(List<DriftReport> reports) {
            reports.forEach(r -> history.addAll(DriftPoint.of(r)));
            return this;
        }

        /** Adds one point to the drift-over-time charts. */
        public Builder point(DriftPoint point) {
            history.add(Objects.requireNonNull(point, "point"));
            return this;
        }

        /** Adds an experiment's analysis. */
        public Builder experiment(String name, ExperimentResult result) {
            experiments.add(new Experiment(name, result));
            return this;
        }

        /** The clock that stamps the report (default UTC system clock). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public MonitoringReport build() {
            List<DriftPoint> ordered = new ArrayList<>(new java.util.LinkedHashSet<>(history));
            ordered.sort(java.util.Comparator.comparing(DriftPoint::at));
            return new MonitoringReport(title, model, version, window, clock.instant(), histograms, ordered, experiments);
        }
    }
}

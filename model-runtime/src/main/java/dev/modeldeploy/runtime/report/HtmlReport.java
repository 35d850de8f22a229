package dev.modeldeploy.runtime.report;

import dev.modeldeploy.runtime.experiment.ArmResult;
import dev.modeldeploy.runtime.experiment.Comparison;
import dev.modeldeploy.runtime.experiment.ExperimentResult;
import dev.modeldeploy.runtime.experiment.Interval;
import dev.modeldeploy.runtime.experiment.MetricKind;
import dev.modeldeploy.runtime.monitor.DriftMetric;
import dev.modeldeploy.runtime.monitor.SignalSource;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleFunction;
import java.util.stream.Collectors;

/**
 * Renders a {@link MonitoringReport} as one self-contained HTML page: an inline style sheet, inline SVG
 * charts, no scripts and nothing to fetch. The markup is also well-formed XML (every element closed, no named
 * entities), so that tests and tools can parse it with an XML parser.
 */
final class HtmlReport {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private HtmlReport() {
    }

    /** One signal, as histograms and drift points name it. */
    private record Signal(SignalSource source, String name) {
        String describe() {
            return (source == SignalSource.OUTPUT ? "output " : "input ") + name;
        }
    }

    static String render(MonitoringReport r) {
        StringBuilder b = new StringBuilder(64 * 1024);
        String title = Html.escape(r.title());
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/>")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>")
                // An empty inline icon, so that a browser showing a served report does not ask for /favicon.ico.
                .append("<link rel=\"icon\" href=\"data:,\"/><title>").append(title)
                .append("</title><style>\n").append(ReportStyle.CSS).append("</style></head>\n<body>\n");
        Map<Signal, Map<DriftMetric, DriftPoint>> latest = latest(r.history());
        header(b, r, latest);
        boolean empty = r.histograms().isEmpty() && r.history().isEmpty() && r.experiments().isEmpty();
        if (empty) {
            b.append("<p class=\"empty-note\">No data: this report has no histograms, drift figures or experiments.</p>\n");
        }
        histograms(b, r.histograms(), latest);
        history(b, r.history());
        experiments(b, r.experiments());
        b.append("<footer>Made by modeldeploy on ").append(TIME.format(r.generatedAt()))
                .append(". Shares are each bin&#39;s part of its own total (training or live).</footer>\n</body></html>\n");
        return b.toString();
    }

    /** The latest point per signal and metric. */
    private static Map<Signal, Map<DriftMetric, DriftPoint>> latest(List<DriftPoint> history) {
        Map<Signal, Map<DriftMetric, DriftPoint>> out = new LinkedHashMap<>();
        for (DriftPoint p : history) { // in time order: later points replace earlier ones
            out.computeIfAbsent(new Signal(p.source(), p.signal()), s -> new LinkedHashMap<>()).put(p.metric(), p);
        }
        return out;
    }

    private static boolean drifted(Map<DriftMetric, DriftPoint> figures) {
        return figures != null && figures.values().stream().anyMatch(DriftPoint::drifted);
    }

    private static void header(StringBuilder b, MonitoringReport r, Map<Signal, Map<DriftMetric, DriftPoint>> latest) {
        b.append("<header class=\"report-header\"><h1>").append(Html.escape(r.title())).append("</h1>\n<dl class=\"facts\">");
        if (r.model() != null) {
            b.append("<dt>Model</dt><dd class=\"model\">").append(Html.escape(r.model())).append(", version ")
                    .append(r.version() > 0 ? String.valueOf(r.version()) : "unknown").append("</dd>");
        }
        if (r.window() != null) {
            b.append("<dt>Window</dt><dd class=\"window\">").append(Html.escape(r.window())).append("</dd>");
        }
        b.append("<dt>Generated</dt><dd class=\"generated\">").append(TIME.format(r.generatedAt())).append("</dd></dl>\n");
        Set<Signal> signals = new LinkedHashSet<>();
        r.histograms().forEach(h -> signals.add(new Signal(h.source(), h.signal())));
        signals.addAll(latest.keySet());
        List<String> drifted = signals.stream().filter(s -> drifted(latest.get(s)))
                .sorted(java.util.Comparator.comparing(s -> s.source() == SignalSource.OUTPUT ? 0 : 1))
                .map(Signal::describe).toList();
        if (!latest.isEmpty()) {
            b.append("<p class=\"summary").append(drifted.isEmpty() ? "" : " drifted").append("\" data-drifted=\"")
                    .append(drifted.size()).append("\" data-signals=\"").append(signals.size()).append("\">")
                    .append(drifted.size()).append(" of ").append(signals.size())
                    .append(signals.size() == 1 ? " signal" : " signals").append(" drifted in the latest figures")
                    .append(drifted.isEmpty() ? "." : ": " + Html.escape(String.join(", ", drifted)) + ".").append("</p>\n");
        }
        b.append("</header>\n");
    }

    private static void histograms(StringBuilder b, List<Histogram> histograms,
                                   Map<Signal, Map<DriftMetric, DriftPoint>> latest) {
        if (histograms.isEmpty()) {
            return;
        }
        b.append("<section id=\"histograms\" class=\"histograms\"><h2>Training vs live distributions</h2>\n");
        for (SignalSource source : new SignalSource[]{SignalSource.OUTPUT, SignalSource.INPUT}) {
            List<Histogram> group = histograms.stream().filter(h -> h.source() == source).toList();
            if (group.isEmpty()) {
                continue;
            }
            b.append("<h3>").append(source == SignalSource.OUTPUT ? "Outputs (predictions)" : "Inputs (features)")
                    .append("</h3>\n<div class=\"charts\">\n");
            for (Histogram h : group) {
                Map<DriftMetric, DriftPoint> figures = latest.get(new Signal(h.source(), h.signal()));
                boolean drifted = drifted(figures);
                b.append("<figure class=\"signal").append(drifted ? " drifted" : "").append("\" data-signal=\"")
                        .append(Html.escape(h.signal())).append("\"><figcaption><span class=\"name\">")
                        .append(Html.escape(h.signal())).append("</span>");
                if (figures != null) {
                    b.append(drifted ? "<span class=\"badge drifted\">drifted</span>" : "<span class=\"badge stable\">stable</span>");
                    b.append("<span class=\"figures\">").append(figures.values().stream()
                            .map(p -> DriftTimeline.metricName(p.metric()) + " " + (p.metric() == DriftMetric.PSI
                                    ? Html.number(p.value()) : Html.pValue(p.value())) + (p.drifted() ? " (drifted)" : ""))
                            .map(Html::escape).collect(Collectors.joining(" \u00b7 "))).append("</span>");
                }
                b.append("</figcaption>\n").append(HistogramChart.render(h, drifted)).append("</figure>\n");
            }
            b.append("</div>\n");
        }
        b.append("</section>\n");
    }

    private static void history(StringBuilder b, List<DriftPoint> history) {
        if (history.isEmpty()) {
            return;
        }
        Map<Signal, Map<DriftMetric, List<DriftPoint>>> series = new LinkedHashMap<>();
        for (DriftPoint p : history) {
            series.computeIfAbsent(new Signal(p.source(), p.signal()), s -> new LinkedHashMap<>())
                    .computeIfAbsent(p.metric(), m -> new ArrayList<>()).add(p);
        }
        b.append("<section id=\"drift\" class=\"drift\"><h2>Drift over time</h2>\n")
                .append("<p class=\"empty-note\">Dashed line: the threshold; red points passed it.</p>\n");
        List<Signal> order = new ArrayList<>(series.keySet());
        order.sort((x, y) -> x.source() == y.source() ? 0 : x.source() == SignalSource.OUTPUT ? -1 : 1);
        for (Signal s : order) {
            b.append("<div class=\"signal-history\" data-signal=\"").append(Html.escape(s.name())).append("\"><h3>")
                    .append(Html.escape(s.describe())).append("</h3>\n<div class=\"charts\">\n");
            for (List<DriftPoint> points : series.get(s).values()) {
                b.append(DriftTimeline.render(points)).append('\n');
            }
            b.append("</div></div>\n");
        }
        b.append("</section>\n");
    }

    private static void experiments(StringBuilder b, List<MonitoringReport.Experiment> experiments) {
        if (experiments.isEmpty()) {
            return;
        }
        b.append("<section id=\"experiments\" class=\"experiments\"><h2>Experiments</h2>\n");
        for (MonitoringReport.Experiment e : experiments) {
            ExperimentResult r = e.result();
            boolean rate = r.metric() == MetricKind.CONVERSION;
            b.append("<article class=\"experiment\" data-experiment=\"").append(Html.escape(e.name())).append("\"><h3>")
                    .append(Html.escape(e.name())).append("</h3>\n<p>")
                    .append(rate ? "Conversion rate" : "Mean outcome").append(" per arm against the control arm <b>")
                    .append(Html.escape(r.control())).append("</b>, ").append(Html.percent(r.level()))
                    .append(" confidence intervals.</p>\n");
            if (r.arms().isEmpty()) {
                b.append("<p class=\"empty-note\">No data: no arm has outcomes yet.</p>\n</article>\n");
                continue;
            }
            b.append(IntervalChart.render(e.name(), r)).append('\n');
            table(b, r, rate);
            String verdict = r.verdict();
            if (!verdict.isBlank()) {
                b.append("<pre class=\"verdict\">").append(Html.escape(verdict)).append("</pre>\n");
            }
            List<String> warnings = r.comparisons().stream().flatMap(c -> c.warnings().stream().map(w -> c.arm() + ": " + w)).toList();
            if (!warnings.isEmpty()) {
                b.append("<ul class=\"warnings\">");
                warnings.forEach(w -> b.append("<li>").append(Html.escape(w)).append("</li>"));
                b.append("</ul>\n");
            }
            b.append("</article>\n");
        }
        b.append("</section>\n");
    }

    private static void table(StringBuilder b, ExperimentResult r, boolean rate) {
        b.append("<table class=\"arms\"><thead><tr><th>Arm</th><th>n</th><th>").append(rate ? "Rate" : "Mean")
                .append("</th><th>Interval</th><th>Difference vs control</th><th>p-value</th><th>Adjusted p</th>")
                .append("<th>Decision</th></tr></thead><tbody>\n");
        for (ArmResult a : r.arms()) {
            b.append("<tr data-arm=\"").append(Html.escape(a.arm())).append("\"><td>").append(Html.escape(a.arm()))
                    .append("</td><td>").append(a.count()).append("</td><td>").append(value(a.mean(), rate)).append("</td><td>")
                    .append(interval(a.interval(), v -> value(v, rate))).append("</td>");
            Comparison c = r.comparison(a.arm()).orElse(null);
            if (a.arm().equals(r.control())) {
                b.append("<td>control</td><td>").append(Html.MISSING).append("</td><td>").append(Html.MISSING)
                        .append("</td><td>").append(Html.MISSING).append("</td>");
            } else if (c == null) {
                b.append("<td>").append(Html.MISSING).append("</td><td>").append(Html.MISSING).append("</td><td>")
                        .append(Html.MISSING).append("</td><td>").append(Html.MISSING).append("</td>");
            } else {
                b.append("<td>").append(signed(c.difference(), rate)).append(' ').append(interval(c.differenceInterval(), v -> difference(v, rate)))
                        .append("</td><td>").append(Html.escape(Html.pValue(c.pValue()))).append("</td><td>")
                        .append(Html.escape(Html.pValue(c.adjustedPValue()))).append("</td><td class=\"decision-")
                        .append(c.decision().name()).append("\">").append(decision(c)).append("</td>");
            }
            b.append("</tr>\n");
        }
        b.append("</tbody></table>\n");
    }

    private static String decision(Comparison c) {
        return switch (c.decision()) {
            case BETTER -> "better";
            case WORSE -> "worse";
            case NO_SIGNIFICANT_DIFFERENCE -> "no significant difference";
            case TOO_SMALL_TO_DECIDE -> "too small to decide";
        };
    }

    private static String value(double v, boolean rate) {
        return rate ? Html.percent(v) : Html.number(v);
    }

    private static String signed(double v, boolean rate) {
        return Double.isFinite(v) && v > 0 ? "+" + difference(v, rate) : difference(v, rate);
    }

    /** A difference of rates reads best in percentage points. */
    private static String difference(double v, boolean rate) {
        return rate && Double.isFinite(v) ? Html.number(v * 100) + " pt" : Html.number(v);
    }

    private static String interval(Interval i, DoubleFunction<String> format) {
        if (i == null || !Double.isFinite(i.lower()) || !Double.isFinite(i.upper())) {
            return "[" + Html.MISSING + "]";
        }
        return "[" + format.apply(i.lower()) + ", " + format.apply(i.upper()) + "]";
    }
}

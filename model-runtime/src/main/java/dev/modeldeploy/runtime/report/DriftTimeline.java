package dev.modeldeploy.runtime.report;

import dev.modeldeploy.runtime.monitor.DriftMetric;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * Draws one signal's figures of one metric over time: the values as a line (broken where a figure is NaN),
 * the threshold as a dashed line when known, and the points that passed it in the alarm colour. P-values are
 * drawn on 0..1, PSI on 0 up to its largest value or threshold.
 */
final class DriftTimeline {
    static final int WIDTH = 320;
    static final int HEIGHT = 190;
    private static final int LEFT = 48;
    private static final int RIGHT = 14;
    private static final int TOP = 14;
    private static final int BOTTOM = 150;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

    private DriftTimeline() {
    }

    /** @param points one signal's points of one metric, in time order (not empty) */
    static String render(List<DriftPoint> points) {
        DriftPoint first = points.get(0);
        DriftMetric metric = first.metric();
        boolean pValue = metric != DriftMetric.PSI;
        double threshold = points.get(points.size() - 1).threshold();
        Axis y;
        if (pValue) {
            y = Axis.fixed(0, 1, 0.25, BOTTOM, TOP);
        } else {
            double top = Double.isFinite(threshold) ? threshold : 0.1;
            for (DriftPoint p : points) {
                if (Double.isFinite(p.value())) {
                    top = Math.max(top, p.value());
                }
            }
            y = Axis.covering(0, top, 4, BOTTOM, TOP);
        }
        int n = points.size();
        double[] xs = new double[n];
        double[] ys = new double[n];
        for (int i = 0; i < n; i++) {
            xs[i] = n == 1 ? (LEFT + WIDTH - RIGHT) / 2.0 : LEFT + 8 + i * (WIDTH - RIGHT - LEFT - 16.0) / (n - 1);
            double v = points.get(i).value();
            ys[i] = Double.isFinite(v) ? y.at(Math.max(y.min, Math.min(y.max, v))) : Double.NaN;
        }
        long drifted = points.stream().filter(DriftPoint::drifted).count();
        String what = metricName(metric) + " of " + first.signal() + " over " + n + (n == 1 ? " window" : " windows")
                + (drifted > 0 ? ", drifted in " + drifted : "");
        Svg svg = new Svg("chart drift", WIDTH, HEIGHT, what, " data-signal=\"" + Html.escape(first.signal()) + "\" data-metric=\""
                + metric.name() + "\" data-points=\"" + n + '"');
        for (double t : y.ticks()) {
            svg.line("grid", LEFT, y.at(t), WIDTH - RIGHT, y.at(t));
            svg.text("tick", LEFT - 4, y.at(t) + 4, "end", 0, Html.number(t));
        }
        svg.line("axis", LEFT, BOTTOM, WIDTH - RIGHT, BOTTOM);
        if (Double.isFinite(threshold) && threshold >= y.min && threshold <= y.max) {
            svg.line("threshold", LEFT, y.at(threshold), WIDTH - RIGHT, y.at(threshold));
            // Above the line unless that would leave the plot (a PSI threshold at the top of its axis).
            double labelY = y.at(threshold) - 4 < TOP + 8 ? y.at(threshold) + 12 : y.at(threshold) - 4;
            svg.text("threshold-label", WIDTH - RIGHT, labelY, "end", 0, "threshold " + Html.number(threshold));
        }
        // One polyline per run of finite values: a NaN figure breaks the line rather than pretending a value.
        int run = -1;
        for (int i = 0; i <= n; i++) {
            boolean finite = i < n && Double.isFinite(ys[i]);
            if (finite && run < 0) {
                run = i;
            } else if (!finite && run >= 0) {
                if (i - run >= 2) {
                    svg.polyline("series", xs, ys, run, i);
                }
                run = -1;
            }
        }
        int finiteCount = 0;
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(ys[i])) {
                continue;
            }
            finiteCount++;
            DriftPoint p = points.get(i);
            String tip = p.label() + " (" + TIME.format(p.at()) + " UTC): " + metricName(metric) + " " + Html.number(p.value())
                    + (Double.isFinite(p.threshold()) ? ", threshold " + Html.number(p.threshold()) : "")
                    + (p.drifted() ? ", drifted" : "");
            svg.circle(p.drifted() ? "point drifted" : "point", xs[i], ys[i], p.drifted() ? 4.5 : 3,
                    " data-value=\"" + p.value() + '"', tip);
        }
        if (finiteCount == 0) {
            svg.text("empty", (LEFT + WIDTH - RIGHT) / 2.0, (TOP + BOTTOM) / 2.0, "middle", 0, "no finite values");
        }
        svg.text("tick", xs[0], BOTTOM + 14, n == 1 ? "middle" : "start", 0, TIME.format(first.at()));
        if (n > 1) {
            svg.text("tick", xs[n - 1], BOTTOM + 14, "end", 0, TIME.format(points.get(n - 1).at()));
        }
        svg.text("axis-title", (LEFT + WIDTH - RIGHT) / 2.0, BOTTOM + 32, "middle", 0, "window end (UTC)");
        svg.text("axis-title", 12, (TOP + BOTTOM) / 2.0, "middle", -90, metricName(metric));
        return svg.end();
    }

    static String metricName(DriftMetric metric) {
        return switch (metric) {
            case PSI -> "PSI";
            case KS -> "KS p-value";
            case CHI_SQUARED -> "\u03c7\u00b2 p-value";
        };
    }
}

package dev.modeldeploy.runtime.report;

import dev.modeldeploy.runtime.experiment.ArmResult;
import dev.modeldeploy.runtime.experiment.ExperimentResult;
import dev.modeldeploy.runtime.experiment.MetricKind;

import java.util.List;

/**
 * Draws an experiment's arms as a forest plot: one row per arm, its mean as a dot and its confidence interval
 * as a line, with the control's mean as a dashed reference. An arm whose interval is unknown (NaN bounds,
 * below two outcomes) shows its dot only; an arm without a finite mean shows "no data".
 */
final class IntervalChart {
    static final int WIDTH = 560;
    private static final int LEFT = 130;
    private static final int RIGHT = 24;
    private static final int TOP = 12;
    private static final int ROW = 30;
    private static final int LABEL_CHARS = 20;

    private IntervalChart() {
    }

    static String render(String experiment, ExperimentResult r) {
        List<ArmResult> arms = r.arms();
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (ArmResult a : arms) {
            for (double v : new double[]{a.mean(), a.interval() == null ? Double.NaN : a.interval().lower(),
                    a.interval() == null ? Double.NaN : a.interval().upper()}) {
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        int bottom = TOP + ROW * Math.max(1, arms.size());
        int height = bottom + 40;
        Svg svg = new Svg("chart intervals", WIDTH, height, "Mean and " + Html.percent(r.level()) + " interval per arm of "
                + experiment, " data-experiment=\"" + Html.escape(experiment) + "\" data-arms=\"" + arms.size() + '"');
        boolean rate = r.metric() == MetricKind.CONVERSION;
        if (lo > hi) {
            svg.text("empty", (LEFT + WIDTH - RIGHT) / 2.0, (TOP + bottom) / 2.0, "middle", 0, "no data");
            return svg.end();
        }
        double pad = (hi - lo) * 0.05;
        Axis x = Axis.covering(lo - pad, hi + pad, 5, LEFT, WIDTH - RIGHT);
        for (double t : x.ticks()) {
            svg.line("grid", x.at(t), TOP, x.at(t), bottom);
            svg.text("tick", x.at(t), bottom + 14, "middle", 0, rate ? Html.percent(t) : Html.number(t));
        }
        svg.line("axis", LEFT, bottom, WIDTH - RIGHT, bottom);
        arms.stream().filter(a -> a.arm().equals(r.control()) && Double.isFinite(a.mean())).findFirst()
                .ifPresent(c -> svg.line("reference", x.at(c.mean()), TOP, x.at(c.mean()), bottom));
        for (int i = 0; i < arms.size(); i++) {
            ArmResult a = arms.get(i);
            double cy = TOP + ROW * (i + 0.5);
            boolean control = a.arm().equals(r.control());
            String name = a.arm().length() <= LABEL_CHARS ? a.arm() : a.arm().substring(0, LABEL_CHARS - 1) + "\u2026";
            svg.text(control ? "arm-label control" : "arm-label", LEFT - 8, cy + 4, "end", 0, name + (control && !a.arm().equalsIgnoreCase("control") ? " (control)" : ""));
            if (!Double.isFinite(a.mean())) {
                svg.text("empty", LEFT + 8, cy + 4, "start", 0, "no data");
                continue;
            }
            double lower = a.interval() == null ? Double.NaN : a.interval().lower();
            double upper = a.interval() == null ? Double.NaN : a.interval().upper();
            boolean known = Double.isFinite(lower) && Double.isFinite(upper);
            if (known) {
                svg.line("ci", x.at(lower), cy, x.at(upper), cy);
                svg.line("ci", x.at(lower), cy - 6, x.at(lower), cy + 6);
                svg.line("ci", x.at(upper), cy - 6, x.at(upper), cy + 6);
            }
            String value = rate ? Html.percent(a.mean()) : Html.number(a.mean());
            String interval = known ? (rate ? Html.percent(lower) + " to " + Html.percent(upper)
                    : Html.number(lower) + " to " + Html.number(upper)) : "interval unknown";
            svg.circle(control ? "mean control" : "mean", x.at(a.mean()), cy, 5, " data-arm=\"" + Html.escape(a.arm()) + '"',
                    a.arm() + ": " + value + " (" + interval + "), n = " + a.count());
            if (!known) {
                svg.text("note", x.at(a.mean()) + 9, cy + 4, "start", 0, "interval unknown");
            }
        }
        svg.text("axis-title", (LEFT + WIDTH - RIGHT) / 2.0, bottom + 32, "middle", 0,
                (rate ? "conversion rate" : "mean outcome") + " with " + Html.percent(r.level()) + " confidence interval");
        return svg.end();
    }
}

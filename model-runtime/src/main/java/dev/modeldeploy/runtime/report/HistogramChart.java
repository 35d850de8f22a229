package dev.modeldeploy.runtime.report;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Draws one signal's training and live histogram: per bin, a training bar and a live bar side by side, each
 * the bin's share of its own total, so that a window of 500 predictions compares with 50 000 training rows.
 */
final class HistogramChart {
    static final int WIDTH = 460;
    private static final int PLOT_HEIGHT = 160;
    private static final int TOP = 30;
    private static final int LEFT = 46;
    private static final int RIGHT = 10;
    private static final int LABEL_CHARS = 18;
    private static final double CHAR_WIDTH = 6.2;
    private static final Pattern LONG_NUMBER = Pattern.compile("-?\\d+\\.\\d{4,}(?:[eE]-?\\d+)?|-?\\d+(?:\\.\\d+)?[eE]-?\\d+");

    private HistogramChart() {
    }

    static String render(Histogram h, boolean drifted) {
        long[] baseline = h.baseline();
        long[] live = h.live();
        double[] trainShare = shares(baseline);
        double[] liveShare = shares(live);
        int n = h.bins().size();
        double plotWidth = WIDTH - LEFT - RIGHT;
        double group = plotWidth / n;

        // Thin the labels out so that they never overlap, and turn them when they are wider than their bin.
        int every = (int) Math.ceil(n / Math.max(1, plotWidth / 16));
        List<String> labels = h.bins().stream().map(HistogramChart::shortLabel).toList();
        int widest = 0;
        for (int i = 0; i < n; i += every) {
            widest = Math.max(widest, labels.get(i).length());
        }
        boolean turned = widest * CHAR_WIDTH > group * every - 4;
        double labelHeight = turned ? 16 + 0.64 * widest * CHAR_WIDTH : 18;
        int height = (int) Math.ceil(TOP + PLOT_HEIGHT + labelHeight + 18);
        double bottom = TOP + PLOT_HEIGHT;

        double top = 0;
        for (int i = 0; i < n; i++) {
            top = Math.max(top, Math.max(trainShare[i], liveShare[i]));
        }
        Axis y = Axis.covering(0, top > 0 ? top : 1, 4, bottom, TOP);

        String name = (h.source() == dev.modeldeploy.runtime.monitor.SignalSource.OUTPUT ? "output " : "input ") + h.signal();
        Svg svg = new Svg("chart histogram" + (drifted ? " drifted" : ""), WIDTH, height,
                "Training vs live histogram of " + name + (drifted ? " (drifted)" : ""),
                " data-signal=\"" + Html.escape(h.signal()) + "\" data-source=\"" + h.source().name().toLowerCase(java.util.Locale.ROOT)
                        + "\" data-bins=\"" + n + "\" data-drifted=\"" + drifted + '"');
        for (double t : y.ticks()) {
            svg.line("grid", LEFT, y.at(t), WIDTH - RIGHT, y.at(t));
            svg.text("tick", LEFT - 4, y.at(t) + 4, "end", 0, Html.percent(t));
        }
        double bar = group * 0.4;
        for (int i = 0; i < n; i++) {
            double x = LEFT + i * group + group * 0.1;
            String tip = h.bins().get(i) + ": training " + Html.percent(trainShare[i]) + " (" + baseline[i] + "), live "
                    + Html.percent(liveShare[i]) + " (" + live[i] + ")";
            svg.rect("bar baseline", x, y.at(trainShare[i]), bar, bottom - y.at(trainShare[i]), data(i, baseline[i], trainShare[i]), tip);
            svg.rect("bar live", x + bar, y.at(liveShare[i]), bar, bottom - y.at(liveShare[i]), data(i, live[i], liveShare[i]), tip);
        }
        svg.line("axis", LEFT, bottom, WIDTH - RIGHT, bottom);
        for (int i = 0; i < n; i += every) {
            double x = LEFT + (i + 0.5) * group;
            if (turned) {
                svg.text("bin-label", x + 3, bottom + 12, "end", -40, labels.get(i));
            } else {
                svg.text("bin-label", x, bottom + 14, "middle", 0, labels.get(i));
            }
        }
        svg.text("axis-title", LEFT - 36, TOP - 12, "start", 0, "share of values");
        double legend = WIDTH - RIGHT - 150;
        svg.rect("swatch baseline", legend, TOP - 22, 12, 12, "", null).text("legend", legend + 16, TOP - 12, "start", 0, "training");
        svg.rect("swatch live", legend + 80, TOP - 22, 12, 12, "", null).text("legend", legend + 96, TOP - 12, "start", 0, "live");
        if (total(live) == 0) {
            svg.text("empty", LEFT + plotWidth / 2, TOP + PLOT_HEIGHT / 2.0, "middle", 0, "no live values in this window");
        }
        return svg.end();
    }

    private static String data(int bin, long count, double share) {
        return " data-bin=\"" + bin + "\" data-count=\"" + count + "\" data-share=\"" + share + '"';
    }

    static double[] shares(long[] counts) {
        long total = total(counts);
        double[] out = new double[counts.length];
        for (int i = 0; i < counts.length; i++) {
            out[i] = total == 0 ? 0 : (double) counts[i] / total;
        }
        return out;
    }

    private static long total(long[] counts) {
        long t = 0;
        for (long c : counts) {
            t += c;
        }
        return t;
    }

    /** A bin label fit for an axis: long numbers ("0.41523987") to three digits, then cut at a readable length. */
    static String shortLabel(String label) {
        Matcher m = LONG_NUMBER.matcher(label);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(b, Matcher.quoteReplacement(Html.number(Double.parseDouble(m.group()))));
        }
        m.appendTail(b);
        String s = b.toString();
        return s.length() <= LABEL_CHARS ? s : s.substring(0, LABEL_CHARS - 1) + "\u2026";
    }
}

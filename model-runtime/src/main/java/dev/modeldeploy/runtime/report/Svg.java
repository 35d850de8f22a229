package dev.modeldeploy.runtime.report;

import java.util.Locale;

/**
 * Writes one inline SVG chart. Coordinates are checked: a non-finite coordinate is a bug in a chart (which
 * must skip NaN figures), never something to put in the page. Not thread-safe; one per chart.
 */
final class Svg {
    private final StringBuilder b = new StringBuilder(2048);

    /**
     * Opens the chart's {@code <svg>}, accessible as an image with {@code label} as its name.
     *
     * @param classes    the svg's classes ("chart histogram")
     * @param attributes further attributes, already escaped (may be empty)
     */
    Svg(String classes, int width, int height, String label, String attributes) {
        b.append("<svg class=\"").append(classes).append("\" width=\"").append(width).append("\" height=\"").append(height)
                .append("\" viewBox=\"0 0 ").append(width).append(' ').append(height).append("\" role=\"img\" aria-label=\"")
                .append(Html.escape(label)).append('"').append(attributes).append("><title>").append(Html.escape(label))
                .append("</title>");
    }

    /** A coordinate or length, with at most two decimals. */
    static String coordinate(double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalStateException("a chart tried to draw a non-finite coordinate");
        }
        String s = String.format(Locale.ROOT, "%.2f", v);
        // Trim "12.50" to "12.5" and "12.00" to "12" to keep the page small.
        int end = s.length();
        while (s.charAt(end - 1) == '0') {
            end--;
        }
        if (s.charAt(end - 1) == '.') {
            end--;
        }
        s = s.substring(0, end);
        return s.equals("-0") ? "0" : s;
    }

    Svg rect(String cls, double x, double y, double width, double height, String attributes, String tooltip) {
        b.append("<rect class=\"").append(cls).append("\" x=\"").append(coordinate(x)).append("\" y=\"").append(coordinate(y))
                .append("\" width=\"").append(coordinate(width)).append("\" height=\"").append(coordinate(height)).append('"')
                .append(attributes);
        return closeWithTooltip("rect", tooltip);
    }

    Svg line(String cls, double x1, double y1, double x2, double y2) {
        b.append("<line class=\"").append(cls).append("\" x1=\"").append(coordinate(x1)).append("\" y1=\"")
                .append(coordinate(y1)).append("\" x2=\"").append(coordinate(x2)).append("\" y2=\"").append(coordinate(y2))
                .append("\"/>");
        return this;
    }

    Svg circle(String cls, double cx, double cy, double r, String attributes, String tooltip) {
        b.append("<circle class=\"").append(cls).append("\" cx=\"").append(coordinate(cx)).append("\" cy=\"")
                .append(coordinate(cy)).append("\" r=\"").append(coordinate(r)).append('"').append(attributes);
        return closeWithTooltip("circle", tooltip);
    }

    /** A polyline through {@code xs, ys} (at least two points). */
    Svg polyline(String cls, double[] xs, double[] ys, int from, int to) {
        b.append("<polyline class=\"").append(cls).append("\" points=\"");
        for (int i = from; i < to; i++) {
            b.append(i > from ? " " : "").append(coordinate(xs[i])).append(',').append(coordinate(ys[i]));
        }
        b.append("\"/>");
        return this;
    }

    /**
     * Text at {@code x, y}.
     *
     * @param anchor start, middle or end
     * @param rotate degrees to turn it about its anchor (0 for none)
     */
    Svg text(String cls, double x, double y, String anchor, double rotate, String text) {
        b.append("<text class=\"").append(cls).append("\" x=\"").append(coordinate(x)).append("\" y=\"").append(coordinate(y))
                .append("\" text-anchor=\"").append(anchor).append('"');
        if (rotate != 0) {
            b.append(" transform=\"rotate(").append(coordinate(rotate)).append(' ').append(coordinate(x)).append(' ')
                    .append(coordinate(y)).append(")\"");
        }
        b.append('>').append(Html.escape(text)).append("</text>");
        return this;
    }

    private Svg closeWithTooltip(String element, String tooltip) {
        if (tooltip == null) {
            b.append("/>");
        } else {
            b.append("><title>").append(Html.escape(tooltip)).append("</title></").append(element).append('>');
        }
        return this;
    }

    /** Closes the chart and returns its markup. */
    String end() {
        return b.append("</svg>").toString();
    }
}

package dev.modeldeploy.runtime.report;

/** Renders a {@link MonitoringReport} as one self-contained HTML page. */
final class HtmlReport {
    private HtmlReport() {
    }

    // A first cut: tables only; the charts come with the SVG renderer.
    static String render(MonitoringReport r) {
        StringBuilder b = new StringBuilder(4096);
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(escape(r.title())).append("</title></head><body>\n<h1>").append(escape(r.title())).append("</h1>\n");
        for (Histogram h : r.histograms()) {
            b.append("<section class=\"histogram\"><h3>").append(escape(h.signal())).append("</h3></section>\n");
        }
        b.append("</body></html>\n");
        return b.toString();
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}

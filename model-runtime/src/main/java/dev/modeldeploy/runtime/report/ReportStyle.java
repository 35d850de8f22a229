package dev.modeldeploy.runtime.report;

/**
 * The report's one inline style sheet: the system font stack (no web fonts to fetch) and the charts'
 * colours. Kept free of {@code <} and {@code &} so that the page also parses as XML.
 */
final class ReportStyle {
    /** Training bars. */
    static final String BASELINE = "#94a3b8";
    /** Live bars and lines. */
    static final String LIVE = "#2563eb";
    /** Drifted points and markers. */
    static final String DRIFTED = "#dc2626";

    private ReportStyle() {
    }

    static final String CSS = """
            :root { color-scheme: light; }
            body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", \
            "Liberation Sans", sans-serif; color: #1f2933; background: #ffffff; margin: 0 auto; padding: 24px 32px 48px; \
            max-width: 1500px; line-height: 1.4; }
            h1 { font-size: 1.7em; margin: 0 0 8px; }
            h2 { font-size: 1.3em; margin: 36px 0 8px; padding-bottom: 4px; border-bottom: 1px solid #d5dbe1; }
            h3 { font-size: 1.05em; margin: 20px 0 6px; }
            dl.facts { display: grid; grid-template-columns: max-content auto; gap: 2px 16px; margin: 8px 0; }
            dl.facts dt { color: #52606d; }
            dl.facts dd { margin: 0; }
            .summary { font-weight: 600; padding: 8px 12px; border-radius: 6px; background: #ecfdf3; border: 1px solid #a6e3bf; \
            display: inline-block; }
            .summary.drifted { background: #fef2f2; border-color: #f5b5b5; color: #991b1b; }
            .empty-note { color: #52606d; font-style: italic; }
            .charts { display: flex; flex-wrap: wrap; gap: 16px; }
            figure.signal { margin: 0; padding: 8px; border: 1px solid #e4e7eb; border-radius: 6px; background: #fcfcfd; }
            figure.signal.drifted { border-color: #f5b5b5; }
            figcaption { font-size: 0.92em; margin-bottom: 4px; }
            figcaption .name { font-weight: 600; }
            figcaption .figures { color: #52606d; margin-left: 8px; }
            .badge { display: inline-block; font-size: 0.8em; font-weight: 700; padding: 0 6px; border-radius: 8px; margin-left: 6px; }
            .badge.drifted { background: {drifted}; color: #ffffff; }
            .badge.stable { background: #d1fae5; color: #065f46; }
            svg.chart { display: block; font-size: 11px; }
            svg.chart text { fill: #3e4c59; }
            svg.chart .axis-title { fill: #52606d; font-size: 11px; }
            svg.chart .legend { font-size: 11px; }
            svg.chart .grid { stroke: #e4e7eb; stroke-width: 1; }
            svg.chart .axis { stroke: #7b8794; stroke-width: 1; }
            svg.chart .bar.baseline, svg.chart .swatch.baseline { fill: {baseline}; }
            svg.chart .bar.live, svg.chart .swatch.live { fill: {live}; }
            svg.chart .empty, svg.chart .note { fill: #7b8794; font-style: italic; }
            svg.chart .series { fill: none; stroke: {live}; stroke-width: 2; }
            svg.chart .point { fill: {live}; }
            svg.chart .point.drifted { fill: {drifted}; stroke: #ffffff; stroke-width: 1; }
            svg.chart .threshold { stroke: {drifted}; stroke-width: 1.2; stroke-dasharray: 5 4; }
            svg.chart .threshold-label { fill: {drifted}; font-size: 10px; }
            svg.chart .ci { stroke: #1f2933; stroke-width: 2; }
            svg.chart .mean { fill: {live}; }
            svg.chart .mean.control { fill: #52606d; }
            svg.chart .reference { stroke: #7b8794; stroke-width: 1; stroke-dasharray: 4 3; }
            svg.chart .arm-label { font-size: 12px; }
            svg.chart .arm-label.control { font-weight: 600; }
            table.arms { border-collapse: collapse; margin: 12px 0; font-size: 0.92em; }
            table.arms th, table.arms td { border: 1px solid #d5dbe1; padding: 4px 10px; text-align: right; }
            table.arms th:first-child, table.arms td:first-child { text-align: left; }
            table.arms thead th { background: #f0f4f8; }
            td.decision-BETTER { color: #065f46; font-weight: 600; }
            td.decision-WORSE { color: #991b1b; font-weight: 600; }
            pre.verdict { white-space: pre-wrap; font-family: inherit; background: #f5f7fa; padding: 8px 12px; border-radius: 6px; }
            ul.warnings { color: #8a4b08; }
            footer { margin-top: 40px; color: #7b8794; font-size: 0.85em; }
            """.replace("{baseline}", BASELINE).replace("{live}", LIVE).replace("{drifted}", DRIFTED);
}

package dev.modeldeploy.runtime.report;

import dev.modeldeploy.runtime.experiment.ExperimentResult;
import dev.modeldeploy.runtime.monitor.DriftMetric;
import dev.modeldeploy.runtime.monitor.DriftReport;
import dev.modeldeploy.runtime.monitor.DriftResult;
import dev.modeldeploy.runtime.monitor.SignalCounts;
import dev.modeldeploy.runtime.monitor.SignalSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static dev.modeldeploy.runtime.report.Page.hasClass;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class HtmlReportTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T07:00:00Z"), ZoneOffset.UTC);
    private static ReportSamples samples;
    private static String html;
    private static Page page;

    @BeforeAll
    static void render() {
        samples = ReportSamples.create();
        html = samples.report().toHtml();
        page = Page.parse(html);
    }

    @Test
    void theSamplesDriftFromTheFourthWindowOn() {
        // Guards the fixture: the page tests below need both calm and drifted figures.
        List<DriftReport> windows = samples.windows();
        assertThat(windows).hasSize(ReportSamples.WINDOWS);
        assertThat(windows.get(0).drifted()).isFalse();
        assertThat(windows.get(ReportSamples.WINDOWS - 1).drifted()).isTrue();
    }

    @Test
    void oneHistogramPerSignalOutputsFirstWithABarPerBinAndSource() {
        DriftReport last = samples.lastWindow();
        List<Element> charts = page.histograms();
        List<String> expected = new ArrayList<>();
        last.signals().stream().filter(s -> s.source() == SignalSource.OUTPUT).forEach(s -> expected.add(s.name()));
        last.signals().stream().filter(s -> s.source() == SignalSource.INPUT).forEach(s -> expected.add(s.name()));
        assertThat(expected).containsExactly("prediction", "distance", "load", "region");
        assertThat(charts).extracting(c -> c.getAttribute("data-signal")).containsExactlyElementsOf(expected);
        for (Element chart : charts) {
            SignalCounts counts = last.signals().stream().filter(s -> s.name().equals(chart.getAttribute("data-signal")))
                    .findFirst().orElseThrow();
            int bins = counts.baseline().binCount();
            assertThat(Page.bars(chart, "live")).hasSize(bins);
            assertThat(Page.bars(chart, "baseline")).hasSize(bins);
            assertThat(chart.getAttribute("role")).isEqualTo("img");
            assertThat(chart.getAttribute("aria-label")).contains(counts.name());
            // The bin labels are drawn (thinned out if many), and the baseline's labels are the tooltips.
            assertThat(Page.all(chart, ".//text[" + hasClass("bin-label") + "]")).isNotEmpty();
            assertThat(Page.all(chart, ".//rect/title")).extracting(Element::getTextContent)
                    .allMatch(t -> counts.baseline().binLabels().stream().anyMatch(t::startsWith));
        }
    }

    @Test
    void barHeightsAreProportionalToEachSourcesShares() {
        DriftReport last = samples.lastWindow();
        for (Element chart : page.histograms()) {
            SignalCounts counts = last.signals().stream().filter(s -> s.name().equals(chart.getAttribute("data-signal")))
                    .findFirst().orElseThrow();
            assertProportional(Page.bars(chart, "baseline"), counts.baseline().bins());
            assertProportional(Page.bars(chart, "live"), counts.bins());
        }
    }

    /** Heights divided by shares (count / own total) are one constant, and empty bins have no height. */
    private static void assertProportional(List<Element> bars, long[] counts) {
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        // The scale comes from the tallest bar, where the page's rounding to 0.01 px matters least.
        int tallest = 0;
        for (int i = 1; i < counts.length; i++) {
            tallest = counts[i] > counts[tallest] ? i : tallest;
        }
        double pixelsPerShare = Page.number(bars.get(tallest), "height") / ((double) counts[tallest] / total);
        double bottom = Double.NaN;
        for (int i = 0; i < counts.length; i++) {
            Element bar = bars.get(i);
            double height = Page.number(bar, "height");
            double share = (double) counts[i] / total;
            if (Double.isNaN(bottom)) {
                bottom = Page.number(bar, "y") + height;
            }
            assertThat(Page.number(bar, "y") + height).as("bars stand on one axis").isCloseTo(bottom, within(0.02));
            if (counts[i] == 0) {
                assertThat(height).isZero();
                continue;
            }
            assertThat(height).as("bar %d of %s", i, bars.size()).isCloseTo(share * pixelsPerShare, within(0.03));
        }
        assertThat(pixelsPerShare).isPositive();
    }

    @Test
    void driftFiguresOverTimeOneChartPerSignalAndMetric() {
        List<DriftReport> windows = samples.windows();
        Map<String, List<DriftResult>> bySeries = windows.stream().flatMap(w -> w.results().stream())
                .collect(Collectors.groupingBy(r -> r.signal() + "/" + r.metric()));
        List<Element> charts = page.all("//svg[" + hasClass("drift") + "]");
        assertThat(charts).hasSize(bySeries.size());
        for (Element chart : charts) {
            List<DriftResult> series = bySeries.get(chart.getAttribute("data-signal") + "/" + chart.getAttribute("data-metric"));
            assertThat(series).isNotNull();
            assertThat(chart.getAttribute("data-points")).isEqualTo(String.valueOf(series.size()));
            assertThat(Page.all(chart, ".//circle[" + hasClass("point") + "]")).hasSize(series.size());
            long drifted = series.stream().filter(DriftResult::drifted).count();
            assertThat(Page.all(chart, ".//circle[" + hasClass("drifted") + "]")).hasSize((int) drifted);
            assertThat(Page.all(chart, ".//line[" + hasClass("threshold") + "]")).hasSize(1);
            assertThat(Page.all(chart, ".//polyline[" + hasClass("series") + "]")).hasSize(1);
            assertThat(Page.all(chart, ".//text[" + hasClass("axis-title") + "]")).hasSize(2);
        }
        // P-values live on 0..1: the axis' top tick is 1.
        Element ks = charts.stream().filter(c -> c.getAttribute("data-metric").equals("KS")).findFirst().orElseThrow();
        assertThat(Page.all(ks, ".//text[" + hasClass("tick") + "]")).extracting(Element::getTextContent).contains("0", "1");
    }

    @Test
    void theHeaderSummarisesTheLatestFigures() {
        DriftReport last = samples.lastWindow();
        long drifted = last.results().stream().filter(DriftResult::drifted).map(DriftResult::signal).distinct().count();
        assertThat(drifted).isPositive();
        assertThat(page.text("//p[" + hasClass("summary") + "]/@data-drifted")).isEqualTo(String.valueOf(drifted));
        assertThat(page.text("//p[" + hasClass("summary") + "]")).startsWith(drifted + " of 4 signals drifted");
        assertThat(page.text("//dd[@class='model']")).isEqualTo("eta, version 3");
        assertThat(page.text("//dd[@class='window']")).startsWith("window 6: ").endsWith(ReportSamples.WINDOW + " predictions");
        assertThat(page.text("//dd[@class='generated']")).isEqualTo("2026-11-22 07:00:00 UTC");
        // And each histogram carries its own marker.
        for (Element chart : page.histograms()) {
            boolean signalDrifted = last.results().stream()
                    .anyMatch(r -> r.drifted() && r.signal().equals(chart.getAttribute("data-signal")));
            assertThat(chart.getAttribute("data-drifted")).isEqualTo(String.valueOf(signalDrifted));
        }
    }

    @Test
    void experimentsHaveAForestChartAndATable() {
        ExperimentResult conversion = ReportSamples.conversionExperiment();
        List<Element> charts = page.all("//svg[" + hasClass("intervals") + "]");
        assertThat(charts).extracting(c -> c.getAttribute("data-experiment"))
                .containsExactly("eta-v3-vs-v2 (conversion)", "eta-error-minutes");
        Element first = charts.get(0);
        assertThat(Page.all(first, ".//circle[" + hasClass("mean") + "]")).hasSize(conversion.arms().size());
        assertThat(Page.all(first, ".//line[" + hasClass("ci") + "]")).hasSize(3 * conversion.arms().size());
        assertThat(page.all("//article[1]//table//tbody/tr")).extracting(e -> e.getAttribute("data-arm"))
                .containsExactly("v2", "v3", "v3-small");
        assertThat(page.text("//article[1]//tr[@data-arm='v3']/td[last()]")).isEqualTo("better");
        assertThat(page.text("//article[1]//tr[@data-arm='v3-small']/td[last()]")).isEqualTo("too small to decide");
        assertThat(page.text("//article[1]//pre[" + hasClass("verdict") + "]")).isEqualTo(conversion.verdict());
        assertThat(page.all("//article[1]//ul[" + hasClass("warnings") + "]/li")).isNotEmpty();
        // The lonely arm of the second experiment has one outcome: a dot, no interval, and a dash in the table.
        Element second = charts.get(1);
        assertThat(Page.all(second, ".//circle[" + hasClass("mean") + "]")).hasSize(3);
        assertThat(Page.all(second, ".//line[" + hasClass("ci") + "]")).hasSize(3 * 2);
        assertThat(page.text("//article[2]//tr[@data-arm='lonely']/td[4]")).isEqualTo("[\u2013]");
    }

    @Test
    void thePageIsSelfContained() {
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<meta charset=\"utf-8\"/>").contains("<style>");
        assertThat(html.toLowerCase(java.util.Locale.ROOT)).doesNotContain("<script", "http", "src=", "url(",
                "@import", "@font-face", "<img", "<iframe", "<object", "<embed");
        // The one link is the empty inline icon (so that browsers do not ask a server for /favicon.ico).
        assertThat(page.all("//*[@href or @src]")).extracting(e -> e.getAttribute("href")).containsExactly("data:,");
        assertThat(html).doesNotContain("NaN", "Infinity");
        assertThat(page.all("//svg")).allMatch(svg -> svg.getAttribute("role").equals("img")
                && !svg.getAttribute("aria-label").isBlank() && !Page.all(svg, "./title").isEmpty());
    }

    @Test
    void everythingTheUserSuppliesIsEscaped() {
        String evil = "<script>alert(1)</script>";
        String quotes = "\"&'";
        Instant at = Instant.parse("2026-11-22T01:00:00Z");
        String out = MonitoringReport.builder(evil + " report " + quotes).model(evil, 2).window(quotes + " window").clock(CLOCK)
                .histogram(new Histogram(evil, SignalSource.INPUT, List.of(evil, quotes), new long[]{1, 2}, new long[]{2, 1}))
                .histogram(new Histogram(quotes, SignalSource.OUTPUT, List.of("a", "b"), new long[]{1, 2}, new long[]{2, 1}))
                .point(new DriftPoint(evil, SignalSource.INPUT, DriftMetric.PSI, at, quotes, 0.3, 0.2, true))
                .experiment(evil, ReportSamples.conversionExperiment())
                .build().toHtml();
        assertThat(out.toLowerCase(java.util.Locale.ROOT)).doesNotContain("<script");
        Page p = Page.parse(out);
        // Parsed back, the names are exactly what the user gave: escaped once, neither lost nor doubled.
        assertThat(p.histograms()).extracting(e -> e.getAttribute("data-signal")).containsExactly(quotes, evil);
        assertThat(p.text("//title")).isEqualTo(evil + " report " + quotes);
        assertThat(p.text("//h1")).isEqualTo(evil + " report " + quotes);
        assertThat(p.text("//dd[@class='model']")).isEqualTo(evil + ", version 2");
        assertThat(p.text("//dd[@class='window']")).isEqualTo(quotes + " window");
        assertThat(p.text("//svg[@data-signal='" + evil + "']//text[" + hasClass("bin-label") + "][2]")).isEqualTo(quotes);
        assertThat(p.all("//svg[" + hasClass("drift") + "]")).extracting(e -> e.getAttribute("data-signal")).containsExactly(evil);
        assertThat(p.all("//svg[" + hasClass("intervals") + "]")).extracting(e -> e.getAttribute("data-experiment"))
                .containsExactly(evil);
    }

    @Test
    void anEmptyReportSaysSo() {
        String out = MonitoringReport.builder("Nothing yet").clock(CLOCK).build().toHtml();
        Page p = Page.parse(out);
        assertThat(p.all("//svg")).isEmpty();
        assertThat(p.all("//section")).isEmpty();
        assertThat(p.text("//p[" + hasClass("empty-note") + "]")).contains("No data");
        assertThat(p.text("//dd[@class='generated']")).isEqualTo("2026-11-22 07:00:00 UTC");
    }

    @Test
    void nonFiniteFiguresAreSkippedInChartsAndShownAsDashes() {
        Instant t0 = Instant.parse("2026-11-22T00:00:00Z");
        MonitoringReport.Builder b = MonitoringReport.builder("Gaps").clock(CLOCK);
        double[] values = {0.05, Double.NaN, 0.12, 0.3, Double.NaN};
        for (int i = 0; i < values.length; i++) {
            b.point(new DriftPoint("x", SignalSource.INPUT, DriftMetric.PSI, t0.plusSeconds(3600L * i), "w" + i, values[i],
                    Double.NaN, false));
        }
        b.point(new DriftPoint("y", SignalSource.INPUT, DriftMetric.KS, t0, "w0", Double.NaN, 0.05, false));
        b.point(new DriftPoint("z", SignalSource.OUTPUT, DriftMetric.KS, t0, "w0", 0.01, 0.05, true));
        b.histogram(new Histogram("empty-live", SignalSource.INPUT, List.of("a", "b"), new long[]{3, 0}, new long[]{0, 0}));
        String out = b.build().toHtml();
        assertThat(out).doesNotContain("NaN", "Infinity");
        Page p = Page.parse(out);
        Element x = p.all("//svg[@data-signal='x']").get(0);
        // 0.05 alone, then 0.12 and 0.3 joined: one line of two points, three dots, no threshold known.
        assertThat(Page.all(x, ".//polyline")).hasSize(1);
        assertThat(Page.all(x, ".//polyline").get(0).getAttribute("points").split(" ")).hasSize(2);
        assertThat(Page.all(x, ".//circle")).hasSize(3);
        assertThat(Page.all(x, ".//line[" + hasClass("threshold") + "]")).isEmpty();
        Element y = p.all("//svg[@data-signal='y']").get(0);
        assertThat(Page.all(y, ".//circle")).isEmpty();
        assertThat(Page.all(y, ".//text[" + hasClass("empty") + "]")).extracting(Element::getTextContent)
                .containsExactly("no finite values");
        // A single point is a dot, no line, and it is the latest (drifted) figure of z.
        Element z = p.all("//svg[@data-signal='z']").get(0);
        assertThat(Page.all(z, ".//circle[" + hasClass("drifted") + "]")).hasSize(1);
        assertThat(Page.all(z, ".//polyline")).isEmpty();
        assertThat(p.text("//p[" + hasClass("summary") + "]")).startsWith("1 of 4 signals drifted");
        // The latest PSI of x is NaN: its caption shows a dash.
        Element live = p.histograms().get(0);
        assertThat(Page.bars(live, "live")).allMatch(r -> Page.number(r, "height") == 0);
        assertThat(Page.all(live, ".//text[" + hasClass("empty") + "]")).hasSize(1);
    }

    @Test
    void manyBinsKeepOneBarEachButThinTheirLabels() {
        int n = 60;
        List<String> labels = IntStream.range(0, n).mapToObj(i -> "[" + (i * 0.123456789) + ", " + ((i + 1) * 0.123456789) + ")")
                .toList();
        long[] counts = IntStream.range(0, n).mapToLong(i -> 1 + i % 7).toArray();
        String out = MonitoringReport.builder("bins").clock(CLOCK)
                .histogram(new Histogram("wide", SignalSource.INPUT, labels, counts, counts)).build().toHtml();
        Element chart = Page.parse(out).histograms().get(0);
        assertThat(Page.bars(chart, "live")).hasSize(n);
        assertThat(Page.bars(chart, "baseline")).hasSize(n);
        List<Element> shown = Page.all(chart, ".//text[" + hasClass("bin-label") + "]");
        assertThat(shown.size()).isBetween(5, n / 2);
        // Long numbers are cut to three significant digits on the axis.
        assertThat(shown.get(1).getTextContent()).doesNotContain("0.123456789").matches("\\[[0-9.]+, [0-9.]+\\)");
    }

    @Test
    void numbersDoNotDependOnTheDefaultLocale() {
        java.util.Locale before = java.util.Locale.getDefault();
        String german;
        try {
            java.util.Locale.setDefault(java.util.Locale.GERMANY);
            german = samples.report().toHtml();
        } finally {
            java.util.Locale.setDefault(before);
        }
        assertThat(german).isEqualTo(html);
        // And the page does have decimals to get wrong: coordinates, shares, PSI figures.
        assertThat(page.histograms().get(0).getAttribute("aria-label")).isNotBlank();
        assertThat(html).containsPattern("height=\"\\d+\\.\\d+\"").containsPattern("PSI \\d\\.\\d+");
    }

    @Test
    void anExperimentWithoutOutcomesSaysNoData() {
        String out = MonitoringReport.builder("A/B").clock(CLOCK)
                .experiment("not started", new ExperimentResult(dev.modeldeploy.runtime.experiment.MetricKind.CONVERSION, "a",
                        0.95, List.of(), List.of()))
                .build().toHtml();
        Page p = Page.parse(out);
        assertThat(p.all("//svg")).isEmpty();
        assertThat(p.text("//article//p[" + hasClass("empty-note") + "]")).startsWith("No data");
    }

    @Test
    void aWindowAloneBringsItsFiguresAndAnOpenWindowIsCalledSo() {
        DriftReport last = samples.lastWindow();
        Page p = Page.parse(MonitoringReport.builder("one window").clock(CLOCK).window(last).build().toHtml());
        // Without a history the window's own figures mark the histograms, one point per timeline.
        assertThat(p.histograms()).extracting(e -> e.getAttribute("data-drifted"))
                .containsExactlyElementsOf(page.histograms().stream().map(e -> e.getAttribute("data-drifted")).toList());
        assertThat(p.all("//svg[" + hasClass("drift") + "]")).hasSize(last.results().size())
                .allMatch(e -> e.getAttribute("data-points").equals("1"));

        DriftReport open = new DriftReport(last.model(), last.version(),
                new dev.modeldeploy.runtime.monitor.Window(0, last.window().start(), last.window().end(), 10),
                last.signals(), last.results());
        assertThat(DriftPoint.of(open)).extracting(DriftPoint::label).containsOnly("open window");
        String out = MonitoringReport.builder("open").clock(CLOCK).window(open).build().toHtml();
        assertThat(Page.parse(out).text("//dd[@class='window']")).startsWith("open window: ");
    }
}

package dev.modeldeploy.runtime.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modeldeploy.runtime.monitor.DriftReport;
import dev.modeldeploy.runtime.monitor.SignalCounts;
import dev.modeldeploy.runtime.monitor.SignalSource;
import dev.modeldeploy.runtime.report.browser.HeadlessChromium;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Opens the rendered report in a real headless Chromium: the page loads cleanly and fetches nothing, the
 * charts are laid out with the right bars, and a screenshot shows them. The screenshot and the page are
 * kept in {@code target/report-browser/} for a person to look at.
 */
class ReportInBrowserTest {
    private static final Path OUT = Path.of("target", "report-browser");
    private static HeadlessChromium browser;

    @BeforeAll
    static void start() {
        browser = HeadlessChromium.openIfInstalled().orElse(null);
    }

    @BeforeEach
    void needsChromium() {
        assumeTrue(browser != null, HeadlessChromium.SKIP_NOTICE);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
    }

    private static final String LAYOUT = """
            (() => {
              const box = e => { const r = e.getBoundingClientRect(); return {width: r.width, height: r.height}; };
              const shown = e => { const s = getComputedStyle(e); const r = e.getBoundingClientRect();
                return s.display !== 'none' && s.visibility !== 'hidden' && r.width > 0 && r.height > 0; };
              // A horizontal line has no height: drawn is enough.
              const drawn = e => { const r = e.getBoundingClientRect(); return r.width > 0 || r.height > 0; };
              const bars = (svg, kind) => [...svg.querySelectorAll('rect.bar.' + kind)]
                .map(b => ({share: Number(b.dataset.share), ...box(b)}));
              return {
                scripts: document.querySelectorAll('script').length,
                histograms: [...document.querySelectorAll('svg.chart.histogram')].map(svg => ({
                  signal: svg.dataset.signal, source: svg.dataset.source, shown: shown(svg),
                  live: bars(svg, 'live'), baseline: bars(svg, 'baseline')})),
                drift: [...document.querySelectorAll('svg.chart.drift')].map(svg => ({
                  shown: shown(svg), points: [...svg.querySelectorAll('circle.point')].filter(shown).length})),
                intervals: [...document.querySelectorAll('svg.chart.intervals')].map(svg => ({
                  shown: shown(svg), means: [...svg.querySelectorAll('circle.mean')].filter(shown).length,
                  cis: [...svg.querySelectorAll('line.ci')].filter(drawn).length}))
              };
            })()""";

    @Test
    void theReportLoadsCleanlyAndShowsItsCharts() throws IOException {
        ReportSamples samples = ReportSamples.create();
        Files.createDirectories(OUT);
        Path page = OUT.resolve("monitoring-report.html");
        samples.report().writeTo(page);

        browser.load(page);
        JsonNode layout = browser.evaluate(LAYOUT);
        assertThat(browser.problems()).as("exceptions, console errors, error logs or requests on the page").isEmpty();
        assertThat(layout.get("scripts").asInt()).isZero();

        DriftReport last = samples.lastWindow();
        JsonNode histograms = layout.get("histograms");
        assertThat(histograms.size()).isEqualTo(last.signals().size());
        double liveArea = 0;
        double baselineArea = 0;
        for (JsonNode h : histograms) {
            SignalCounts counts = last.signals().stream()
                    .filter(s -> s.name().equals(h.get("signal").asText())
                            && s.source() == SignalSource.valueOf(h.get("source").asText().toUpperCase(java.util.Locale.ROOT)))
                    .findFirst().orElseThrow();
            assertThat(h.get("shown").asBoolean()).isTrue();
            assertThat(h.get("live").size()).isEqualTo(counts.baseline().binCount());
            assertThat(h.get("baseline").size()).isEqualTo(counts.baseline().binCount());
            liveArea += checkBars(h.get("live"));
            baselineArea += checkBars(h.get("baseline"));
        }
        int timelines = (int) samples.windows().stream().flatMap(w -> w.results().stream())
                .map(r -> r.signal() + "/" + r.metric()).distinct().count();
        assertThat(layout.get("drift").size()).isEqualTo(timelines);
        for (JsonNode d : layout.get("drift")) {
            assertThat(d.get("shown").asBoolean()).isTrue();
            assertThat(d.get("points").asInt()).isEqualTo(ReportSamples.WINDOWS);
        }
        assertThat(layout.get("intervals").size()).isEqualTo(2);
        for (JsonNode i : layout.get("intervals")) {
            assertThat(i.get("shown").asBoolean()).isTrue();
            assertThat(i.get("means").asInt()).isEqualTo(3);
            assertThat(i.get("cis").asInt()).isPositive();
        }

        byte[] png = browser.screenshot();
        Files.write(OUT.resolve("monitoring-report.png"), png);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image.getWidth()).isEqualTo(HeadlessChromium.VIEWPORT_WIDTH);
        // The bars' solid colours cover at least most of the bars' laid-out area (edges are anti-aliased).
        assertThat(pixels(image, ReportStyle.LIVE)).isGreaterThan((long) (0.7 * liveArea));
        assertThat(pixels(image, ReportStyle.BASELINE)).isGreaterThan((long) (0.7 * baselineArea));
        assertThat(pixels(image, ReportStyle.DRIFTED)).as("drifted markers").isPositive();
    }

    /** Every bar has a width, and a height exactly where its share is not zero. Returns the bars' area. */
    private static double checkBars(JsonNode bars) {
        double area = 0;
        for (JsonNode b : bars) {
            double width = b.get("width").asDouble();
            double height = b.get("height").asDouble();
            assertThat(width).isPositive();
            if (b.get("share").asDouble() > 0) {
                assertThat(height).isPositive();
            } else {
                assertThat(height).isZero();
            }
            area += width * height;
        }
        assertThat(area).isPositive();
        return area;
    }

    private static long pixels(BufferedImage image, String hex) {
        int rgb = Integer.parseInt(hex.substring(1), 16);
        long n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xffffff) == rgb) {
                    n++;
                }
            }
        }
        return n;
    }

    @Test
    void hostileNamesStayText(@TempDir Path dir) throws IOException {
        String evil = "<script>console.error('injected')</script><img src=x onerror=\"console.error('injected')\">";
        Path page = dir.resolve("hostile.html");
        MonitoringReport.builder(evil).model(evil, 1).window(evil)
                .histogram(new Histogram(evil, SignalSource.INPUT, List.of(evil, "\"&'"), new long[]{1, 2}, new long[]{2, 1}))
                .experiment(evil, ReportSamples.conversionExperiment())
                .build().writeTo(page);
        browser.load(page);
        JsonNode r = browser.evaluate("({scripts: document.querySelectorAll('script, img').length,"
                + " signal: document.querySelector('svg.chart.histogram').dataset.signal, title: document.title})");
        assertThat(browser.problems()).isEmpty();
        assertThat(r.get("scripts").asInt()).isZero();
        assertThat(r.get("signal").asText()).isEqualTo(evil);
        assertThat(r.get("title").asText()).isEqualTo(evil);
    }

    @Test
    void theReportServedOverHttpFetchesNothingElse() throws IOException {
        // How a service shows it (the online example's admin page): one response, nothing more to fetch.
        byte[] body = MonitoringReport.builder("Served").window(ReportSamples.create().lastWindow()).build().toHtml()
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        java.util.List<String> paths = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        server.createContext("/", exchange -> {
            paths.add(exchange.getRequestURI().getPath());
            boolean report = exchange.getRequestURI().getPath().equals("/report");
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(report ? 200 : 404, report ? body.length : -1);
            if (report) {
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
        try {
            browser.load(java.net.URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/report"));
            assertThat(browser.problems()).isEmpty();
            assertThat(browser.evaluate("document.querySelectorAll('svg.chart.histogram').length").asInt()).isEqualTo(4);
            assertThat(paths).containsOnly("/report");
        } finally {
            server.stop(0);
        }
    }
}

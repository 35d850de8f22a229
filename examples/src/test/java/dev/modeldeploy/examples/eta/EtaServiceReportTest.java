package dev.modeldeploy.examples.eta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modeldeploy.runtime.experiment.ArmResult;
import dev.modeldeploy.runtime.monitor.DriftMetric;
import dev.modeldeploy.runtime.report.DriftPoint;
import dev.modeldeploy.runtime.report.Histogram;
import dev.modeldeploy.runtime.report.MonitoringReport;
import dev.modeldeploy.runtime.report.browser.HeadlessChromium;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /admin/report} of the ETA service over real HTTP: orders like the training data, then orders from
 * much farther away, show as drift of the distance and the ETA in the primary's window history; outcomes posted
 * per customer turn into the canary experiment's analysis, each customer in the arm that served them.
 */
class EtaServiceReportTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int WINDOW = 200;
    private static final int CUSTOMERS = 400;
    private static final List<String> INPUTS = List.of("distance_km", "items", "restaurant_prep_minutes_7d",
            "restaurant_prep_minutes_1h");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private HttpResponse<String> post(int port, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Orders of customers c-0.. in turn, {@code km} away plus up to 11 km; returns each customer's variant. */
    private Map<String, String> order(int port, double km, Random random) throws Exception {
        Map<String, String> variants = new LinkedHashMap<>();
        for (int c = 0; c < CUSTOMERS; c++) {
            String order = String.format(Locale.ROOT,
                    "{\"customer_id\":\"c-%d\",\"restaurant_id\":%d,\"distance_km\":%.3f,\"items\":%d}",
                    c, 1 + random.nextInt(500), km + random.nextDouble() * 11, 1 + random.nextInt(5));
            HttpResponse<String> r = post(port, "/predict", order);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            variants.put("c-" + c, JSON.readTree(r.body()).get("variant").asText());
        }
        return variants;
    }

    /** Calls {@code report} until {@code done} holds (windows and the assignment log are written off the request path). */
    private static MonitoringReport awaitReport(Callable<MonitoringReport> report, Predicate<MonitoringReport> done)
            throws Exception {
        long giveUp = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        MonitoringReport r = report.call();
        while (!done.test(r) && System.nanoTime() < giveUp) {
            Thread.sleep(20);
            r = report.call();
        }
        return r;
    }

    /** The PSI points of {@code signal} in closed windows ("window 1", "window 2", ...), in time order. */
    private static List<DriftPoint> psi(MonitoringReport report, String signal) {
        return report.history().stream().filter(p -> p.signal().equals(signal) && p.metric() == DriftMetric.PSI
                && p.label().matches("window [1-9][0-9]*")).toList();
    }

    @Test
    void theReportShowsTheLiveWindowItsDriftOverTimeAndTheCanaryOnceOutcomesArrive(@TempDir Path dir) throws Exception {
        try (EtaService service = EtaService.start(dir, 0, WINDOW)) {
            int port = service.port();

            HttpResponse<String> empty = get(port, "/admin/report");
            assertThat(empty.statusCode()).as(empty.body()).isEqualTo(200);
            assertThat(empty.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
            assertThat(empty.body()).contains("<html").contains("ETA service: model eta version 1, variant v1 (primary)");

            Random random = new Random(7);
            Map<String, String> variants = order(port, 0.5, random);   // as in training: 0.5 to 11.5 km
            assertThat(order(port, 30, random)).isEqualTo(variants);   // 30 to 41 km; each customer keeps their arm
            long canary = variants.values().stream().filter("v2"::equals).count();
            assertThat(canary).isPositive().isLessThan(CUSTOMERS / 2);

            // v1 answered about 720 orders: three windows of 200 closed, the first before the shift
            MonitoringReport primary = awaitReport(() -> service.report(null), r -> psi(r, "distance_km").size() >= 3);
            assertThat(primary.model()).isEqualTo("eta");
            assertThat(primary.version()).isEqualTo(1);
            assertThat(primary.histograms()).extracting(Histogram::signal).containsAll(INPUTS).contains("value");
            List<DriftPoint> distance = psi(primary, "distance_km");
            assertThat(distance.get(0).label()).isEqualTo("window 1");
            assertThat(distance.get(0).drifted()).as("orders like training: %s", distance.get(0)).isFalse();
            assertThat(distance.get(distance.size() - 1).drifted()).as("orders from 30 km on").isTrue();
            assertThat(psi(primary, "value").get(psi(primary, "value").size() - 1).drifted()).as("the ETAs follow").isTrue();
            assertThat(primary.experiments()).as("no outcomes yet").isEmpty();

            HttpResponse<String> page = get(port, "/admin/report");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
            assertThat(page.body()).contains("ETA service: model eta version 1, variant v1 (primary)").contains(INPUTS);

            HttpResponse<String> shadow = get(port, "/admin/report?variant=v3");
            assertThat(shadow.statusCode()).isEqualTo(200);
            assertThat(shadow.body()).contains("ETA service: model eta version 3, variant v3 (shadow)").contains(INPUTS);
            // the shadow scored all 800 orders: four windows, the last after the shift
            List<DriftPoint> shadowDistance = psi(awaitReport(() -> service.report("v3"), r -> psi(r, "distance_km").size() >= 4),
                    "distance_km");
            assertThat(shadowDistance).hasSize(4);
            assertThat(shadowDistance.get(3).drifted()).isTrue();
            assertThat(get(port, "/admin/report?variant=v9").statusCode()).isEqualTo(400);
            assertThat(post(port, "/admin/report", "{}").statusCode()).isEqualTo(405);

            // Outcomes: minutes each delivery missed its ETA by; v2's customers fare better by construction.
            assertThat(post(port, "/outcome", "{\"unit\":\"c-1\"}").statusCode()).isEqualTo(400);
            assertThat(post(port, "/outcome", "{\"unit\":\"c-1\",\"value\":\"late\"}").statusCode()).isEqualTo(400);
            for (Map.Entry<String, String> customer : variants.entrySet()) {
                double late = Math.abs((customer.getValue().equals("v2") ? 2 : 6) + random.nextGaussian() * 2);
                HttpResponse<String> r = post(port, "/outcome", String.format(Locale.ROOT, "{\"unit\":\"%s\",\"value\":%.2f}",
                        customer.getKey(), late));
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            }
            post(port, "/outcome", "{\"unit\":\"never-ordered\",\"value\":3}");

            MonitoringReport withOutcomes = awaitReport(() -> service.report(null),
                    r -> !r.experiments().isEmpty() && r.experiments().get(0).result().arms().stream()
                            .mapToLong(ArmResult::count).sum() == CUSTOMERS);
            assertThat(withOutcomes.experiments()).hasSize(1);
            MonitoringReport.Experiment experiment = withOutcomes.experiments().get(0);
            assertThat(experiment.name()).isEqualTo("eta/canary/v2");
            assertThat(experiment.result().control()).isEqualTo("v1");
            assertThat(experiment.result().arm("v1")).get().extracting(ArmResult::count).isEqualTo(CUSTOMERS - canary);
            assertThat(experiment.result().arm("v2")).get().extracting(ArmResult::count).isEqualTo(canary);
            assertThat(experiment.result().arm("v2").get().mean()).isLessThan(experiment.result().arm("v1").get().mean());
            assertThat(get(port, "/admin/report?variant=v2").body())
                    .contains("ETA service: model eta version 2, variant v2 (canary)");

            inBrowser(URI.create("http://127.0.0.1:" + port + "/admin/report"), withOutcomes.histograms().size());
        }
    }

    /**
     * The admin page as an operator sees it, in a real headless Chromium: nothing fetched but the page, no
     * script errors, every histogram, drift chart and the canary's interval chart drawn with a size.
     */
    private static void inBrowser(URI page, int histograms) {
        Optional<HeadlessChromium> installed = HeadlessChromium.openIfInstalled();
        if (installed.isEmpty()) {
            return; // the notice is printed; the page's content was checked above
        }
        try (HeadlessChromium browser = installed.get()) {
            browser.load(page);
            JsonNode drawn = browser.evaluate("""
                    (() => {
                      const sized = e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
                      const all = s => [...document.querySelectorAll(s)];
                      return {
                        histograms: all('svg.chart.histogram').filter(sized).length,
                        liveBars: all('svg.chart.histogram rect.bar.live').filter(sized).length,
                        drift: all('svg.chart.drift').filter(sized).length,
                        intervals: all('svg.chart.intervals').filter(sized).length
                      };
                    })()""");
            assertThat(browser.problems()).as("console errors, exceptions or extra requests").isEmpty();
            assertThat(drawn.get("histograms").asInt()).as("histogram charts drawn").isEqualTo(histograms);
            assertThat(drawn.get("liveBars").asInt()).as("live bars with a height").isPositive();
            assertThat(drawn.get("drift").asInt()).as("drift-over-time charts drawn").isGreaterThanOrEqualTo(histograms);
            assertThat(drawn.get("intervals").asInt()).as("the canary's interval chart").isEqualTo(1);
        }
    }
}

package dev.modeldeploy.examples.eta;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.modeldeploy.api.Model;
import dev.modeldeploy.api.ModelInfo;
import dev.modeldeploy.api.prediction.Regression;
import dev.modeldeploy.api.repository.ModelRepository;
import dev.modeldeploy.api.repository.ModelUri;
import dev.modeldeploy.examples.JobMain;
import dev.modeldeploy.runtime.features.FeatureEnricher;
import dev.modeldeploy.runtime.features.FeatureLookup;
import dev.modeldeploy.runtime.features.SnapshotFeatureSource;
import dev.modeldeploy.runtime.online.OnlinePredictor;
import dev.modeldeploy.runtime.online.OnlinePredictorConfig;
import dev.modeldeploy.runtime.online.PredictorListener;
import dev.modeldeploy.runtime.online.PredictorMetrics;
import dev.modeldeploy.runtime.rollout.Deployment;
import dev.modeldeploy.runtime.rollout.ErrorRateGuard;
import dev.modeldeploy.runtime.rollout.RolloutMetrics;
import dev.modeldeploy.runtime.rollout.RoutedPrediction;
import dev.modeldeploy.runtime.rollout.RoutingPolicy;
import dev.modeldeploy.runtime.rollout.log.AssignmentLog;
import dev.modeldeploy.runtime.rollout.log.JsonLinesAssignmentSink;
import dev.modeldeploy.runtime.report.MonitoringReport;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The online example: a food-delivery ETA service on the JDK's built-in HTTP server. An order comes in
 * as JSON, is enriched with its restaurant's preparation times from an in-memory snapshot, and is
 * answered by a {@link Deployment}: version 1 in production, version 2 as a 10 % canary by customer,
 * version 3 as a shadow that scores every order off the request thread. An error-rate guard rolls the
 * canary back on its own; admin endpoints change the share, promote and roll back.
 *
 * <p>Every variant's model version is watched for drift: each was published with a training sample, so
 * its bundle carries a baseline, and a {@link dev.modeldeploy.runtime.monitor.DriftMonitor} counts the
 * variant's enriched orders and ETAs into it and compares tumbling windows of {@code --drift-window}
 * predictions with training. Every answer goes to the assignment log ({@code assignments.jsonl}), so
 * that outcomes posted per customer can be joined to the arm the customer was first served by.
 *
 * <pre>
 * POST /predict          {"customer_id":"c-42","restaurant_id":"7","distance_km":3.1,"items":2}
 *                        -> {"eta_minutes":27.3,"variant":"v1","model":"eta","version":1,"experiment":"eta/canary/v2"}
 * POST /outcome          {"unit":"c-42","value":4.5}  a customer's outcome: minutes the delivery missed its
 *                        promised ETA by (lower is better), appended to outcomes.jsonl
 * GET  /metrics          Prometheus text (requests per variant and version, shadow results, drift figures, ...)
 * GET  /admin/report     the monitoring report of the primary variant, one self-contained HTML page;
 *                        ?variant=v2 (or v3) for another
 * GET  /admin/routing    the routing policy, primary and shadows
 * POST /admin/canary     {"share":0.3}  (starts the v2 canary if none runs)
 * POST /admin/promote    {"variant":"v2"}
 * POST /admin/rollback   {"reason":"..."}
 * </pre>
 *
 * <p>The report is built from the live state on every request: the variant's model name and version (in the
 * title), the training vs live histograms of every input field and of the ETA over the monitor's current
 * window (the open part included), the drift figures (PSI, KS) of its last 48 closed windows, and, once
 * customers of the control arm have outcomes, the analysis of the canary experiment
 * ({@code eta/canary/v2}: v2 against v1, Welch's t-test on the mean outcome).
 */
public final class EtaService implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JSON_TYPE = "application/json";
    private static final String CANDIDATE = "v2";
    private static final String CONTROL = "v1";
    /** Predictions per drift window, unless {@code --drift-window} says otherwise. */
    static final int DRIFT_WINDOW = 1_000;

    static {
        // Without TCP_NODELAY the JDK's server answers small responses ~40 ms late (Nagle and delayed
        // ACKs); it reads the setting once, when its first server starts.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final ModelRepository repository;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final EtaMonitoring monitoring;
    private final Deployment<Map<String, Object>, Regression> deployment;
    private final HttpServer server;
    private final ExecutorService threads;

    private EtaService(Path dir, int port, int driftWindow) throws IOException {
        this.repository = ModelRepository.builder().cacheDirectory(dir.resolve("model-cache")).build();
        Path assignments = dir.resolve("assignments.jsonl");
        this.monitoring = new EtaMonitoring(dir, assignments, driftWindow, registry);
        URI model = ModelUri.parse(dir.resolve("models").resolve("eta").toUri()).toUri();
        List<URI> versions = EtaModels.publish(repository, model);
        FeatureEnricher enricher = FeatureEnricher.builder()
                .lookup(FeatureLookup.builder("restaurant", SnapshotFeatureSource.of(EtaModels.restaurants(500)))
                        .keyField("restaurant_id").fields("prep_minutes_7d", "prep_minutes_1h").prefix("restaurant_")
                        .defaultValue("prep_minutes_7d", 15.0).defaultValue("prep_minutes_1h", 15.0).build())
                .build();
        this.deployment = Deployment.builder("eta", CONTROL, serve(versions.get(0), enricher, CONTROL))
                .unitKey(order -> String.valueOf(order.get("customer_id")))
                .variant(CANDIDATE, serve(versions.get(1), enricher, CANDIDATE))
                .variant("v3", serve(versions.get(2), enricher, "v3"))
                .guard(ErrorRateGuard.builder().window(200).minimumRequests(50).maxErrorRate(0.05)
                        .slowCalls(Duration.ofMillis(250), 0.2).build())
                .listener(RolloutMetrics.of(registry, "eta", (served, shadow) -> shadow.value() - served.value()))
                // every answer, not a sample: an outcome joins only to a customer whose assignment was logged
                .assignmentLog(AssignmentLog.builder(new JsonLinesAssignmentSink(assignments)).build())
                .shadowExecutor(1, 1000)
                .build();
        deployment.canary(CANDIDATE, 0.10);
        deployment.shadow("v3", 1.0);

        this.threads = Executors.newFixedThreadPool(8);
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 256);
        server.setExecutor(threads);
        server.createContext("/predict", ex -> handle(ex, "POST", JSON_TYPE, this::predict));
        server.createContext("/outcome", ex -> handle(ex, "POST", JSON_TYPE, this::outcome));
        server.createContext("/metrics", ex -> handle(ex, "GET", "text/plain; version=0.0.4; charset=utf-8",
                query -> registry.scrape()));
        server.createContext("/admin/report", ex -> handle(ex, "GET", "text/html; charset=utf-8",
                query -> report((String) query.get("variant")).toHtml()));
        server.createContext("/admin/routing", ex -> handle(ex, "GET", JSON_TYPE, query -> routing()));
        server.createContext("/admin/canary", ex -> handle(ex, "POST", JSON_TYPE, this::canary));
        server.createContext("/admin/promote", ex -> handle(ex, "POST", JSON_TYPE, this::promote));
        server.createContext("/admin/rollback", ex -> handle(ex, "POST", JSON_TYPE, this::rollback));
        server.start();
    }

    /** Publishes the models if needed into {@code dir}, and serves on {@code port} of the loopback interface (0: any free port). */
    public static EtaService start(Path dir, int port) throws IOException {
        return start(dir, port, DRIFT_WINDOW);
    }

    /** As {@link #start(Path, int)}, with drift windows of {@code driftWindow} predictions per variant. */
    public static EtaService start(Path dir, int port, int driftWindow) throws IOException {
        return new EtaService(dir, port, driftWindow);
    }

    /** The port the service listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The deployment behind {@code /predict}. */
    public Deployment<Map<String, Object>, Regression> deployment() {
        return deployment;
    }

    private OnlinePredictor<Map<String, Object>, Regression> serve(URI version, FeatureEnricher enricher, String variant) {
        Model<Map<String, Object>, ?, Regression> model = EtaModels.load(repository, version);
        return OnlinePredictor.builder(model)
                .enricher(enricher)
                .config(OnlinePredictorConfig.builder().deadline(Duration.ofMillis(200))
                        .listener(PredictorListener.all(PredictorMetrics.of(registry, "eta-" + variant),
                                monitoring.watch(variant, model.info())))
                        .build())
                .build();
    }

    /**
     * The monitoring report of {@code variant} (null: the primary) as it stands: see the class comment. A
     * variant the deployment does not have is a client error (400).
     */
    MonitoringReport report(String variant) throws IOException {
        String v = variant == null || variant.isBlank() ? deployment.primary() : variant;
        if (!deployment.variants().contains(v)) {
            throw new BadRequest("no variant " + v + "; variants: " + deployment.variants());
        }
        ModelInfo model = deployment.variant(v).current();
        String title = "ETA service: model " + model.name() + " version " + model.version() + ", variant " + v
                + " (" + role(v) + ")";
        return monitoring.report(title, model, v, deployment.name() + "/canary/" + CANDIDATE, CONTROL);
    }

    private String role(String variant) {
        if (variant.equals(deployment.primary())) {
            return "primary";
        }
        if (deployment.policy() instanceof RoutingPolicy.Canary c && c.candidate().equals(variant)) {
            return "canary";
        }
        return deployment.shadows().stream().anyMatch(s -> s.variant().equals(variant)) ? "shadow" : "idle";
    }

    // ---- endpoints -----------------------------------------------------------------------------------

    private String predict(Map<String, Object> order) throws IOException {
        if (!(order.get("customer_id") instanceof String) || !order.containsKey("restaurant_id")) {
            throw new BadRequest("an order needs a customer_id (text) and a restaurant_id");
        }
        Map<String, Object> request = new LinkedHashMap<>(order);
        request.put("restaurant_id", String.valueOf(order.get("restaurant_id")));
        RoutedPrediction<Regression> answer = deployment.predict(request);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("eta_minutes", Math.round(answer.value().value() * 10) / 10.0);
        out.put("variant", answer.variant());
        out.put("model", answer.prediction().model());
        out.put("version", answer.version());
        out.put("experiment", answer.experiment());
        return JSON.writeValueAsString(out);
    }

    private String outcome(Map<String, Object> body) throws IOException {
        if (!(body.get("unit") instanceof String unit) || unit.isBlank()
                || !(body.get("value") instanceof Number value) || !Double.isFinite(value.doubleValue())) {
            throw new BadRequest("give {\"unit\": \"c-42\", \"value\": minutes the delivery missed its ETA by}");
        }
        monitoring.outcome(unit, value.doubleValue());
        return JSON.writeValueAsString(Map.of("unit", unit, "value", value.doubleValue()));
    }

    private String routing() throws IOException {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("policy", deployment.policy().toString());
        out.put("primary", deployment.primary());
        out.put("shadows", deployment.shadows().stream().map(Object::toString).toList());
        out.put("shadow_drops", deployment.shadowDrops());
        return JSON.writeValueAsString(out);
    }

    private String canary(Map<String, Object> body) throws IOException {
        if (!(body.get("share") instanceof Number share)) {
            throw new BadRequest("give {\"share\": a number in [0, 1]}");
        }
        if (deployment.policy() instanceof RoutingPolicy.Canary) {
            deployment.setCanaryShare(share.doubleValue());
        } else {
            deployment.canary(CANDIDATE, share.doubleValue());
        }
        return routing();
    }

    private String promote(Map<String, Object> body) throws IOException {
        if (!(body.get("variant") instanceof String variant)) {
            throw new BadRequest("give {\"variant\": \"v2\"}");
        }
        deployment.promote(variant);
        return routing();
    }

    private String rollback(Map<String, Object> body) throws IOException {
        Object reason = body.getOrDefault("reason", "rolled back through /admin/rollback");
        deployment.rollback(String.valueOf(reason));
        return routing();
    }

    // ---- HTTP plumbing -------------------------------------------------------------------------------

    /** An endpoint: a POST's JSON body or a GET's query parameters in, the response body out. */
    @FunctionalInterface
    private interface Endpoint {
        String answer(Map<String, Object> input) throws IOException;
    }

    /** A client error, answered with 400. */
    private static final class BadRequest extends RuntimeException {
        BadRequest(String message) {
            super(message);
        }
    }

    private static void handle(HttpExchange ex, String method, String contentType, Endpoint endpoint) throws IOException {
        try (ex) {
            int status;
            String body;
            String type = JSON_TYPE; // errors are JSON whatever the endpoint
            try {
                if (!ex.getRequestMethod().equals(method)) {
                    status = 405;
                    body = error("use " + method);
                } else {
                    body = endpoint.answer(method.equals("POST") ? readJson(ex.getRequestBody())
                            : query(ex.getRequestURI().getRawQuery()));
                    status = 200;
                    type = contentType;
                }
            } catch (BadRequest | IllegalArgumentException | com.fasterxml.jackson.core.JacksonException e) {
                status = 400;
                body = error(e.getMessage());
            } catch (IllegalStateException e) {
                status = 409;
                body = error(e.getMessage());
            } catch (RuntimeException e) {
                status = 500;
                body = error(e.getClass().getSimpleName() + ": " + e.getMessage());
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", type);
            ex.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** The parameters of a query string ({@code a=1&b=x}); the last of a repeated name wins. */
    private static Map<String, Object> query(String raw) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            out.put(name, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> readJson(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(64 * 1024);
        if (bytes.length == 0) {
            return Map.of();
        }
        Object value = JSON.readValue(bytes, Object.class);
        if (!(value instanceof Map)) {
            throw new BadRequest("the body must be a JSON object");
        }
        return (Map<String, Object>) value;
    }

    private static String error(String message) {
        try {
            return JSON.writeValueAsString(Map.of("error", String.valueOf(message)));
        } catch (IOException e) {
            return "{\"error\":\"unprintable\"}";
        }
    }

    /** Stops the server, then the deployment (shadows, assignment log, models), the monitors and the repository. */
    @Override
    public void close() {
        server.stop(0);
        threads.shutdown();
        deployment.close();
        monitoring.close();
        repository.close();
    }

    /**
     * Options: {@code --port N} (default 8080), {@code --dir FOLDER} (default eta-service-example),
     * {@code --drift-window N} (predictions per drift window, default {@value #DRIFT_WINDOW}).
     */
    record Options(int port, Path dir, int driftWindow) {
        static Options parse(String[] args) {
            int port = 8080;
            Path dir = Path.of("eta-service-example");
            int driftWindow = DRIFT_WINDOW;
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i]) {
                    case "--port" -> port = Integer.parseInt(required(args[i], value));
                    case "--dir" -> dir = Path.of(required(args[i], value));
                    case "--drift-window" -> driftWindow = Integer.parseInt(required(args[i], value));
                    default -> throw new IllegalArgumentException("unknown option " + args[i]
                            + " (use --port N, --dir FOLDER, --drift-window N)");
                }
                i++;
            }
            return new Options(port, dir, driftWindow);
        }

        private static String required(String option, String value) {
            if (value == null) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return value;
        }
    }

    public static void main(String[] args) {
        JobMain.run("eta-service", args, Options::parse, o -> {
            EtaService service = start(o.dir(), o.port(), o.driftWindow());
            Runtime.getRuntime().addShutdownHook(new Thread(service::close));
            System.out.printf("ETA service on http://127.0.0.1:%d (primary v1, 10%% canary v2, shadow v3); Ctrl-C stops it%n",
                    service.port());
            System.out.printf("  curl -s -X POST localhost:%d/predict -d '{\"customer_id\":\"c-42\",\"restaurant_id\":\"7\","
                    + "\"distance_km\":3.1,\"items\":2}'%n", service.port());
            System.out.printf("  monitoring report: http://127.0.0.1:%d/admin/report (?variant=v2, v3)%n", service.port());
            Thread.currentThread().join();
        });
    }
}

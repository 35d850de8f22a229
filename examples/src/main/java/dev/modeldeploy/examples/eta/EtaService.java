package dev.modeldeploy.examples.eta;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.modeldeploy.api.prediction.Regression;
import dev.modeldeploy.api.repository.ModelRepository;
import dev.modeldeploy.api.repository.ModelUri;
import dev.modeldeploy.examples.JobMain;
import dev.modeldeploy.runtime.features.FeatureEnricher;
import dev.modeldeploy.runtime.features.FeatureLookup;
import dev.modeldeploy.runtime.features.SnapshotFeatureSource;
import dev.modeldeploy.runtime.online.OnlinePredictor;
import dev.modeldeploy.runtime.online.OnlinePredictorConfig;
import dev.modeldeploy.runtime.online.PredictorMetrics;
import dev.modeldeploy.runtime.rollout.Deployment;
import dev.modeldeploy.runtime.rollout.ErrorRateGuard;
import dev.modeldeploy.runtime.rollout.RolloutMetrics;
import dev.modeldeploy.runtime.rollout.RoutedPrediction;
import dev.modeldeploy.runtime.rollout.log.AssignmentLog;
import dev.modeldeploy.runtime.rollout.log.JsonLinesAssignmentSink;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
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
 * <pre>
 * POST /predict          {"customer_id":"c-42","restaurant_id":"7","distance_km":3.1,"items":2}
 *                        -> {"eta_minutes":27.3,"variant":"v1","model":"eta","version":1,"experiment":"eta"}
 * GET  /metrics          Prometheus text (requests per variant, shadow results, feature lookups, ...)
 * GET  /admin/routing    the routing policy, primary and shadows
 * POST /admin/canary     {"share":0.3}  (starts the v2 canary if none runs)
 * POST /admin/promote    {"variant":"v2"}
 * POST /admin/rollback   {"reason":"..."}
 * </pre>
 */
public final class EtaService implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CANDIDATE = "v2";

    static {
        // Without TCP_NODELAY the JDK's server answers small responses ~40 ms late (Nagle and delayed
        // ACKs); it reads the setting once, when its first server starts.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final ModelRepository repository;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Deployment<Map<String, Object>, Regression> deployment;
    private final HttpServer server;
    private final ExecutorService threads;

    private EtaService(Path dir, int port) throws IOException {
        this.repository = ModelRepository.builder().cacheDirectory(dir.resolve("model-cache")).build();
        URI model = ModelUri.parse(dir.resolve("models").resolve("eta").toUri()).toUri();
        List<URI> versions = EtaModels.publish(repository, model);
        FeatureEnricher enricher = FeatureEnricher.builder()
                .lookup(FeatureLookup.builder("restaurant", SnapshotFeatureSource.of(EtaModels.restaurants(500)))
                        .keyField("restaurant_id").fields("prep_minutes_7d", "prep_minutes_1h").prefix("restaurant_")
                        .defaultValue("prep_minutes_7d", 15.0).defaultValue("prep_minutes_1h", 15.0).build())
                .build();
        this.deployment = Deployment.builder("eta", "v1", serve(versions.get(0), enricher, "v1"))
                .unitKey(order -> String.valueOf(order.get("customer_id")))
                .variant(CANDIDATE, serve(versions.get(1), enricher, CANDIDATE))
                .variant("v3", serve(versions.get(2), enricher, "v3"))
                .guard(ErrorRateGuard.builder().window(200).minimumRequests(50).maxErrorRate(0.05)
                        .slowCalls(Duration.ofMillis(250), 0.2).build())
                .listener(RolloutMetrics.of(registry, "eta", (served, shadow) -> shadow.value() - served.value()))
                .assignmentLog(AssignmentLog.builder(new JsonLinesAssignmentSink(dir.resolve("assignments.jsonl")))
                        .sampleRate(0.1).build())
                .shadowExecutor(1, 1000)
                .build();
        deployment.canary(CANDIDATE, 0.10);
        deployment.shadow("v3", 1.0);

        this.threads = Executors.newFixedThreadPool(8);
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 256);
        server.setExecutor(threads);
        server.createContext("/predict", ex -> handle(ex, "POST", this::predict));
        server.createContext("/metrics", ex -> handle(ex, "GET", body -> registry.scrape()));
        server.createContext("/admin/routing", ex -> handle(ex, "GET", body -> routing()));
        server.createContext("/admin/canary", ex -> handle(ex, "POST", this::canary));
        server.createContext("/admin/promote", ex -> handle(ex, "POST", this::promote));
        server.createContext("/admin/rollback", ex -> handle(ex, "POST", this::rollback));
        server.start();
    }

    /** Publishes the models if needed into {@code dir}, and serves on {@code port} of the loopback interface (0: any free port). */
    public static EtaService start(Path dir, int port) throws IOException {
        return new EtaService(dir, port);
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
        return OnlinePredictor.builder(EtaModels.load(repository, version))
                .enricher(enricher)
                .config(OnlinePredictorConfig.builder().deadline(Duration.ofMillis(200))
                        .listener(PredictorMetrics.of(registry, "eta-" + variant)).build())
                .build();
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
        if (deployment.policy() instanceof dev.modeldeploy.runtime.rollout.RoutingPolicy.Canary) {
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

    @FunctionalInterface
    private interface Endpoint {
        String answer(Map<String, Object> body) throws IOException;
    }

    /** A client error, answered with 400. */
    private static final class BadRequest extends RuntimeException {
        BadRequest(String message) {
            super(message);
        }
    }

    private static void handle(HttpExchange ex, String method, Endpoint endpoint) throws IOException {
        try (ex) {
            int status;
            String body;
            String type = "application/json";
            try {
                if (!ex.getRequestMethod().equals(method)) {
                    status = 405;
                    body = error("use " + method);
                } else {
                    body = endpoint.answer(method.equals("POST") ? readJson(ex.getRequestBody()) : Map.of());
                    status = 200;
                    if (ex.getRequestURI().getPath().equals("/metrics")) {
                        type = "text/plain; version=0.0.4; charset=utf-8";
                    }
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

    /** Stops the server, then the deployment (shadows, assignment log, models) and the repository. */
    @Override
    public void close() {
        server.stop(0);
        threads.shutdown();
        deployment.close();
        repository.close();
    }

    /** Options: {@code --port N} (default 8080), {@code --dir FOLDER} (default eta-service-example). */
    record Options(int port, Path dir) {
        static Options parse(String[] args) {
            int port = 8080;
            Path dir = Path.of("eta-service-example");
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i]) {
                    case "--port" -> port = Integer.parseInt(required(args[i], value));
                    case "--dir" -> dir = Path.of(required(args[i], value));
                    default -> throw new IllegalArgumentException("unknown option " + args[i] + " (use --port N, --dir FOLDER)");
                }
                i++;
            }
            return new Options(port, dir);
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
            EtaService service = start(o.dir(), o.port());
            Runtime.getRuntime().addShutdownHook(new Thread(service::close));
            System.out.printf("ETA service on http://127.0.0.1:%d (primary v1, 10%% canary v2, shadow v3); Ctrl-C stops it%n",
                    service.port());
            System.out.printf("  curl -s -X POST localhost:%d/predict -d '{\"customer_id\":\"c-42\",\"restaurant_id\":\"7\","
                    + "\"distance_km\":3.1,\"items\":2}'%n", service.port());
            Thread.currentThread().join();
        });
    }
}

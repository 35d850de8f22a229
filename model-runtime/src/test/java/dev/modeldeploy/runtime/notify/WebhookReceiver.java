package dev.modeldeploy.runtime.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A webhook on loopback (the JDK's HTTP server) that keeps every JSON body posted to it. */
public final class WebhookReceiver implements AutoCloseable {
    private final HttpServer server;
    private final BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
    private final URI uri;

    public WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hooks/T0/secret", exchange -> {
            received.add(new ObjectMapper().readTree(exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/T0/secret");
    }

    /** The webhook's URL. */
    public URI uri() {
        return uri;
    }

    /** The next body posted, waiting up to 30 s for it; null if none came. */
    public JsonNode next() throws InterruptedException {
        return received.poll(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

package dev.modeldeploy.runtime.features.redis;

import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.JedisSocketFactory;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.embedded.RedisServer;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real redis-server (embedded-redis) on a free local port, and a Jedis pool whose sockets count
 * their flushes: Jedis flushes once per request/response exchange, so the count is the number of
 * round trips the client made.
 */
final class RedisFixture implements AutoCloseable {
    static final int SOCKET_TIMEOUT_MILLIS = 2_000;

    final int port;
    final AtomicLong roundTrips = new AtomicLong();
    private final RedisServer server;
    /** The server's process, once {@link #suspend()} looked it up. */
    private long pid = -1;

    private RedisFixture(int port, RedisServer server) {
        this.port = port;
        this.server = server;
    }

    static RedisFixture start() throws IOException {
        IOException failure = null;
        // A port free when asked for can be taken by another process before redis binds it: then try another.
        for (int attempt = 0; attempt < 3; attempt++) {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            try {
                return start(port);
            } catch (IOException e) {
                failure = e;
            }
        }
        throw failure;
    }

    static RedisFixture start(int port) throws IOException {
        RedisServer server = RedisServer.newRedisServer().port(port).bind("127.0.0.1")
                .setting("save \"\"").setting("appendonly no").build();
        server.start();
        return new RedisFixture(port, server);
    }

    /** A pool of connections whose round trips are counted in {@link #roundTrips}. */
    JedisPool countingPool() {
        JedisSocketFactory sockets = new JedisSocketFactory() {
            @Override
            public Socket createSocket() {
                Socket socket = new Socket() {
                    private OutputStream out;

                    @Override
                    public synchronized OutputStream getOutputStream() throws IOException {
                        if (out == null) {
                            out = new FilterOutputStream(super.getOutputStream()) {
                                @Override
                                public void write(byte[] b, int off, int len) throws IOException {
                                    this.out.write(b, off, len);
                                }

                                @Override
                                public void flush() throws IOException {
                                    roundTrips.incrementAndGet();
                                    super.flush();
                                }
                            };
                        }
                        return out;
                    }
                };
                try {
                    socket.setTcpNoDelay(true);
                    socket.connect(new InetSocketAddress("127.0.0.1", port), SOCKET_TIMEOUT_MILLIS);
                    socket.setSoTimeout(SOCKET_TIMEOUT_MILLIS);
                    return socket;
                } catch (IOException e) {
                    throw new JedisConnectionException("cannot connect to 127.0.0.1:" + port, e);
                }
            }
        };
        GenericObjectPoolConfig<Jedis> config = new GenericObjectPoolConfig<>();
        config.setMaxTotal(16);
        config.setJmxEnabled(false);
        return new JedisPool(config, sockets, DefaultJedisClientConfig.builder().build());
    }

    /** A plain pool, as an application would configure one. */
    JedisPool pool() {
        return pool(SOCKET_TIMEOUT_MILLIS);
    }

    /** A plain pool whose connections give up a read after {@code socketTimeoutMillis}. */
    JedisPool pool(int socketTimeoutMillis) {
        GenericObjectPoolConfig<Jedis> config = new GenericObjectPoolConfig<>();
        config.setMaxTotal(16);
        config.setJmxEnabled(false);
        return new JedisPool(config, new HostAndPort("127.0.0.1", port),
                DefaultJedisClientConfig.builder().socketTimeoutMillis(socketTimeoutMillis).build());
    }

    /**
     * Freezes the server process (SIGSTOP) until {@link #resume()}: connections still open and commands are
     * still sent, but nothing is answered, as with a server stuck in a slow command. ({@code CLIENT PAUSE}
     * cannot be ended early: in Redis 6.2 {@code CLIENT UNPAUSE} itself waits for the pause to end.) POSIX only.
     */
    void suspend() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** Lets a {@linkplain #suspend() frozen} server run again (SIGCONT): it answers what was sent meanwhile. */
    void resume() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String signal) throws IOException, InterruptedException {
        if (pid < 0) {
            long reported = -1;
            try (Jedis admin = admin()) {
                for (String line : admin.info("server").split("\r?\n")) {
                    if (line.startsWith("process_id:")) {
                        reported = Long.parseLong(line.substring("process_id:".length()).trim());
                    }
                }
            }
            long found = reported;
            // Only ever signal the redis-server this JVM started.
            if (ProcessHandle.current().descendants().noneMatch(h -> h.pid() == found)) {
                throw new IllegalStateException("redis-server on port " + port + " reports process " + reported
                        + ", which this JVM did not start");
            }
            pid = found;
        }
        Process kill = new ProcessBuilder("sh", "-c", "kill -" + signal + " " + pid).inheritIO().start();
        if (!kill.waitFor(30, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            kill.destroyForcibly();
            throw new IllegalStateException("kill -" + signal + " " + pid + " failed");
        }
    }

    /** A connection for setting up data and reading server stats. */
    Jedis admin() {
        return new Jedis("127.0.0.1", port);
    }

    void stop() throws IOException {
        server.stop();
    }

    @Override
    public void close() throws IOException {
        if (server.isActive()) {
            server.stop();
        }
    }
}

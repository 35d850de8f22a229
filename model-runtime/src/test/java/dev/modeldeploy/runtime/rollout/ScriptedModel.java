package dev.modeldeploy.runtime.rollout;

import dev.modeldeploy.api.FeatureBatch;
import dev.modeldeploy.api.ListBatch;
import dev.modeldeploy.api.Model;
import dev.modeldeploy.api.ModelInfo;
import dev.modeldeploy.api.ModelTypes;

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A model for the rollout tests whose answer tells which version computed it ({@code 1000 * version +
 * x}), and which a test can make fail or hang on purpose: {@link #failing(boolean)} throws from every
 * call, {@link #blockOn(CountDownLatch)} holds every call until the latch opens.
 */
final class ScriptedModel implements Model<Map<String, Object>, Double, Double> {
    private final ModelInfo info;
    private final AtomicInteger calls = new AtomicInteger();
    private final CountDownLatch entered = new CountDownLatch(1);
    private volatile boolean failing;
    private volatile CountDownLatch gate;

    ScriptedModel(String name, int version) {
        this.info = ModelInfo.builder(name, "scripted").version(version).build();
    }

    /** The answer version {@code v} gives for a request with {@code x}. */
    static double expected(int version, double x) {
        return 1000.0 * version + x;
    }

    static Map<String, Object> request(String user, double x) {
        return Map.of("user", user, "x", x);
    }

    ScriptedModel failing(boolean fail) {
        this.failing = fail;
        return this;
    }

    ScriptedModel blockOn(CountDownLatch latch) {
        this.gate = latch;
        return this;
    }

    int calls() {
        return calls.get();
    }

    /** Waits until a call has reached the model. */
    void awaitCall() throws InterruptedException {
        entered.await();
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    @Override
    public ModelTypes types() {
        return ModelTypes.of(Map.class, Double.class, Double.class);
    }

    @Override
    public Double preprocess(Map<String, Object> record) {
        return ((Number) record.get("x")).doubleValue();
    }

    @Override
    public Double predict(Double x) {
        calls.incrementAndGet();
        entered.countDown();
        CountDownLatch g = gate;
        if (g != null) {
            try {
                g.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while held", e);
            }
        }
        if (failing) {
            throw new IllegalStateException("injected failure of " + info.name() + "/" + info.version());
        }
        return expected(info.version(), x);
    }

    @Override
    public FeatureBatch<Double> newBatch(int capacity) {
        return new ListBatch<>(capacity);
    }

    @Override
    public void close() {
    }
}

package dev.modeldeploy.runtime.online;

import dev.modeldeploy.api.FeatureBatch;
import dev.modeldeploy.api.Model;
import dev.modeldeploy.api.ModelInfo;
import dev.modeldeploy.api.ModelTypes;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real model wrapped to watch how the predictor uses it: the size of every {@code predictBatch}
 * call, single-record calls, and whether it is ever used after (or closed during) a call. A gate can
 * hold calls until the test opens it, so that tests can line requests up without timing. The version
 * is overridden, so that two instances of one model can play two versions.
 */
final class ProbeModel<I, F, O> implements Model<I, F, O> {
    private final Model<I, F, O> delegate;
    private final ModelInfo info;
    private final Queue<Integer> batchSizes = new ConcurrentLinkedQueue<>();
    private final AtomicInteger singleCalls = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger violations = new AtomicInteger();
    private final AtomicInteger closes = new AtomicInteger();
    private volatile boolean closed;
    private volatile Gate gate;
    private volatile Gate preprocessGate;
    private final Queue<String> recordPreprocessors = new ConcurrentLinkedQueue<>();
    private final AtomicInteger batchPreprocesses = new AtomicInteger();

    ProbeModel(Model<I, F, O> delegate, int version) {
        this.delegate = delegate;
        this.info = delegate.info().toBuilder().version(version).build();
    }

    ProbeModel(Model<I, F, O> delegate, ModelInfo info) {
        this.delegate = delegate;
        this.info = info;
    }

    /** Holds every call from now on until {@link Gate#open()}. */
    Gate arm() {
        Gate g = new Gate();
        gate = g;
        return g;
    }

    /** Holds every {@code preprocess} of one record from now on until {@link Gate#open()}. */
    Gate armPreprocess() {
        Gate g = new Gate();
        preprocessGate = g;
        return g;
    }

    /** The threads that called {@code preprocess} on one record, one entry per call. */
    List<String> recordPreprocessors() {
        return List.copyOf(recordPreprocessors);
    }

    /** Calls of {@code preprocess} on a list of records into a batch. */
    int batchPreprocesses() {
        return batchPreprocesses.get();
    }

    /** Lets calls from now on pass; calls already held stay held until their gate opens. */
    void disarm() {
        gate = null;
    }

    /** Records per {@code predictBatch} call, in call order. */
    List<Integer> batchSizes() {
        return List.copyOf(batchSizes);
    }

    int singleCalls() {
        return singleCalls.get();
    }

    /** Calls made after close, or closes made during a call. */
    int violations() {
        return violations.get();
    }

    int closes() {
        return closes.get();
    }

    boolean isClosed() {
        return closed;
    }

    private void enter() {
        inFlight.incrementAndGet();
        if (closed) {
            violations.incrementAndGet();
        }
        Gate g = gate;
        if (g != null) {
            g.pass();
        }
    }

    private void exit() {
        inFlight.decrementAndGet();
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    @Override
    public ModelTypes types() {
        return delegate.types();
    }

    @Override
    public F preprocess(I record) {
        recordPreprocessors.add(Thread.currentThread().getName());
        Gate g = preprocessGate;
        if (g != null) {
            g.pass();
        }
        return delegate.preprocess(record);
    }

    @Override
    public O predict(F features) {
        enter();
        try {
            return delegate.predict(features);
        } finally {
            exit();
        }
    }

    @Override
    public FeatureBatch<F> newBatch(int capacity) {
        return delegate.newBatch(capacity);
    }

    @Override
    public void preprocess(List<? extends I> records, FeatureBatch<F> into) {
        batchPreprocesses.incrementAndGet();
        delegate.preprocess(records, into);
    }

    @Override
    public List<O> predictBatch(FeatureBatch<F> batch) {
        enter();
        try {
            batchSizes.add(batch.size());
            return delegate.predictBatch(batch);
        } finally {
            exit();
        }
    }

    @Override
    public O predictRecord(I record) {
        enter();
        try {
            singleCalls.incrementAndGet();
            return delegate.predictRecord(record);
        } finally {
            exit();
        }
    }

    @Override
    public List<O> predictRecords(List<? extends I> records) {
        FeatureBatch<F> batch = newBatch(records.size());
        preprocess(records, batch);
        return predictBatch(batch);
    }

    @Override
    public void close() {
        closes.incrementAndGet();
        closed = true;
        if (inFlight.get() > 0) {
            violations.incrementAndGet();
        }
        delegate.close();
    }

    @Override
    public String toString() {
        return "Probe(" + info + ")";
    }

    /** Holds calls until opened; tells the test when the first call arrived. */
    static final class Gate {
        private final CountDownLatch entered = new CountDownLatch(1);
        private final CountDownLatch open = new CountDownLatch(1);

        private void pass() {
            entered.countDown();
            try {
                if (!open.await(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("gate never opened");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        /** Waits until a call is held at the gate. */
        void awaitEntered() throws InterruptedException {
            if (!entered.await(60, TimeUnit.SECONDS)) {
                throw new AssertionError("no call reached the gate");
            }
        }

        void open() {
            open.countDown();
        }
    }
}

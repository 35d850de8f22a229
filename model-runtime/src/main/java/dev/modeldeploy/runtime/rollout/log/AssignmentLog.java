package dev.modeldeploy.runtime.rollout.log;

import dev.modeldeploy.runtime.rollout.RoutedPrediction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Records a sample of a deployment's routed requests ({@link Assignment}s) to an {@link AssignmentSink},
 * off the request thread: {@link #record} puts the assignment in a bounded queue and returns at once;
 * one writer thread drains the queue in batches to the sink. When the queue is full the assignment is
 * dropped and counted ({@link #dropped()}): the log never blocks or fails a request.
 *
 * <pre>{@code
 * AssignmentLog log = AssignmentLog.builder(new JsonLinesAssignmentSink(Path.of("assignments.jsonl")))
 *         .sampleRate(0.1).build();
 * Deployment.builder("eta", ...).assignmentLog(log)...
 * }</pre>
 *
 * <p>Thread-safe. {@link #close()} writes what is queued, then closes the sink.
 */
public final class AssignmentLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AssignmentLog.class);

    private final AssignmentSink sink;
    private final double sampleRate;
    private final int batchSize;
    private final Clock clock;
    private final BlockingQueue<Assignment> queue;
    private final LongAdder dropped = new LongAdder();
    private final LongAdder written = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final Thread writer;
    private volatile boolean closing;

    private AssignmentLog(Builder b) {
        this.sink = b.sink;
        this.sampleRate = b.sampleRate;
        this.batchSize = b.batchSize;
        this.clock = b.clock;
        this.queue = new ArrayBlockingQueue<>(b.queueCapacity);
        this.writer = new Thread(this::drain, "modeldeploy-assignment-log");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /** A builder writing to {@code sink}, which the log owns. */
    public static Builder builder(AssignmentSink sink) {
        return new Builder(Objects.requireNonNull(sink, "sink"));
    }

    /**
     * Records a sampled share of answers; never blocks.
     *
     * @return whether the answer was queued (false if not sampled, dropped, or the log is closed)
     */
    public boolean record(RoutedPrediction<?> answer) {
        if (sampleRate < 1 && ThreadLocalRandom.current().nextDouble() >= sampleRate) {
            return false;
        }
        return record(new Assignment(clock.instant(), answer.unit(), answer.experiment(), answer.variant(),
                answer.prediction().model(), answer.version(), answer.value()));
    }

    /** Queues one assignment, unsampled; never blocks. Returns false if it was dropped. */
    public boolean record(Assignment assignment) {
        if (closing || !queue.offer(assignment)) {
            dropped.increment();
            return false;
        }
        return true;
    }

    /** Assignments dropped because the queue was full (or the log closed). */
    public long dropped() {
        return dropped.sum();
    }

    /** Assignments the sink accepted. */
    public long written() {
        return written.sum();
    }

    /** Assignments lost because the sink failed. */
    public long failed() {
        return failed.sum();
    }

    private void drain() {
        List<Assignment> batch = new ArrayList<>(batchSize);
        while (true) {
            Assignment first;
            try {
                first = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                break;
            }
            if (first == null) {
                if (closing) {
                    break;
                }
                continue;
            }
            batch.add(first);
            queue.drainTo(batch, batchSize - 1);
            write(batch);
            batch.clear();
        }
        queue.drainTo(batch);
        if (!batch.isEmpty()) {
            write(batch);
        }
    }

    private void write(List<Assignment> batch) {
        try {
            sink.write(batch);
            written.add(batch.size());
        } catch (Exception e) {
            failed.add(batch.size());
            LOG.warn("assignment sink {} failed; {} assignments lost", sink.getClass().getName(), batch.size(), e);
        }
    }

    /** Stops taking assignments, writes those queued, and closes the sink. Idempotent. */
    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        try {
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            sink.close();
        } catch (Exception e) {
            LOG.warn("closing assignment sink {} failed", sink.getClass().getName(), e);
        }
    }

    /** Builds an {@link AssignmentLog}. Not thread-safe. */
    public static final class Builder {
        private final AssignmentSink sink;
        private double sampleRate = 1.0;
        private int queueCapacity = 10_000;
        private int batchSize = 500;
        private Clock clock = Clock.systemUTC();

        private Builder(AssignmentSink sink) {
            this.sink = sink;
        }

        /** The share of answers recorded, in [0, 1] (default 1: all). */
        public Builder sampleRate(double rate) {
            if (!(rate >= 0 && rate <= 1)) {
                throw new IllegalArgumentException("sampleRate must be in [0, 1], was " + rate);
            }
            this.sampleRate = rate;
            return this;
        }

        /** Assignments that may wait for the writer; beyond, they are dropped (default 10,000). */
        public Builder queueCapacity(int capacity) {
            if (capacity < 1) {
                throw new IllegalArgumentException("queueCapacity must be >= 1, was " + capacity);
            }
            this.queueCapacity = capacity;
            return this;
        }

        /** Assignments per sink write at most (default 500). */
        public Builder batchSize(int size) {
            if (size < 1) {
                throw new IllegalArgumentException("batchSize must be >= 1, was " + size);
            }
            this.batchSize = size;
            return this;
        }

        /** The clock that stamps assignments (default UTC system clock). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Starts the writer thread. */
        public AssignmentLog build() {
            return new AssignmentLog(this);
        }
    }
}

package dev.modeldeploy.benchmarks;

import dev.modeldeploy.api.DenseBatch;
import dev.modeldeploy.api.prediction.Classification;
import dev.modeldeploy.benchmarks.LinearModelBenchmark.Cursor;
import dev.modeldeploy.benchmarks.OnnxServingBenchmark.Batching;
import dev.modeldeploy.benchmarks.OnnxServingBenchmark.Fixture;
import dev.modeldeploy.runtime.online.Prediction;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The latency side of micro-batching, on the model and predictor of {@link OnnxServingBenchmark}: a
 * request should be answered within {@code maxDelay} plus two batch times (the batch running when it
 * arrives, then its own), at the 99th percentile.
 *
 * <ul>
 *   <li>{@code microBatched32}: 32 caller threads each call {@code predict} on a micro-batching predictor
 *       (batches of up to 32 records, {@code maxDelayMicros}); sample mode records every call's time from
 *       {@code predict} to its answer, so the results carry the percentiles;</li>
 *   <li>{@code batchOf32}: one batch time, uncontended: one thread preprocesses 32 raw records into a
 *       reused feature batch and scores them with one {@code predictBatch} call, as a micro-batch does.</li>
 * </ul>
 *
 * Under 32 callers on a small machine, a batch shares the cores with the callers, so it takes longer than
 * {@code batchOf32}: the budget is the one the goal names, not what the loaded machine allows.
 */
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class MicroBatchLatencyBenchmark {
    static final int BATCH = 32;

    /** 32 consecutive records at a time, and the feature batch a dispatcher would reuse. */
    @State(Scope.Thread)
    public static class Batches {
        DenseBatch batch;
        int next;

        @Setup(Level.Trial)
        public void setUp(Fixture f) {
            batch = f.model.newBatch(BATCH);
        }

        List<Map<String, Object>> nextRecords(Fixture f) {
            List<Map<String, Object>> records = f.linear.records;
            int from = next;
            next = from + BATCH >= records.size() ? 0 : from + BATCH;
            return records.subList(from, from + BATCH);
        }
    }

    @Benchmark
    @Threads(32)
    @BenchmarkMode(Mode.SampleTime)
    public Prediction<Classification> microBatched32(Fixture f, Batching b, Cursor c) {
        return b.predictor.predict(f.linear.records.get(c.advance()));
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    public List<Classification> batchOf32(Fixture f, Batches s) {
        s.batch.clear();
        f.model.preprocess(s.nextRecords(f), s.batch);
        return f.model.predictBatch(s.batch);
    }
}

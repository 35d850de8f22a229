package dev.modeldeploy.benchmarks;

import dev.modeldeploy.api.Model;
import dev.modeldeploy.api.prediction.Classification;
import dev.modeldeploy.benchmarks.LinearModelBenchmark.Cursor;
import dev.modeldeploy.benchmarks.LinearModelBenchmark.Fixture;
import dev.modeldeploy.runtime.online.OnlinePredictor;
import dev.modeldeploy.runtime.online.OnlinePredictorConfig;
import dev.modeldeploy.runtime.online.Prediction;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Micro-batching with 32 concurrent callers against each caller calling the model itself, on the
 * 32-feature logistic regression of {@link LinearModelBenchmark}, with and without a simulated fixed
 * cost per model call ({@code callCostNanos}: 0 for the pure-Java {@code linear} format, 7600 for
 * ONNX Runtime's measured per-call cost; see {@link SimulatedCallCost}):
 *
 * <ul>
 *   <li>{@code perCall}: every caller runs {@code model.predictRecord} on its own thread;</li>
 *   <li>{@code microBatched}: every caller runs {@code predictor.predict} on a predictor with
 *       micro-batches of up to 32 records and {@code maxDelayMicros} of waiting to fill one.</li>
 * </ul>
 *
 * <p>Throughput shows what batching buys; sample time (run with {@code -bm sample}) its latency
 * percentiles. On a model whose call has no fixed cost, batching only adds hand-offs between threads;
 * it pays off when a call has one, as native runtimes do. The ONNX variant joins when that format lands.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@Threads(32)
public class MicroBatchingBenchmark {

    /** The model with its simulated per-call cost. */
    @State(Scope.Benchmark)
    public static class Serving {
        @Param({"0", "7600"})
        public long callCostNanos;
        Model<Map<String, Object>, float[], Classification> model;

        @Setup(Level.Trial)
        public void setUp(Fixture f) {
            model = new SimulatedCallCost<>(f.model, callCostNanos);
        }
    }

    /** A micro-batching predictor over that model. */
    @State(Scope.Benchmark)
    public static class Batching {
        @Param({"0", "100"})
        public long maxDelayMicros;
        OnlinePredictor<Map<String, Object>, Classification> predictor;

        @Setup(Level.Trial)
        public void setUp(Serving s) {
            predictor = OnlinePredictor.builder(s.model).config(OnlinePredictorConfig.builder()
                    .microBatching(32, Duration.ofNanos(maxDelayMicros * 1000)).build()).build();
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            predictor.close();
        }
    }

    @Benchmark
    public Classification perCall(Fixture f, Serving s, Cursor c) {
        return s.model.predictRecord(f.records.get(c.advance()));
    }

    @Benchmark
    public Prediction<Classification> microBatched(Fixture f, Batching b, Cursor c) {
        return b.predictor.predict(f.records.get(c.advance()));
    }
}

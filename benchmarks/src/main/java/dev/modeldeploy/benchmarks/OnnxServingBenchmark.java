package dev.modeldeploy.benchmarks;

import dev.modeldeploy.api.prediction.Classification;
import dev.modeldeploy.benchmarks.LinearModelBenchmark.Cursor;
import dev.modeldeploy.onnx.OnnxModel;
import dev.modeldeploy.onnx.OnnxOptions;
import dev.modeldeploy.runtime.online.OnlinePredictor;
import dev.modeldeploy.runtime.online.OnlinePredictorConfig;
import dev.modeldeploy.runtime.online.Prediction;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The online predictor on the {@code onnx} format run by ONNX Runtime 1.28.0 (one intra-op thread), on the
 * 32-feature logistic regression of {@link LinearModelBenchmark} written as an ONNX graph by
 * {@link OnnxModelBenchmark#writeLogisticRegression}. Every call starts from a raw {@code Map}
 * record, so preprocessing is included on both sides of each comparison.
 *
 * <ul>
 *   <li>{@code direct} vs {@code predictor} (one thread): what the predictor adds to a
 *       single-record call without micro-batching (goal: at most 1.03× the direct time);</li>
 *   <li>{@code perCall32} vs {@code microBatched32} (32 caller threads): every caller runs
 *       {@code model.predictRecord} itself, against every caller going through a predictor that
 *       gathers up to 32 records per {@code predictBatch} call, waiting at most {@code maxDelayMicros}
 *       to fill one (goal: at least 2× the throughput). Run with {@code -bm sample} for the latency
 *       percentiles (goal: p99 within {@code maxDelay} plus two batch times).</li>
 *   <li>{@code perCall2} vs {@code asyncWindow32} (2 caller threads, as an event-loop server on two
 *       cores has): each thread calls the model itself, against each thread keeping {@value #WINDOW}
 *       requests in flight through {@code predictAsync} (32 concurrent requests in all) and waiting only
 *       when its window is full. A caller thread parked per request costs a park, an unpark and two
 *       context switches for every answer, which on two cores is of the order of ONNX Runtime's own
 *       per-call cost; callers that do not block a thread per request pay that once per window. (The
 *       blocking callers of {@code microBatched32} avoid most of it: the last of them to queue its
 *       request usually runs the batch, and the others yield their core, or spin while their batch is
 *       scored, instead of parking.)</li>
 * </ul>
 *
 * <p>Run with {@code -prof gc}: {@code predictor} against {@code direct} in {@code gc.alloc.rate.norm}
 * is the {@link Prediction} the predictor returns.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class OnnxServingBenchmark {
    static final int WINDOW = 16;

    /** The ONNX model of the linear fixture's weights, on ONNX Runtime. */
    @State(Scope.Benchmark)
    public static class Fixture {
        LinearModelBenchmark.Fixture linear;
        Path directory;
        OnnxModel<Map<String, Object>, Classification> model;

        @Setup(Level.Trial)
        public void setUp(LinearModelBenchmark.Fixture linear) throws Exception {
            this.linear = linear;
            directory = Files.createTempDirectory("onnx-serving-benchmark-");
            Path file = OnnxModelBenchmark.writeLogisticRegression(directory.resolve("logistic.onnx"), linear.weights,
                    linear.intercept);
            model = OnnxModel.builder(file).features(linear.model.pipeline().spec()).labels("no", "yes")
                    .options(OnnxOptions.builder().intraOpThreads(1).engine(OnnxOptions.Engine.ONNX_RUNTIME).build()).classifier();
            for (int k = 0; k < 8; k++) {
                Map<String, Object> record = linear.records.get(k);
                float expected = linear.model.predictRecord(record).probability(1);
                float actual = model.predictRecord(record).probability(1);
                if (Math.abs(expected - actual) > 1e-5) {
                    throw new IllegalStateException("row " + k + ": linear " + expected + ", onnx " + actual);
                }
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() throws Exception {
            model.close();
            OnnxPeers.deleteFolder(directory);
        }
    }

    /** A predictor without micro-batching, warmed up on the schema's synthetic rows. */
    @State(Scope.Benchmark)
    public static class Plain {
        OnlinePredictor<Map<String, Object>, Classification> predictor;

        @Setup(Level.Trial)
        public void setUp(Fixture f) {
            predictor = OnlinePredictor.builder(f.model).build();
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            predictor.close();
        }
    }

    /** A micro-batching predictor: batches of up to 32 records, waiting at most {@code maxDelayMicros}. */
    @State(Scope.Benchmark)
    public static class Batching {
        @Param({"0", "100"})
        public long maxDelayMicros;
        OnlinePredictor<Map<String, Object>, Classification> predictor;

        @Setup(Level.Trial)
        public void setUp(Fixture f) {
            predictor = OnlinePredictor.builder(f.model).config(OnlinePredictorConfig.builder()
                    .microBatching(32, Duration.ofNanos(maxDelayMicros * 1000)).build()).build();
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            predictor.close();
        }
    }

    @Benchmark
    public Classification direct(Fixture f, Cursor c) {
        return f.model.predictRecord(f.linear.records.get(c.advance()));
    }

    @Benchmark
    public Prediction<Classification> predictor(Fixture f, Plain p, Cursor c) {
        return p.predictor.predict(f.linear.records.get(c.advance()));
    }

    @Benchmark
    @Threads(32)
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public Classification perCall32(Fixture f, Cursor c) {
        return f.model.predictRecord(f.linear.records.get(c.advance()));
    }

    @Benchmark
    @Threads(2)
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public Classification perCall2(Fixture f, Cursor c) {
        return f.model.predictRecord(f.linear.records.get(c.advance()));
    }

    @Benchmark
    @Threads(2)
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(WINDOW)
    public void asyncWindow32(Fixture f, Batching b, Cursor c, Window w, Blackhole bh) {
        for (int i = 0; i < WINDOW; i++) {
            w.inFlight[i] = b.predictor.predictAsync(f.linear.records.get(c.advance()));
        }
        for (int i = 0; i < WINDOW; i++) {
            bh.consume(w.inFlight[i].join());
        }
    }

    /** A caller thread's requests in flight. */
    @State(Scope.Thread)
    public static class Window {
        @SuppressWarnings("unchecked")
        final CompletableFuture<Prediction<Classification>>[] inFlight = new CompletableFuture[WINDOW];
    }

    @Benchmark
    @Threads(32)
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public Prediction<Classification> microBatched32(Fixture f, Batching b, Cursor c) {
        return b.predictor.predict(f.linear.records.get(c.advance()));
    }
}

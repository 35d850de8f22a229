package dev.modeldeploy.benchmarks;

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
import org.openjdk.jmh.annotations.Warmup;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the online predictor adds to one single-record call, without micro-batching, on the 32-feature
 * logistic regression of {@link LinearModelBenchmark} (the built-in {@code linear} format, whose own
 * call costs tens of nanoseconds, so any overhead shows):
 *
 * <ul>
 *   <li>{@code direct}: {@code model.predictRecord(map)}, the floor;</li>
 *   <li>{@code predictor}: {@code predictor.predict(map)}: taking and giving back a reference on the
 *       model version in service, and the {@link Prediction} that says which version answered;</li>
 *   <li>{@code predictValue}: {@code predictor.predictValue(map)}, the same without the
 *       {@link Prediction}.</li>
 * </ul>
 *
 * <p>Run with {@code -prof gc}: the difference in {@code gc.alloc.rate.norm} between {@code predictor}
 * and {@code direct} is the {@link Prediction} (32 bytes; the JIT does not remove it, since
 * {@code predict} compiles too big to inline into its caller). {@link OnnxServingBenchmark} measures
 * the same on the {@code onnx} format, and micro-batching.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class OnlinePredictorBenchmark {

    /**
     * A predictor without micro-batching over the fixture's model, warmed up ({@code warmUp}) not at
     * all, with its default synthetic rows from the schema ({@code LinkedHashMap}s, so the JIT also sees
     * a second map class), or with the benchmark's own {@code HashMap} records as warm-up records.
     */
    @State(Scope.Benchmark)
    public static class Predictor {
        @Param({"none", "schema", "traffic"})
        public String warmUp;
        OnlinePredictor<Map<String, Object>, Classification> predictor;

        @Setup(Level.Trial)
        public void setUp(Fixture f) {
            OnlinePredictor.Builder<Map<String, Object>, Classification> builder = OnlinePredictor.builder(f.model)
                    .config(OnlinePredictorConfig.builder().warmUpIterations(warmUp.equals("none") ? 0 : 1000).build());
            if (warmUp.equals("traffic")) {
                builder.warmUpRecords(f.records.subList(0, 8));
            }
            predictor = builder.build();
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            predictor.close();
        }
    }

    @Benchmark
    public Classification direct(Fixture f, Cursor c) {
        return f.model.predictRecord(f.records.get(c.advance()));
    }

    @Benchmark
    public Prediction<Classification> predictor(Fixture f, Predictor p, Cursor c) {
        return p.predictor.predict(f.records.get(c.advance()));
    }

    @Benchmark
    public Classification predictValue(Fixture f, Predictor p, Cursor c) {
        return p.predictor.predictValue(f.records.get(c.advance()));
    }
}

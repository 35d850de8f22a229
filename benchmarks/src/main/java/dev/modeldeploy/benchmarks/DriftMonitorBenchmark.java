package dev.modeldeploy.benchmarks;

import dev.modeldeploy.api.prediction.Classification;
import dev.modeldeploy.benchmarks.LinearModelBenchmark.Cursor;
import dev.modeldeploy.onnx.OnnxModel;
import dev.modeldeploy.onnx.OnnxOptions;
import dev.modeldeploy.runtime.monitor.Baseline;
import dev.modeldeploy.runtime.monitor.DriftConfig;
import dev.modeldeploy.runtime.monitor.DriftMonitor;
import dev.modeldeploy.runtime.monitor.HistogramBaselineComputer;
import dev.modeldeploy.runtime.monitor.WindowSpec;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the drift monitor adds to a prediction, against one single-record ONNX prediction of the
 * 32-feature logistic regression of {@link OnnxModelBenchmark} (goal: at most 5 %):
 *
 * <ul>
 *   <li>{@code onnxPredict}: {@code model.predictRecord(map)} through ONNX Runtime, the reference;</li>
 *   <li>{@code monitorOutputs}: {@code monitor.record(null, prediction)}: the label and the two class
 *       probabilities binned and counted;</li>
 *   <li>{@code monitorInputsAndOutputs}: {@code monitor.record(map, prediction)}: also the 32 input
 *       fields read from the map, binned and counted (35 counter increments);</li>
 *   <li>{@code monitorInputsSampled}: the same with {@code inputEvery(8)}: inputs read from one prediction in 8;</li>
 *   <li>{@code onnxPredictAndMonitor}: prediction and {@code monitorInputsAndOutputs}, as the online
 *       predictor's listener does it.</li>
 * </ul>
 *
 * <p>The recording monitors' window never closes during a measurement ({@link WindowSpec#untilFlushed()}),
 * so that what is measured is the per-prediction path alone; run with {@code -prof gc}: {@code monitor*}
 * should allocate nothing. What a window's evaluation costs (off the request path, on the monitor's
 * own thread) is {@code evaluateWindow}: every figure of the 35 signals over a window of
 * {@value #WINDOW} predictions; divide by {@value #WINDOW} for its share per prediction.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DriftMonitorBenchmark {
    static final int WINDOW = 10_000;

    /** The ONNX model, predictions of the record pool, and two monitors against the model's baseline. */
    @State(Scope.Benchmark)
    public static class Fixture {
        LinearModelBenchmark.Fixture linear;
        Path directory;
        OnnxModel<Map<String, Object>, Classification> onnx;
        Classification[] predictions;
        DriftMonitor outputs;
        DriftMonitor inputsAndOutputs;
        DriftMonitor filled;
        DriftMonitor sampled;

        @Setup(Level.Trial)
        public void setUp(LinearModelBenchmark.Fixture linear) throws Exception {
            this.linear = linear;
            directory = Files.createTempDirectory("drift-benchmark-");
            Path file = OnnxModelBenchmark.writeLogisticRegression(directory.resolve("logistic.onnx"), linear.weights, linear.intercept);
            onnx = OnnxModel.builder(file).features(linear.model.pipeline().spec()).labels("no", "yes")
                    .options(OnnxOptions.builder().intraOpThreads(1).engine(OnnxOptions.Engine.ONNX_RUNTIME).build()).classifier();
            List<Map<String, Object>> pool = linear.records;
            predictions = new Classification[pool.size()];
            for (int i = 0; i < predictions.length; i++) {
                predictions[i] = onnx.predictRecord(pool.get(i));
            }
            Baseline baseline = HistogramBaselineComputer.baseline(onnx, pool);
            if (baseline.inputs().size() != LinearModelBenchmark.FEATURES || baseline.outputs().size() != 3) {
                throw new IllegalStateException("unexpected baseline " + baseline);
            }
            DriftConfig config = DriftConfig.builder().window(WindowSpec.untilFlushed()).build();
            outputs = DriftMonitor.of("bench", 1, baseline, config.toBuilder().inputs(false).build());
            inputsAndOutputs = DriftMonitor.of("bench", 1, baseline, config);
            filled = DriftMonitor.of("bench", 1, baseline, config);
            sampled = DriftMonitor.of("bench", 1, baseline, config.toBuilder().inputEvery(8).build());
            for (int i = 0; i < WINDOW; i++) {
                int k = i % pool.size();
                filled.record(pool.get(k), predictions[k]);
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() throws Exception {
            outputs.close();
            inputsAndOutputs.close();
            filled.close();
            sampled.close();
            onnx.close();
            OnnxPeers.deleteFolder(directory);
        }
    }

    @Benchmark
    public Classification onnxPredict(Fixture f, Cursor c) {
        return f.onnx.predictRecord(f.linear.records.get(c.advance()));
    }

    @Benchmark
    public void monitorOutputs(Fixture f, Cursor c) {
        f.outputs.record(null, f.predictions[c.advance()]);
    }

    @Benchmark
    public void monitorInputsAndOutputs(Fixture f, Cursor c) {
        int i = c.advance();
        f.inputsAndOutputs.record(f.linear.records.get(i), f.predictions[i]);
    }

    @Benchmark
    public void monitorInputsSampled(Fixture f, Cursor c) {
        int i = c.advance();
        f.sampled.record(f.linear.records.get(i), f.predictions[i]);
    }

    @Benchmark
    public Object evaluateWindow(Fixture f) {
        return f.filled.peek();
    }

    @Benchmark
    public void onnxPredictAndMonitor(Fixture f, Cursor c, Blackhole bh) {
        Map<String, Object> record = f.linear.records.get(c.advance());
        Classification p = f.onnx.predictRecord(record);
        f.inputsAndOutputs.record(record, p);
        bh.consume(p);
    }
}

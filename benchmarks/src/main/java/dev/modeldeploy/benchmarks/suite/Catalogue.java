package dev.modeldeploy.benchmarks.suite;

import dev.modeldeploy.benchmarks.suite.Figure.AddedAllocation;
import dev.modeldeploy.benchmarks.suite.Figure.AddedTime;
import dev.modeldeploy.benchmarks.suite.Figure.LatencyBudget;
import dev.modeldeploy.benchmarks.suite.Figure.Percentile;
import dev.modeldeploy.benchmarks.suite.Figure.Scaling;
import dev.modeldeploy.benchmarks.suite.Figure.Score;
import dev.modeldeploy.benchmarks.suite.Figure.Speedup;
import dev.modeldeploy.benchmarks.suite.Figure.TimeRatio;

import java.util.List;

import static dev.modeldeploy.benchmarks.suite.Comparison.of;
import static dev.modeldeploy.benchmarks.suite.Comparison.report;

/**
 * Every figure the issues asked for, each against the baseline it names, all measured in the same
 * run. The short profile measures exactly the points these need. Allocation goals of 0 B/op allow
 * half a byte: {@code -prof gc} divides whole-iteration allocation by the operation count.
 */
public final class Catalogue {
    private Catalogue() {
    }

    private static Point at(String benchmark, String... params) {
        return Point.of(benchmark, params);
    }

    /** The micro-batching predictor's {@code maxDelay} whose latency is measured: also its budget's fixed part. */
    private static final int LATENCY_MAX_DELAY_MICROS = 100;
    private static final Point LATENCY = at("MicroBatchLatencyBenchmark.microBatched32", "maxDelayMicros",
            String.valueOf(LATENCY_MAX_DELAY_MICROS));

    /** The summary's lines, in order. */
    public static List<Comparison> comparisons() {
        return List.of(
                // Formats: the ONNX format against plain ONNX Runtime and DJL on the same graph.
                of("ONNX", "onnx format, single record, vs raw OrtSession.run", new TimeRatio(
                        at("OnnxModelBenchmark.onnxSingle"), at("OnnxModelBenchmark.rawSingle")), Goal.atMost(1.05, "≤ 1.05× time")),
                of("ONNX", "onnx format, batch of 1024 in a direct DenseBatch, vs raw OrtSession.run on a filled direct buffer",
                        new TimeRatio(at("OnnxModelBenchmark.onnxBatchDirect", "n", "1024"), at("OnnxModelBenchmark.rawBatch", "n", "1024")),
                        Goal.atMost(1.05, "≤ 1.05× time")),
                report("ONNX", "onnx format, batch of 1024 on the heap (copied to native memory), vs raw OrtSession.run on a filled direct buffer",
                        new TimeRatio(at("OnnxModelBenchmark.onnxBatch", "n", "1024"), at("OnnxModelBenchmark.rawBatch", "n", "1024"))),
                report("ONNX", "onnx format, batch of 1024 on the heap, vs raw OrtSession.run copying the same float[] into its direct buffer",
                        new TimeRatio(at("OnnxModelBenchmark.onnxBatch", "n", "1024"), at("OnnxModelBenchmark.rawBatchFromArray", "n", "1024"))),
                of("ONNX", "onnx format, batch of 1024, allocation beyond raw OrtSession.run", new AddedAllocation(
                        at("OnnxModelBenchmark.onnxBatch", "n", "1024"), at("OnnxModelBenchmark.rawBatch", "n", "1024")),
                        Goal.atMost(0.5, "≤ 0 B/op")),
                report("ONNX", "onnx format, batch of 1024 and every row's class and probability read, vs the same read from raw OrtSession.run's output",
                        new TimeRatio(at("OnnxModelBenchmark.onnxBatchRead", "n", "1024"), at("OnnxModelBenchmark.rawBatchRead", "n", "1024"))),
                of("ONNX", "onnx format, single record, allocation beyond raw OrtSession.run", new AddedAllocation(
                        at("OnnxModelBenchmark.onnxSingle"), at("OnnxModelBenchmark.rawSingle")), Goal.atMost(0.5, "≤ 0 B/op")),
                report("ONNX", "onnx format, single record, speed-up over DJL 0.38", new Speedup(
                        at("OnnxModelBenchmark.onnxSingle"), at("OnnxModelBenchmark.djlSingle"))),
                // Tabular: the pure-Java engine for ONNX-ML graphs against ONNX Runtime and DJL on the same graph.
                of("Tabular", "pure-Java engine, logistic regression (32 features), single record, vs raw OrtSession.run", new Speedup(
                        at("TabularOnnxBenchmark.javaSingle", "model", "linear"), at("TabularOnnxBenchmark.ortSingle", "model", "linear")),
                        Goal.atLeast(20, "≥ 20×")),
                of("Tabular", "pure-Java engine, logistic regression, single record, vs DJL 0.38", new Speedup(
                        at("TabularOnnxBenchmark.javaSingle", "model", "linear"), at("TabularOnnxBenchmark.djlSingle", "model", "linear")),
                        Goal.atLeast(25, "≥ 25×")),
                of("Tabular", "pure-Java engine, 200 trees of depth 8 (50 features), single record, vs raw OrtSession.run",
                        new Speedup(at("TabularOnnxBenchmark.javaSingle", "model", "trees"),
                                at("TabularOnnxBenchmark.ortSingle", "model", "trees")), Goal.atLeast(5, "≥ 5×")),
                of("Tabular", "pure-Java engine, single record, allocation beyond the linear format's (the same result)",
                        new AddedAllocation(at("TabularOnnxBenchmark.javaSingle", "model", "linear"), at("OnnxModelBenchmark.linearSingle")),
                        Goal.atMost(0.5, "≤ 0 B/op")),
                of("Tabular", "pure-Java engine, logistic regression, batch of 32, vs raw OrtSession.run", new Speedup(
                        at("TabularOnnxBenchmark.javaBatch", "model", "linear", "n", "32"),
                        at("TabularOnnxBenchmark.ortBatch", "model", "linear", "n", "32")), Goal.atLeast(1, "≥ 1×")),
                of("Tabular", "pure-Java engine, logistic regression, batch of 1024, vs raw OrtSession.run", new Speedup(
                        at("TabularOnnxBenchmark.javaBatch", "model", "linear", "n", "1024"),
                        at("TabularOnnxBenchmark.ortBatch", "model", "linear", "n", "1024")), Goal.atLeast(1, "≥ 1×")),
                report("Tabular", "pure-Java engine, logistic regression, batch of 1024 and every row's class and probability read, vs the same from raw OrtSession.run",
                        new Speedup(at("TabularOnnxBenchmark.javaBatchRead", "model", "linear", "n", "1024"),
                                at("TabularOnnxBenchmark.ortBatchRead", "model", "linear", "n", "1024"))),
                of("Tabular", "pure-Java engine, 200 trees, batch of 32, vs raw OrtSession.run", new Speedup(
                        at("TabularOnnxBenchmark.javaBatch", "model", "trees", "n", "32"),
                        at("TabularOnnxBenchmark.ortBatch", "model", "trees", "n", "32")), Goal.atLeast(1, "≥ 1×")),
                of("Tabular", "pure-Java engine, 200 trees, batch of 1024, vs raw OrtSession.run", new Speedup(
                        at("TabularOnnxBenchmark.javaBatch", "model", "trees", "n", "1024"),
                        at("TabularOnnxBenchmark.ortBatch", "model", "trees", "n", "1024")), Goal.atLeast(1, "≥ 1×")),
                report("Linear", "linear format, one raw record scored (ns)", new Score(at("LinearModelBenchmark.predictRecord"))),

                // Online serving.
                of("Online", "predictor on the onnx format, single record, vs calling the model", new TimeRatio(
                        at("OnnxServingBenchmark.predictor"), at("OnnxServingBenchmark.direct")), Goal.atMost(1.03, "≤ 1.03× time")),
                report("Online", "predictor on the linear format, ns added to the model's own call", new AddedTime(
                        at("OnlinePredictorBenchmark.predictor", "warmUp", "schema"), at("OnlinePredictorBenchmark.direct"))),
                of("Online", "predictor on the linear format, time vs calling the model (< 2× = adds less than the model costs)",
                        new TimeRatio(at("OnlinePredictorBenchmark.predictor", "warmUp", "schema"), at("OnlinePredictorBenchmark.direct")),
                        Goal.atMost(2, "< 2× time")),
                report("Online", "predictor on the linear format warmed up on synthetic LinkedHashMap rows (the default), vs"
                        + " warmed up on the callers' own HashMap records (1× = the warm-up's map class costs nothing)",
                        new TimeRatio(at("OnlinePredictorBenchmark.predictor", "warmUp", "schema"),
                                at("OnlinePredictorBenchmark.predictor", "warmUp", "traffic"))),
                of("Online", "predictValue on the linear format, allocation beyond calling the model", new AddedAllocation(
                        at("OnlinePredictorBenchmark.predictValue", "warmUp", "schema"), at("OnlinePredictorBenchmark.direct")),
                        Goal.atMost(0.5, "≤ 0 B/op")),
                of("Online", "micro-batching, 32 callers, onnx format: throughput vs each caller calling the model", new Speedup(
                        at("OnnxServingBenchmark.microBatched32", "maxDelayMicros", "100"), at("OnnxServingBenchmark.perCall32")),
                        Goal.atLeast(2, "≥ 2×")),
                of("Online", "micro-batching, 32 requests in flight from 2 threads (predictAsync), onnx format: throughput vs"
                        + " 2 threads calling the model", new Speedup(at("OnnxServingBenchmark.asyncWindow32", "maxDelayMicros", "100"),
                        at("OnnxServingBenchmark.perCall2")), Goal.atLeast(2, "≥ 2×")),
                of("Online", "micro-batching, 32 callers, onnx format: p99 latency vs its budget, maxDelay (" + LATENCY_MAX_DELAY_MICROS
                        + " µs) plus two batch times", new LatencyBudget(LATENCY, 99, at("MicroBatchLatencyBenchmark.batchOf32"), 2,
                        LATENCY_MAX_DELAY_MICROS), Goal.atMost(1, "≤ 1× budget")),
                report("Online", "micro-batching, 32 callers, onnx format: p99 latency", new Percentile(LATENCY, 99)),
                report("Online", "one batch time: 32 records preprocessed and scored in one predictBatch call, on one thread (µs)",
                        new Score(at("MicroBatchLatencyBenchmark.batchOf32"))),
                report("Online", "cached feature lookup, hit (ns added over a HashMap get)", new AddedTime(
                        at("FeatureLookupBenchmark.cachedLookupHit"), at("FeatureLookupBenchmark.hashMapGet"))),

                // Rollout: what routing adds to the primary's answer.
                report("Rollout", "deployment with one variant, ns added to the bare predictor (linear format)", new AddedTime(
                        at("RolloutBenchmark.deployment", "policy", "single"), at("RolloutBenchmark.predictor", "policy", "single"))),
                report("Rollout", "deployment with a 10 % canary, ns added to the bare predictor", new AddedTime(
                        at("RolloutBenchmark.deployment", "policy", "canary"), at("RolloutBenchmark.predictor", "policy", "single"))),
                report("Rollout", "primary's time with a shadow whose lookup takes 1 ms on every request, vs no shadow",
                        new TimeRatio(at("RolloutBenchmark.deployment", "policy", "slowShadow"),
                                at("RolloutBenchmark.deployment", "policy", "single"))),
                // Monitoring: the drift monitor's per-prediction cost against one ONNX prediction.
                of("Monitoring", "drift monitor, prediction only (label + 2 probabilities), vs one ONNX prediction", new TimeRatio(
                        at("DriftMonitorBenchmark.monitorOutputs"), at("DriftMonitorBenchmark.onnxPredict")),
                        Goal.atMost(0.05, "≤ 5 % time")),
                of("Monitoring", "drift monitor, 32 inputs read from 1 prediction in 8, vs one ONNX prediction", new TimeRatio(
                        at("DriftMonitorBenchmark.monitorInputsSampled"), at("DriftMonitorBenchmark.onnxPredict")),
                        Goal.atMost(0.05, "≤ 5 % time")),
                report("Monitoring", "drift monitor, 32 inputs and the prediction every time, vs one ONNX prediction", new TimeRatio(
                        at("DriftMonitorBenchmark.monitorInputsAndOutputs"), at("DriftMonitorBenchmark.onnxPredict"))),
                report("Monitoring", "drift window of 10 000 predictions, 35 signals, evaluated (ns, off the request path)",
                        new Score(at("DriftMonitorBenchmark.evaluateWindow"))),

                // Batch runs.
                of("Batch", "runner, 1 thread, in-memory source and sink, vs a raw predictBatch loop", new Speedup(
                        at("BatchRunnerBenchmark.runner", "threads", "1"), at("BatchRunnerBenchmark.rawLoop", "threads", "1")),
                        Goal.atLeast(0.95, "≥ 0.95×")),
                of("Batch", "runner scaling 1 → 2 threads, as a fraction of the raw loop's", new Scaling(
                        at("BatchRunnerBenchmark.runner", "threads", "1"), at("BatchRunnerBenchmark.runner", "threads", "2"),
                        at("BatchRunnerBenchmark.rawLoop", "threads", "1"), at("BatchRunnerBenchmark.rawLoop", "threads", "2")),
                        Goal.atLeast(0.9, "≥ 0.9")),
                of("Batch", "1 M rows into PostgreSQL, job vs raw batched INSERT", new Speedup(
                        at("PostgresSinkBenchmark.jobOneThread"), at("PostgresSinkBenchmark.rawBatchedInsert")),
                        Goal.atLeast(0.8, "≥ 0.8×")),
                of("Batch", "1 M rows into PostgreSQL, job vs raw COPY", new Speedup(
                        at("PostgresSinkBenchmark.jobOneThread"), at("PostgresSinkBenchmark.rawCopy")),
                        Goal.atLeast(0.8, "≥ 0.8×")),
                // Spark: model-spark's benchmark, measured by SparkPart in a JVM with Spark on its class path.
                report("Spark", "Spark local[2] (SparkScorer), rows/s as a multiple of the batch runner's with 2 threads"
                        + " (> 1× = Spark faster), 200 000 leads in memory", new Speedup(
                        at(SparkPart.CLASS + ".sparkLocal"), at(SparkPart.CLASS + ".batchRunner"))),
                report("Spark", "Spark local[2] scoring, rows/s as a fraction of Spark passing the same rows through"
                        + " unchanged (Spark's own floor; 1× = scoring costs nothing)", new Speedup(
                        at(SparkPart.CLASS + ".sparkLocal"), at(SparkPart.CLASS + ".sparkPassThrough"))),

                // Storage.
                report("Storage", "S3 (s3proxy) cold load of a 64 MiB bundle vs raw SDK getObject to a file", new TimeRatio(
                        at("S3LoadBenchmark.loadCold", "payloadMiB", "64"), at("S3LoadBenchmark.rawGetObject", "payloadMiB", "64"))),
                report("Storage", "S3 warm (cached, verified) load of a 64 MiB bundle vs raw SDK getObject", new TimeRatio(
                        at("S3LoadBenchmark.loadWarm", "payloadMiB", "64"), at("S3LoadBenchmark.rawGetObject", "payloadMiB", "64"))),
                report("Storage", "packing a bundle with zstd vs copying its files", new TimeRatio(
                        at("BundleArchiveBenchmark.pack", "compression", "ZSTD"),
                        at("BundleArchiveBenchmark.copyBaseline", "compression", "ZSTD"))),
                report("Storage", "packing a bundle with zstd (hashing every file) vs the tar CLI with zstd", new TimeRatio(
                        at("BundleArchiveBenchmark.pack", "compression", "ZSTD"),
                        at("BundleArchiveBenchmark.tarCli", "compression", "ZSTD"))),
                report("Storage", "unpacking a bundle safely (checking every entry and hash) vs the tar CLI with zstd",
                        new TimeRatio(at("BundleArchiveBenchmark.unpack", "compression", "ZSTD"),
                                at("BundleArchiveBenchmark.untarCli", "compression", "ZSTD"))));
    }
}

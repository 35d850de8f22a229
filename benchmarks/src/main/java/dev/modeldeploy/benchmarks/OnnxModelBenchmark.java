package dev.modeldeploy.benchmarks;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.ZooModel;
import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.modeldeploy.api.DenseBatch;
import dev.modeldeploy.api.prediction.Classification;
import dev.modeldeploy.onnx.OnnxModel;
import dev.modeldeploy.onnx.OnnxOptions;
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
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXInitializer;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXPlaceholder;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The same 32-feature binary logistic regression ({@link LinearModelBenchmark}'s weights) four ways,
 * each from features that are already floats:
 *
 * <ul>
 *   <li>{@code linear*}: the built-in {@code linear} format, pure Java;</li>
 *   <li>{@code onnx*}: the {@code onnx} format through modeldeploy ({@code predict(float[])},
 *       {@code predictBatch(DenseBatch)}), typed {@code Classification} results (a batch's made as they
 *       are read: {@code *Read} reads every row); {@code onnxBatch} scores a batch on the heap, which it
 *       copies into a direct buffer, {@code onnxBatchDirect} one in native memory, read in place;</li>
 *   <li>{@code raw*}: a plain {@code OrtSession.run} on a tensor made from a direct {@code FloatBuffer}
 *       that already holds the features, reading the output with {@code getFloatBuffer()};
 *       {@code rawBatchFromArray} first copies a {@code float[]} batch into that buffer, as any caller
 *       whose features live on the heap must; {@code rawBatchTyped} also makes the typed results
 *       modeldeploy returns, as a control;</li>
 *   <li>{@code djl*}: DJL 0.38's {@code Predictor} on its ONNX Runtime engine, with a
 *       {@code NoopTranslator} ({@code NDList} in and out), reading the output as a {@code float[]}.</li>
 * </ul>
 *
 * <p>ONNX Runtime is 1.28.0 for all of them (the root pom's pin), and every session runs with one
 * intra-op thread: the comparison is of the wrappers, and ONNX Runtime's spinning thread pools make
 * multi-threaded numbers meaningless on a shared two-core machine. DJL creates the process-wide
 * {@code OrtEnvironment} with its own thread pools and refuses to run if it already exists, so its
 * model is loaded first; modeldeploy and the raw session then share that environment. The setup
 * checks that the four compute the same probabilities before anything is measured.
 *
 * <p>Run with {@code -prof gc}: {@code gc.alloc.rate.norm} of {@code onnxSingle} against
 * {@code rawSingle} is what modeldeploy's single-record path costs beyond ONNX Runtime's own call.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Doffline=true", "-Dai.djl.offline=true", "-Dai.djl.onnxruntime.num_threads=1"})
public class OnnxModelBenchmark {
    static final int FEATURES = LinearModelBenchmark.FEATURES;
    static final String INPUT = "input";
    static final List<String> LABELS = List.of("no", "yes");

    /** The four models of the same weights. */
    @State(Scope.Benchmark)
    public static class Fixture {
        LinearModelBenchmark.Fixture linear;
        Path directory;
        ZooModel<NDList, NDList> djl;
        OnnxModel<java.util.Map<String, Object>, Classification> onnx;
        OrtEnvironment environment;
        OrtSession raw;

        @Setup(Level.Trial)
        public void setUp(LinearModelBenchmark.Fixture linear) throws Exception {
            this.linear = linear;
            directory = Files.createTempDirectory("onnx-benchmark-");
            Path file = writeLogisticRegression(directory.resolve("logistic.onnx"), linear.weights, linear.intercept);
            // First: DJL makes the OrtEnvironment its way, and fails if it exists.
            djl = OnnxPeers.djl(file);
            onnx = OnnxModel.builder(file).features(linear.model.pipeline().spec()).labels("no", "yes")
                    // ONNX Runtime, not the pure-Java engine AUTO would pick (TabularOnnxBenchmark measures that one).
                    .options(OnnxOptions.builder().intraOpThreads(1).engine(OnnxOptions.Engine.ONNX_RUNTIME).build()).classifier();
            environment = OrtEnvironment.getEnvironment();
            raw = OnnxPeers.rawSession(environment, file);
            checkTheyAgree();
        }

        private void checkTheyAgree() throws Exception {
            try (Predictor<NDList, NDList> predictor = djl.newPredictor(); NDManager manager = djl.getNDManager().newSubManager()) {
                FloatBuffer buffer = direct(FEATURES);
                for (int k = 0; k < 8; k++) {
                    float[] x = linear.featurized[k];
                    float expected = linear.model.predict(x).probability(1);
                    float viaOnnx = onnx.predict(x).probability(1);
                    buffer.put(0, x);
                    float viaRaw;
                    try (OnnxTensor in = OnnxTensor.createTensor(environment, buffer, new long[] {1, FEATURES});
                         OrtSession.Result r = raw.run(Map.of(INPUT, in))) {
                        viaRaw = ((OnnxTensor) r.get(0)).getFloatBuffer().get(1);
                    }
                    float viaDjl = predictor.predict(new NDList(manager.create(x, new Shape(1, FEATURES)))).get(0).toFloatArray()[1];
                    for (float p : new float[] {viaOnnx, viaRaw, viaDjl}) {
                        if (Math.abs(p - expected) > 1e-5) {
                            throw new IllegalStateException("row " + k + ": linear " + expected + ", onnx " + viaOnnx + ", raw " + viaRaw
                                    + ", djl " + viaDjl);
                        }
                    }
                }
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() throws Exception {
            onnx.close();
            raw.close();
            djl.close();
            OnnxPeers.deleteFolder(directory);
        }
    }

    /**
     * The linear model as an ONNX graph: {@code softmax(x · [0 | w] + [0, b])}, whose second column is
     * {@code sigmoid(w · x + b)}, the linear model's probability of "yes".
     */
    static Path writeLogisticRegression(Path file, double[] weights, double intercept) throws IOException {
        ONNXContext context = new ONNXContext();
        ONNXPlaceholder input = context.floatInput(INPUT, FEATURES);
        ONNXPlaceholder output = context.floatOutput("probabilities", 2);
        ONNXInitializer w = context.floatTensor("W", List.of(FEATURES, 2), buffer -> {
            for (double weight : weights) {
                buffer.put(0f).put((float) weight);
            }
        });
        ONNXInitializer b = context.array("B", new float[] {0f, (float) intercept});
        input.apply(ONNXOperators.GEMM, List.of(w, b)).apply(ONNXOperators.SOFTMAX, Map.of("axis", 1)).assignTo(output);
        OnnxMl.ModelProto model = OnnxMl.ModelProto.newBuilder().setIrVersion(8).setProducerName("modeldeploy-benchmarks")
                .addOpsetImport(ONNXOperators.getOpsetProto()).setGraph(context.buildGraph()).build();
        Files.write(file, model.toByteArray());
        return file;
    }

    static FloatBuffer direct(int floats) {
        return ByteBuffer.allocateDirect(floats * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    /** A thread's DJL predictor and raw input buffer. */
    @State(Scope.Thread)
    public static class Caller {
        Predictor<NDList, NDList> predictor;
        NDManager manager;
        FloatBuffer one;
        final long[] oneShape = {1, FEATURES};

        @Setup(Level.Trial)
        public void setUp(Fixture f) {
            predictor = f.djl.newPredictor();
            manager = f.djl.getNDManager().newSubManager();
            one = direct(FEATURES);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            predictor.close();
            manager.close();
        }
    }

    /** A batch of {@code n} featurized rows: as a {@link DenseBatch}, a flat array and a filled direct buffer. */
    @State(Scope.Thread)
    public static class Batch {
        @Param({"1", "32", "1024"})
        public int n;
        DenseBatch batch;
        /** The same rows in a batch in native memory, which ONNX Runtime reads in place. */
        DenseBatch directBatch;
        float[] flat;
        FloatBuffer direct;
        long[] shape;
        Shape djlShape;

        @Setup(Level.Trial)
        public void setUp(Fixture f) {
            batch = f.onnx.newBatch(n);
            directBatch = DenseBatch.direct(FEATURES, n);
            flat = new float[n * FEATURES];
            for (int k = 0; k < n; k++) {
                batch.add(f.linear.featurized[k]);
                directBatch.add(f.linear.featurized[k]);
                System.arraycopy(f.linear.featurized[k], 0, flat, k * FEATURES, FEATURES);
            }
            direct = direct(n * FEATURES);
            direct.put(0, flat);
            shape = new long[] {n, FEATURES};
            djlShape = new Shape(n, FEATURES);
        }
    }

    @Benchmark
    public Classification linearSingle(Fixture f, LinearModelBenchmark.Cursor c) {
        return f.linear.model.predict(f.linear.featurized[c.advance()]);
    }

    @Benchmark
    public Classification onnxSingle(Fixture f, LinearModelBenchmark.Cursor c) {
        return f.onnx.predict(f.linear.featurized[c.advance()]);
    }

    @Benchmark
    public FloatBuffer rawSingle(Fixture f, Caller t, LinearModelBenchmark.Cursor c) throws OrtException {
        t.one.put(0, f.linear.featurized[c.advance()]);
        try (OnnxTensor in = OnnxTensor.createTensor(f.environment, t.one, t.oneShape);
             OrtSession.Result result = f.raw.run(Map.of(INPUT, in))) {
            return ((OnnxTensor) result.get(0)).getFloatBuffer();
        }
    }

    @Benchmark
    public float[] djlSingle(Fixture f, Caller t, LinearModelBenchmark.Cursor c) throws Exception {
        try (NDManager m = t.manager.newSubManager()) {
            NDList out = t.predictor.predict(new NDList(m.create(f.linear.featurized[c.advance()], new Shape(1, FEATURES))));
            return out.get(0).toFloatArray();
        }
    }

    @Benchmark
    public List<Classification> linearBatch(Fixture f, Batch b) {
        return f.linear.model.predictBatch(b.batch);
    }

    @Benchmark
    public List<Classification> onnxBatch(Fixture f, Batch b) {
        return f.onnx.predictBatch(b.batch);
    }

    @Benchmark
    public FloatBuffer rawBatch(Fixture f, Batch b) throws OrtException {
        try (OnnxTensor in = OnnxTensor.createTensor(f.environment, b.direct, b.shape);
             OrtSession.Result result = f.raw.run(Map.of(INPUT, in))) {
            return ((OnnxTensor) result.get(0)).getFloatBuffer();
        }
    }

    /** {@code onnxBatch} on a {@link DenseBatch#direct direct} batch: the peer of {@code rawBatch}, whose features are in native memory too. */
    @Benchmark
    public List<Classification> onnxBatchDirect(Fixture f, Batch b) {
        return f.onnx.predictBatch(b.directBatch);
    }

    /** {@code onnxBatch}, then every row's class and probability read ({@link EveryRow}). */
    @Benchmark
    public double onnxBatchRead(Fixture f, Batch b) {
        return EveryRow.read(f.onnx.predictBatch(b.batch));
    }

    /** {@code rawBatch}, then every row's most probable class and its probability read from ONNX Runtime's output. */
    @Benchmark
    public double rawBatchRead(Fixture f, Batch b) throws OrtException {
        return EveryRow.read(rawBatch(f, b), LABELS.size());
    }

    @Benchmark
    public FloatBuffer rawBatchFromArray(Fixture f, Batch b) throws OrtException {
        b.direct.put(0, b.flat);
        return rawBatch(f, b);
    }

    /**
     * A control, not a peer: {@code rawBatchFromArray} plus the typed results modeldeploy returns (a
     * {@code Classification} and its probability array per row), made the straightforward way. The
     * difference between {@code onnxBatch} and this is modeldeploy's own overhead.
     */
    @Benchmark
    public List<Classification> rawBatchTyped(Fixture f, Batch b) throws OrtException {
        b.direct.put(0, b.flat);
        try (OnnxTensor in = OnnxTensor.createTensor(f.environment, b.direct, b.shape);
             OrtSession.Result result = f.raw.run(Map.of(INPUT, in))) {
            float[] p = ((OnnxTensor) result.get(0)).getFloatBuffer().array();
            List<Classification> out = new ArrayList<>(b.n);
            for (int k = 0; k < b.n; k++) {
                float[] row = Arrays.copyOfRange(p, 2 * k, 2 * k + 2);
                out.add(Classification.wrap(LABELS, Classification.argmax(row), row));
            }
            return out;
        }
    }

    @Benchmark
    public float[] djlBatch(Fixture f, Caller t, Batch b) throws Exception {
        try (NDManager m = t.manager.newSubManager()) {
            NDList out = t.predictor.predict(new NDList(m.create(b.flat, b.djlShape)));
            return out.get(0).toFloatArray();
        }
    }
}

package dev.modeldeploy.benchmarks;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.ZooModel;
import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.google.protobuf.ByteString;
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

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The {@code onnx} format's pure-Java engine against raw ONNX Runtime and DJL on the same graphs, from
 * features that are already floats:
 *
 * <ul>
 *   <li>{@code linear}: the 32-feature logistic regression of {@link OnnxModelBenchmark} (Gemm, Softmax);</li>
 *   <li>{@code trees}: a gradient-boosted ensemble as XGBoost exports it, 200 trees of depth 8 over 50
 *       features (TreeEnsembleClassifier, one score for two classes, LOGISTIC).</li>
 * </ul>
 *
 * {@code java*} is {@code OnnxModel.predict(float[])} / {@code predictBatch(DenseBatch)} on the pure-Java
 * engine, returning typed {@code Classification}s; {@code ort*} a plain {@code OrtSession.run} on a
 * direct buffer that already holds the features, reading the probabilities' buffer; {@code djl*} DJL's
 * {@code Predictor} with a {@code NoopTranslator}. One intra-op thread everywhere; DJL's model is loaded
 * first (it creates the process-wide environment its own way). The setup checks that all three agree.
 * Run with {@code -prof gc}: {@code javaSingle}'s {@code gc.alloc.rate.norm} is its result (a
 * {@code Classification} and its probabilities).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Doffline=true", "-Dai.djl.offline=true", "-Dai.djl.onnxruntime.num_threads=1"})
public class TabularOnnxBenchmark {
    static final int POOL = 1024;
    static final int TREES = 200;
    static final int DEPTH = 8;
    static final int TREE_FEATURES = 50;

    /** One model three ways, and a pool of feature rows. */
    @State(Scope.Benchmark)
    public static class Fixture {
        @Param({"linear", "trees"})
        public String model;
        int features;
        String input;
        String probabilities;
        float[][] rows;
        Path directory;
        ZooModel<NDList, NDList> djl;
        OnnxModel<float[], Classification> java;
        OrtEnvironment environment;
        OrtSession raw;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            directory = Files.createTempDirectory("tabular-benchmark-");
            Path file;
            Random r = new Random(31);
            if (model.equals("linear")) {
                LinearModelBenchmark.Fixture linear = new LinearModelBenchmark.Fixture();
                linear.setUp();
                features = LinearModelBenchmark.FEATURES;
                file = OnnxModelBenchmark.writeLogisticRegression(directory.resolve("linear.onnx"), linear.weights, linear.intercept);
                input = OnnxModelBenchmark.INPUT;
                probabilities = "probabilities";
                rows = linear.featurized;
            } else {
                features = TREE_FEATURES;
                file = writeBoostedTrees(directory.resolve("trees.onnx"), r);
                input = "input";
                probabilities = "probabilities";
                rows = new float[POOL][features];
                for (float[] row : rows) {
                    for (int i = 0; i < features; i++) {
                        row[i] = (float) r.nextGaussian();
                    }
                }
            }
            djl = OnnxPeers.djl(file);
            java = OnnxModel.builder(file).labels("0", "1")
                    .options(OnnxOptions.builder().intraOpThreads(1).engine(OnnxOptions.Engine.JAVA).build()).classifier();
            environment = OrtEnvironment.getEnvironment();
            raw = OnnxPeers.rawSession(environment, file);
            checkTheyAgree();
        }

        private void checkTheyAgree() throws Exception {
            try (Predictor<NDList, NDList> predictor = djl.newPredictor(); NDManager manager = djl.getNDManager().newSubManager()) {
                FloatBuffer buffer = OnnxModelBenchmark.direct(features);
                for (int k = 0; k < 16; k++) {
                    float[] x = rows[k];
                    float viaJava = java.predict(x).probability(1);
                    buffer.put(0, x);
                    float viaRaw;
                    try (OnnxTensor in = OnnxTensor.createTensor(environment, buffer, new long[] {1, features});
                         OrtSession.Result result = raw.run(Map.of(input, in))) {
                        viaRaw = ((OnnxTensor) result.get(probabilities).orElseThrow()).getFloatBuffer().get(1);
                    }
                    NDList out = predictor.predict(new NDList(manager.create(x, new Shape(1, features))));
                    float viaDjl = out.get(out.size() - 1).toFloatArray()[1];
                    if (Math.abs(viaJava - viaRaw) > 1e-5 || Math.abs(viaDjl - viaRaw) > 1e-5) {
                        throw new IllegalStateException(model + " row " + k + ": java " + viaJava + ", raw " + viaRaw + ", djl " + viaDjl);
                    }
                }
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() throws Exception {
            java.close();
            raw.close();
            djl.close();
            OnnxPeers.deleteFolder(directory);
        }
    }

    /** A thread's place in the pool, DJL predictor and raw input buffer. */
    @State(Scope.Thread)
    public static class Caller {
        int next;
        Predictor<NDList, NDList> predictor;
        NDManager manager;
        FloatBuffer one;
        long[] oneShape;

        @Setup(Level.Trial)
        public void setUp(Fixture f) {
            predictor = f.djl.newPredictor();
            manager = f.djl.getNDManager().newSubManager();
            one = OnnxModelBenchmark.direct(f.features);
            oneShape = new long[] {1, f.features};
        }

        int advance() {
            return next = (next + 1) & (POOL - 1);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            predictor.close();
            manager.close();
        }
    }

    /** A batch of {@code n} rows: as a {@link DenseBatch}, a flat array and a filled direct buffer. */
    @State(Scope.Thread)
    public static class Batch {
        @Param({"32", "1024"})
        public int n;
        DenseBatch batch;
        float[] flat;
        FloatBuffer direct;
        long[] shape;
        Shape djlShape;

        @Setup(Level.Trial)
        public void setUp(Fixture f) {
            batch = f.java.newBatch(n);
            flat = new float[n * f.features];
            for (int k = 0; k < n; k++) {
                batch.add(f.rows[k]);
                System.arraycopy(f.rows[k], 0, flat, k * f.features, f.features);
            }
            direct = OnnxModelBenchmark.direct(n * f.features);
            direct.put(0, flat);
            shape = new long[] {n, f.features};
            djlShape = new Shape(n, f.features);
        }
    }

    @Benchmark
    public Classification javaSingle(Fixture f, Caller c) {
        return f.java.predict(f.rows[c.advance()]);
    }

    @Benchmark
    public FloatBuffer ortSingle(Fixture f, Caller c) throws OrtException {
        c.one.put(0, f.rows[c.advance()]);
        try (OnnxTensor in = OnnxTensor.createTensor(f.environment, c.one, c.oneShape);
             OrtSession.Result result = f.raw.run(Map.of(f.input, in))) {
            return ((OnnxTensor) result.get(f.probabilities).orElseThrow()).getFloatBuffer();
        }
    }

    @Benchmark
    public float[] djlSingle(Fixture f, Caller c) throws Exception {
        try (NDManager m = c.manager.newSubManager()) {
            NDList out = c.predictor.predict(new NDList(m.create(f.rows[c.advance()], new Shape(1, f.features))));
            return out.get(out.size() - 1).toFloatArray();
        }
    }

    @Benchmark
    public List<Classification> javaBatch(Fixture f, Batch b) {
        return f.java.predictBatch(b.batch);
    }

    @Benchmark
    public FloatBuffer ortBatch(Fixture f, Batch b) throws OrtException {
        try (OnnxTensor in = OnnxTensor.createTensor(f.environment, b.direct, b.shape);
             OrtSession.Result result = f.raw.run(Map.of(f.input, in))) {
            return ((OnnxTensor) result.get(f.probabilities).orElseThrow()).getFloatBuffer();
        }
    }

    /** {@code javaBatch}, then every row's class and probability read ({@link EveryRow}). */
    @Benchmark
    public double javaBatchRead(Fixture f, Batch b) {
        return EveryRow.read(f.java.predictBatch(b.batch));
    }

    /** {@code ortBatch}, then every row's most probable class and its probability read from ONNX Runtime's output. */
    @Benchmark
    public double ortBatchRead(Fixture f, Batch b) throws OrtException {
        FloatBuffer p = ortBatch(f, b);
        return EveryRow.read(p, p.limit() / b.n);
    }

    @Benchmark
    public float[] djlBatch(Fixture f, Caller c, Batch b) throws Exception {
        try (NDManager m = c.manager.newSubManager()) {
            NDList out = c.predictor.predict(new NDList(m.create(b.flat, b.djlShape)));
            return out.get(out.size() - 1).toFloatArray();
        }
    }

    /**
     * A gradient-boosted binary classifier as XGBoost exports it: {@value #TREES} full trees of depth
     * {@value #DEPTH} over {@value #TREE_FEATURES} features, BRANCH_LT nodes with missing values going
     * left, class 0's weights scoring two classes, a base value, LOGISTIC.
     */
    static Path writeBoostedTrees(Path file, Random r) throws IOException {
        NodeProto.Builder node = NodeProto.newBuilder().setOpType("TreeEnsembleClassifier").setDomain("ai.onnx.ml")
                .addInput("input").addOutput("label").addOutput("probabilities");
        AttributeProto.Builder treeIds = ints("nodes_treeids");
        AttributeProto.Builder nodeIds = ints("nodes_nodeids");
        AttributeProto.Builder featureIds = ints("nodes_featureids");
        AttributeProto.Builder values = floats("nodes_values");
        AttributeProto.Builder modes = AttributeProto.newBuilder().setName("nodes_modes").setType(AttributeProto.AttributeType.STRINGS);
        AttributeProto.Builder trueIds = ints("nodes_truenodeids");
        AttributeProto.Builder falseIds = ints("nodes_falsenodeids");
        AttributeProto.Builder missing = ints("nodes_missing_value_tracks_true");
        AttributeProto.Builder classTrees = ints("class_treeids");
        AttributeProto.Builder classNodes = ints("class_nodeids");
        AttributeProto.Builder classIds = ints("class_ids");
        AttributeProto.Builder weights = floats("class_weights");
        int internal = (1 << DEPTH) - 1;
        for (int t = 0; t < TREES; t++) {
            // Heap numbering: node i's children are 2i+1 and 2i+2, the leaves the last 2^DEPTH nodes.
            for (int i = 0; i < internal + (1 << DEPTH); i++) {
                treeIds.addInts(t);
                nodeIds.addInts(i);
                boolean leaf = i >= internal;
                featureIds.addInts(leaf ? 0 : r.nextInt(TREE_FEATURES));
                values.addFloats(leaf ? 0 : (float) r.nextGaussian());
                modes.addStrings(ByteString.copyFrom(leaf ? "LEAF" : "BRANCH_LT", StandardCharsets.UTF_8));
                trueIds.addInts(leaf ? 0 : 2L * i + 1);
                falseIds.addInts(leaf ? 0 : 2L * i + 2);
                missing.addInts(leaf ? 0 : 1);
                if (leaf) {
                    classTrees.addInts(t);
                    classNodes.addInts(i);
                    classIds.addInts(0);
                    weights.addFloats((float) (r.nextGaussian() * 0.05));
                }
            }
        }
        node.addAttribute(treeIds).addAttribute(nodeIds).addAttribute(featureIds).addAttribute(values).addAttribute(modes)
                .addAttribute(trueIds).addAttribute(falseIds).addAttribute(missing).addAttribute(classTrees).addAttribute(classNodes)
                .addAttribute(classIds).addAttribute(weights)
                .addAttribute(AttributeProto.newBuilder().setName("classlabels_int64s").setType(AttributeProto.AttributeType.INTS)
                        .addInts(0).addInts(1))
                .addAttribute(floats("base_values").addFloats(0.1f))
                .addAttribute(AttributeProto.newBuilder().setName("post_transform").setType(AttributeProto.AttributeType.STRING)
                        .setS(ByteString.copyFrom("LOGISTIC", StandardCharsets.UTF_8)));
        GraphProto graph = GraphProto.newBuilder().setName("boosted-trees").addNode(node)
                .addInput(tensor("input", TensorProto.DataType.FLOAT_VALUE, TREE_FEATURES))
                .addOutput(tensor("label", TensorProto.DataType.INT64_VALUE))
                .addOutput(tensor("probabilities", TensorProto.DataType.FLOAT_VALUE, 2))
                .build();
        ModelProto model = ModelProto.newBuilder().setIrVersion(8).setProducerName("modeldeploy-benchmarks")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(13))
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("ai.onnx.ml").setVersion(1))
                .setGraph(graph).build();
        Files.write(file, model.toByteArray());
        return file;
    }

    private static AttributeProto.Builder ints(String name) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
    }

    private static AttributeProto.Builder floats(String name) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOATS);
    }

    /** A float or int64 tensor {@code [N]} or {@code [N, columns]}. */
    private static ValueInfoProto tensor(String name, int type, int... columns) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder().addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("N"));
        for (int c : columns) {
            shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(c));
        }
        return ValueInfoProto.newBuilder().setName(name)
                .setType(TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder().setElemType(type).setShape(shape))).build();
    }
}

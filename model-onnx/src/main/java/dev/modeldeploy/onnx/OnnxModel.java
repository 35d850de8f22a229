package dev.modeldeploy.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.modeldeploy.api.DenseBatch;
import dev.modeldeploy.api.FeatureBatch;
import dev.modeldeploy.api.ModelInfo;
import dev.modeldeploy.api.error.ModelException;
import dev.modeldeploy.api.internal.Sha256;
import dev.modeldeploy.api.pipeline.FeatureSpec;
import dev.modeldeploy.api.pipeline.PipelineModel;
import dev.modeldeploy.api.pipeline.Preprocessor;
import dev.modeldeploy.api.pipeline.RecordType;
import dev.modeldeploy.api.prediction.Classification;
import dev.modeldeploy.api.prediction.Regression;
import dev.modeldeploy.api.schema.Field;
import dev.modeldeploy.api.schema.FieldType;
import dev.modeldeploy.api.schema.Schema;
import dev.modeldeploy.onnx.tabular.TabularProgram;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.ref.Cleaner;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.atomic.LongAdder;

/**
 * A model in ONNX, the format scikit-learn (skl2onnx), XGBoost, LightGBM, PyTorch and Tribuo export,
 * run by ONNX Runtime: the {@code onnx} format. A user with an {@code .onnx} file and the feature
 * spec of its training publishes it with one call:
 *
 * <pre>{@code
 * FeatureSpec spec = FeatureSpec.read(Path.of("churn-features.json"));
 * URI published = OnnxModel.fromFile(Path.of("churn.onnx"), spec).toRemote(URI.create("s3://ml-models/churn"));
 *
 * try (Model<Map, ?, Classification> model = Model.fromRemote(published, Map.class, Classification.class)) {
 *     Classification c = model.predictRecord(Map.of("visits", 12, "country", "FR"));
 * }
 * }</pre>
 *
 * <p><b>Inputs.</b> Every input of the graph must be a float tensor {@code [batch, d]} (or
 * {@code [batch]}, one feature). The spec's features fill the inputs in the graph's input order: a
 * model with one input {@code [batch, d]} needs a spec of {@code d} features; a model with inputs
 * {@code a [batch, 2]} and {@code b [batch, 3]} a spec of 5, the first 2 going to {@code a}. The counts
 * are checked at load. Without a spec ({@link #fromFile(Path)}) the model reads {@code float[]} rows
 * that are already its features (input schema: one {@code FLOAT_ARRAY} field, {@code features}). The
 * batch dimension must be dynamic or 1 (then batches run row by row). Other input types (int64,
 * strings, images) are refused at load.
 *
 * <p><b>Outputs.</b> A classifier's prediction is a {@link Classification}, read from a tensor of class
 * probabilities {@code [batch, k]} (a single column is the probability of the second of two classes) or
 * from scikit-learn's ZipMap output (a sequence of maps from class to probability); when the model
 * also has a label output (int64 or string {@code [batch]}, scikit-learn's {@code output_label}) the
 * predicted class is the model's own, else the most probable one. A regression's prediction is a
 * {@link Regression}, read from a float or double tensor {@code [batch, 1]} or {@code [batch]}. The
 * outputs and the task are found from the graph; the {@link Builder} names them where the graph is
 * ambiguous, and gives the class labels (default: the ZipMap's classes, else {@code "0", "1", …}).
 *
 * <p><b>Engines.</b> Linear models and tree ensembles (the ai.onnx.ml operators and plain ONNX
 * arithmetic that scikit-learn, onnxmltools and Tribuo export for them; see
 * {@link dev.modeldeploy.onnx.tabular}) are scored by a pure-Java evaluator compiled from the graph at
 * load, which reproduces ONNX Runtime's results without its fixed cost per call: a single record then
 * allocates nothing but its prediction. Every other graph runs on ONNX Runtime. {@link OnnxOptions#engine()}
 * forces either; {@link #engine()} tells which one runs. Loading creates an ONNX Runtime session in both
 * cases, since it describes the graph's inputs and outputs so that both engines read them the same way;
 * with the pure-Java engine it is closed as soon as the model is built.
 *
 * <p><b>Speed.</b> One {@code OrtSession} serves every thread. {@link #predictBatch} feeds a whole
 * {@link DenseBatch} as one {@code [n, d]} tensor over a direct buffer: the batch's own native memory
 * if it is {@linkplain DenseBatch#direct(int, int) direct} (no copy; worth it for a batch reused
 * from call to call), else this thread's direct buffer, into which a batch on the heap is copied. Each
 * thread keeps its own direct buffers and tensors, so a steady-state call allocates only what ONNX
 * Runtime's {@code run} allocates for its outputs, plus the predictions: a classifier's batch is a
 * {@link dev.modeldeploy.api.prediction.ClassificationList} over that output's array of
 * probabilities, making each row's {@link Classification} only when it is read. Batches run in chunks
 * of at most 2<sup>18</sup> features so that those buffers stay small.
 *
 * <p><b>Life cycle.</b> The model holds native memory: {@link #close()} it. Close waits for calls in
 * flight; any call afterwards is a {@link ModelException}. The bundle holds {@code model.onnx}, the
 * optional {@code features.json} and {@code onnx.json} (task, labels, outputs, {@link OnnxOptions}); see
 * {@link OnnxFormat}. Saving (publishing) copies the {@code .onnx} file the model was loaded from, and
 * fails if that file changed since.
 *
 * <p>Thread-safe.
 *
 * @param <I> the raw record type: {@code Map<String, Object>} (or a class of yours) with a spec, {@code float[]} without
 * @param <O> {@link Classification} or {@link Regression}
 */
public final class OnnxModel<I, O> extends PipelineModel<I, O> {
    /** The format's name in manifests. */
    public static final String FORMAT = "onnx";
    static final String FORMAT_VERSION = "1";
    /** The model's file name inside a bundle. */
    public static final String MODEL_FILE = "model.onnx";
    /** At most this many features go into one run, so that per-thread buffers stay at 1 MiB however large a batch. */
    private static final int MAX_FLOATS_PER_RUN = 1 << 18;
    private static final Logger LOG = LoggerFactory.getLogger(OnnxModel.class);

    /** What an ONNX model predicts. */
    public enum Task {
        /** One number per record: a {@link Regression}. */
        REGRESSION,
        /** A class with probabilities per record: a {@link Classification}. */
        CLASSIFICATION
    }

    /** A cleaner for the per-thread tensors of threads that end before the model is closed. */
    private static final class Cleaning {
        static final Cleaner CLEANER = Cleaner.create();
    }

    /** A thread's entry: when the thread ends, this becomes unreachable and its tensors are closed. */
    private static final class ThreadEntry {
        final ThreadInputs inputs;

        ThreadEntry(ThreadInputs inputs) {
            this.inputs = inputs;
        }
    }

    /** ONNX Runtime's session, or null with the pure-Java engine. */
    private final SharedSession session;
    private final OrtSession ort;
    private final InputLayout layout;
    private final OutputReader<O> reader;
    private final Set<String> requested;
    private final OnnxSettings settings;
    private final OnnxOptions options;
    private final FeatureSpec spec;
    private final Path file;
    private final String sha256;
    private final int rowsPerRun;
    private final Class<O> outputType;
    /** The pure-Java engine, or null when ONNX Runtime scores. */
    private final JavaScorer<O> java;

    private final LongAdder calls = new LongAdder();
    private volatile boolean closed;
    private final Set<ThreadInputs> threadInputs = ConcurrentHashMap.newKeySet();
    private final ThreadLocal<ThreadEntry> perThread = ThreadLocal.withInitial(this::newThreadEntry);

    @SuppressWarnings("unchecked")
    private OnnxModel(ModelInfo info, Preprocessor<I> preprocessor, Class<O> outputType, SharedSession session, InputLayout layout,
                      OutputReader<?> reader, JavaScorer<?> java, OnnxSettings settings, OnnxOptions options, FeatureSpec spec, Path file,
                      String sha256) {
        super(info, preprocessor, outputType);
        this.java = (JavaScorer<O>) java;
        this.session = session;
        this.ort = session == null ? null : session.session();
        this.layout = layout;
        this.reader = (OutputReader<O>) reader;
        this.requested = reader.plan.requested();
        this.settings = settings;
        this.options = options;
        this.spec = spec;
        this.file = file;
        this.sha256 = sha256;
        this.outputType = outputType;
        this.rowsPerRun = layout.oneRowPerRun() ? 1 : Math.max(1, MAX_FLOATS_PER_RUN / layout.width());
    }

    /**
     * An ONNX model reading {@code Map<String, Object>} records through a feature spec, its task and
     * outputs found from the graph, with default {@link OnnxOptions}; its name is the file's name
     * without {@code .onnx}.
     *
     * @throws ModelException if ONNX Runtime cannot load the file, or the graph does not fit the spec
     *                        or has outputs modeldeploy cannot read
     */
    public static OnnxModel<Map<String, Object>, ?> fromFile(Path onnxFile, FeatureSpec spec) {
        return builder(onnxFile).features(spec).build();
    }

    /** An ONNX model reading {@code float[]} rows that already are its features; see {@link #fromFile(Path, FeatureSpec)}. */
    public static OnnxModel<float[], ?> fromFile(Path onnxFile) {
        return builder(onnxFile).build();
    }

    /** A builder for a model from an {@code .onnx} file, reading {@code float[]} rows until given a {@link Builder#features spec}. */
    public static Builder<float[]> builder(Path onnxFile) {
        return new Builder<>(onnxFile);
    }

    /**
     * Opens a model: the session, then everything read from it. Releases the session if anything fails.
     *
     * @param info   the model's info when loaded from a bundle, or null to make it from {@code named}
     * @param named  the builder (name, description, tags) when {@code info} is null
     */
    static OnnxModel<?, ?> open(ModelInfo info, Builder<?> named, Path file, String sha256, FeatureSpec spec, Task task,
                                List<String> labels, String output, String labelOutput, OnnxOptions stored, OnnxOptions effective) {
        String name = info != null ? info.toString() : named.name;
        SharedSession session = SharedSession.open(file, effective, name);
        try {
            InputLayout layout = InputLayout.of(session.session().getInputInfo(), spec == null ? -1 : spec.featureNames().size(), name);
            OutputPlan plan = OutputPlan.of(session.session().getOutputInfo(), task, output, labelOutput, name);
            OnnxSettings settings;
            ClassLabels classLabels;
            try {
                settings = new OnnxSettings(OnnxSettings.CURRENT_VERSION, plan.task(), labels, plan.scores(), plan.labelOutput(), stored);
                classLabels = settings.labels() == null ? null : ClassLabels.of(settings.labels());
            } catch (IllegalArgumentException e) {
                throw new ModelException("ONNX model " + name + ": " + e.getMessage(), e);
            }
            OutputReader<?> reader = OutputReader.of(plan, classLabels, name);
            JavaScorer<?> java = javaScorer(file, layout, plan, classLabels, effective.engine(), name);
            Class<?> outputType = plan.task() == Task.CLASSIFICATION ? Classification.class : Regression.class;
            Preprocessor<?> preprocessor = spec != null ? spec.compile().forMaps()
                    : FloatRows.spec(layout.width()).compile().bind(new FloatRows(layout.width()));
            ModelInfo modelInfo = info != null ? info : ModelInfo.builder(named.name, FORMAT).formatVersion(FORMAT_VERSION)
                    .inputSchema(spec != null ? spec.inputSchema() : Schema.of(Field.required(FloatRows.FIELD, FieldType.FLOAT_ARRAY)))
                    .outputSchema(plan.task() == Task.CLASSIFICATION ? Classification.SCHEMA : Regression.SCHEMA)
                    .description(named.description).tags(named.tags).build();
            LOG.debug("loaded ONNX model {}: inputs {}, {} from output '{}'{}, {}, scored by {}", name, layout, plan.task(), plan.scores(),
                    plan.labelOutput() == null ? "" : " with labels from '" + plan.labelOutput() + "'", effective,
                    java == null ? "ONNX Runtime" : java.program);
            // The pure-Java engine needs the session only to read the graph's inputs and outputs: free its native memory now.
            OnnxModel<?, ?> model = create(modelInfo, preprocessor, outputType, java == null ? session : null, layout, reader, java,
                    settings, effective, spec, file, sha256);
            if (java != null) {
                session.release();
            }
            return model;
        } catch (OrtException e) {
            session.release();
            throw new ModelException("ONNX Runtime cannot describe the inputs and outputs of model " + name + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            session.release();
            throw e;
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static OnnxModel<?, ?> create(ModelInfo info, Preprocessor<?> preprocessor, Class<?> outputType, SharedSession session,
                                          InputLayout layout, OutputReader<?> reader, JavaScorer<?> java, OnnxSettings settings,
                                          OnnxOptions options, FeatureSpec spec, Path file, String sha256) {
        return new OnnxModel(info, preprocessor, outputType, session, layout, reader, java, settings, options, spec, file, sha256);
    }

    /**
     * The pure-Java engine for the graph, or null for ONNX Runtime: null when {@code ONNX_RUNTIME} is
     * asked for, or (with {@code AUTO}) when the evaluator does not support the graph, so that such a
     * graph still loads. With {@code JAVA}, an unsupported graph fails the load.
     */
    private static JavaScorer<?> javaScorer(Path file, InputLayout layout, OutputPlan plan, ClassLabels labels, OnnxOptions.Engine engine,
                                            String name) {
        if (engine == OnnxOptions.Engine.ONNX_RUNTIME) {
            return null;
        }
        int[] widths = layout.inputs().stream().mapToInt(InputLayout.Input::width).toArray();
        try {
            return JavaScorer.of(TabularProgram.compile(file, widths), plan, labels, name);
        } catch (RuntimeException e) {
            if (engine == OnnxOptions.Engine.JAVA) {
                throw new ModelException("ONNX model " + name + " cannot run on the pure-Java engine (engine JAVA was asked for): "
                        + e.getMessage(), e);
            }
            LOG.debug("ONNX model {} runs on ONNX Runtime: the pure-Java engine does not support it ({})", name, e.getMessage());
            return null;
        }
    }

    /**
     * This model reading instances of a Java record or bean class (see {@link RecordType#of(Class)}),
     * sharing this model's session. Close both.
     *
     * @throws IllegalStateException if the model has no feature spec (it reads {@code float[]} rows)
     */
    public <R> OnnxModel<R, O> forClass(Class<R> type) {
        return withRecordType(RecordType.of(type));
    }

    /**
     * This model reading another kind of record (rows, a class through your own lookup, …), sharing
     * this model's session: the session is freed when the last model using it is closed.
     *
     * @throws IllegalStateException if the model has no feature spec (it reads {@code float[]} rows)
     * @throws ModelException        if this model is closed
     */
    public <R> OnnxModel<R, O> withRecordType(RecordType<R> recordType) {
        if (spec == null) {
            throw new IllegalStateException("ONNX model " + info() + " has no feature spec: it reads float[] rows");
        }
        checkOpen();
        return new OnnxModel<>(info(), pipeline().bind(recordType), outputType, session == null ? null : session.retain(), layout, reader,
                java, settings, options, spec, file, sha256);
    }

    /** Regression or classification. */
    public Task task() {
        return settings.task();
    }

    /**
     * A classifier's labels in the order of its probabilities: the given ones, or those the model
     * names (its ZipMap's classes, known after the first prediction), or {@code "0", "1", …}; empty for
     * a regression or while unknown.
     */
    public List<String> labels() {
        if (java != null) {
            return java.labels();
        }
        if (reader instanceof ClassifierReader c && c.known() != null) {
            return c.known().list();
        }
        return List.of();
    }

    /** The options the session was created with (a format's override, or those stored with the model). */
    public OnnxOptions options() {
        return options;
    }

    /**
     * The engine that scores this model: {@link OnnxOptions.Engine#JAVA} (the pure-Java evaluator) or
     * {@link OnnxOptions.Engine#ONNX_RUNTIME}; never {@code AUTO}, which resolves to one of them at load.
     */
    public OnnxOptions.Engine engine() {
        return java != null ? OnnxOptions.Engine.JAVA : OnnxOptions.Engine.ONNX_RUNTIME;
    }

    /** The graph's inputs the features fill, in order, as {@code name[width]}. */
    public List<String> inputs() {
        return layout.inputs().stream().map(in -> in.name() + "[" + in.width() + "]").toList();
    }

    @Override
    protected O predictRow(float[] features, int offset) {
        enter();
        try {
            if (java != null) {
                return java.one(features, offset);
            }
            Map<String, OnnxTensor> feed = perThread.get().inputs.fill(features, offset, 1);
            try (OrtSession.Result result = ort.run(feed, requested)) {
                return reader.readOne(result);
            }
        } catch (OrtException e) {
            throw runFailed(e);
        } finally {
            calls.decrement();
        }
    }

    /**
     * Scores a batch with one {@code OrtSession.run} per chunk of rows (one for batches under
     * 2<sup>18</sup> features). ONNX Runtime reads a {@linkplain DenseBatch#direct(int, int) direct}
     * batch's native memory in place; a batch on the heap is first copied into this thread's direct
     * buffer. A classifier returns a {@link dev.modeldeploy.api.prediction.ClassificationList}.
     */
    @Override
    public List<O> predictBatch(FeatureBatch<float[]> batch) {
        DenseBatch dense = dense(batch);
        int rows = dense.size();
        if (rows == 0) {
            checkOpen();
            return List.of();
        }
        enter();
        try {
            if (java != null) {
                return java.batch(dense.onHeap().data(), rows);
            }
            if (dense.isDirect() && layout.inputs().size() == 1 && !layout.oneRowPerRun()) {
                // A tensor over the batch's own native memory.
                FloatBuffer values = dense.values();
                InputLayout.Input input = layout.inputs().get(0);
                int width = layout.width();
                return inRuns(rows, (from, n) -> {
                    try (OnnxTensor tensor = OnnxTensor.createTensor(session.environment(), values.slice(from * width, n * width),
                            input.shape(n))) {
                        return run(Map.of(input.name(), tensor), n);
                    }
                });
            }
            float[] data = dense.onHeap().data();
            int width = layout.width();
            ThreadInputs inputs = perThread.get().inputs;
            return inRuns(rows, (from, n) -> run(inputs.fill(data, from * width, n), n));
        } catch (OrtException e) {
            throw runFailed(e);
        } finally {
            calls.decrement();
        }
    }

    /** Scores the rows {@code [from, from + n)} of a batch. */
    private interface RowsRun<O> {
        List<O> run(int from, int n) throws OrtException;
    }

    /** Scores {@code rows} rows in runs of at most {@link #rowsPerRun}: one run's list, or the runs' lists joined. */
    private List<O> inRuns(int rows, RowsRun<O> rowsRun) throws OrtException {
        if (rows <= rowsPerRun) {
            return rowsRun.run(0, rows);
        }
        List<O> out = new ArrayList<>(rows);
        for (int from = 0; from < rows; from += rowsPerRun) {
            out.addAll(rowsRun.run(from, Math.min(rowsPerRun, rows - from)));
        }
        return out;
    }

    private List<O> run(Map<String, OnnxTensor> feed, int rows) throws OrtException {
        try (OrtSession.Result result = ort.run(feed, requested)) {
            return reader.read(result, rows);
        }
    }

    private ModelException runFailed(OrtException e) {
        return new ModelException("ONNX Runtime failed to score model " + info() + ": " + e.getMessage(), e);
    }

    /** Counts a call in; refused once closed. The count is raised before the flag is read, so close sees every call that got in. */
    private void enter() {
        calls.increment();
        if (closed) {
            calls.decrement();
            throw closedError();
        }
    }

    private void checkOpen() {
        if (closed) {
            throw closedError();
        }
    }

    private ModelException closedError() {
        return new ModelException("ONNX model " + info() + " is closed");
    }

    private ThreadEntry newThreadEntry() {
        ThreadInputs inputs = new ThreadInputs(session.environment(), layout, threadInputs);
        ThreadEntry entry = new ThreadEntry(inputs);
        Cleaning.CLEANER.register(entry, inputs::close);
        return entry;
    }

    /**
     * Frees the session (when no other view of this model still uses it) and every thread's tensors,
     * after the calls in flight have finished. Idempotent; any call afterwards is a {@link ModelException}.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        // Calls already in must finish before their native memory goes.
        while (calls.sum() != 0) {
            LockSupport.parkNanos(50_000);
        }
        for (ThreadInputs inputs : List.copyOf(threadInputs)) {
            inputs.close();
        }
        if (session != null) {
            session.release();
        }
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed;
    }

    /** Writes the bundle's files: {@code model.onnx} (checked against what was loaded), {@code features.json}, {@code onnx.json}. */
    void saveTo(Path directory) throws IOException {
        checkOpen();
        copyVerified(directory.resolve(MODEL_FILE));
        if (spec != null) {
            spec.write(directory.resolve(FeatureSpec.FILE_NAME));
        }
        Files.writeString(directory.resolve(OnnxSettings.FILE_NAME), settings.toJson());
    }

    private void copyVerified(Path target) throws IOException {
        MessageDigest digest = Sha256.newDigest();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest);
             OutputStream out = Files.newOutputStream(target)) {
            in.transferTo(out);
        } catch (NoSuchFileException e) {
            throw new ModelException("cannot save ONNX model " + info() + ": the file it was loaded from, " + file
                    + ", is gone; load the model again from its .onnx file or bundle", e);
        }
        if (!Sha256.hex(digest.digest()).equals(sha256)) {
            Files.deleteIfExists(target);
            throw new ModelException("cannot save ONNX model " + info() + ": the file it was loaded from, " + file
                    + ", has changed since; load the model again");
        }
    }

    /**
     * Builds an {@link OnnxModel} from an {@code .onnx} file. Not thread-safe.
     *
     * @param <I> the raw record type: {@code float[]} until {@link #features(FeatureSpec)} makes it {@code Map<String, Object>}
     */
    public static final class Builder<I> {
        private final Path file;
        private FeatureSpec spec;
        private String name;
        private String description = "";
        private Map<String, String> tags = Map.of();
        private OnnxOptions options = OnnxOptions.defaults();
        private List<String> labels;
        private String output;
        private String labelOutput;

        private Builder(Path file) {
            this.file = Objects.requireNonNull(file, "onnxFile");
            String fileName = file.getFileName() == null ? "model" : file.getFileName().toString();
            this.name = fileName.endsWith(".onnx") && fileName.length() > 5 ? fileName.substring(0, fileName.length() - 5) : fileName;
        }

        /** The feature spec that turns raw {@code Map<String, Object>} records into the model's input. */
        @SuppressWarnings("unchecked")
        public Builder<Map<String, Object>> features(FeatureSpec spec) {
            this.spec = Objects.requireNonNull(spec, "spec");
            return (Builder<Map<String, Object>>) (Builder<?>) this;
        }

        /** The model's name (default: the file's name without {@code .onnx}); publishing names it after the URI. */
        public Builder<I> name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /** A description stored with the model. */
        public Builder<I> description(String description) {
            this.description = Objects.requireNonNull(description, "description");
            return this;
        }

        /** Tags stored with the model. */
        public Builder<I> tags(Map<String, String> tags) {
            this.tags = Map.copyOf(tags);
            return this;
        }

        /** How ONNX Runtime runs the model (stored with it; default {@link OnnxOptions#defaults()}). */
        public Builder<I> options(OnnxOptions options) {
            this.options = Objects.requireNonNull(options, "options");
            return this;
        }

        /**
         * A classifier's labels in the order of its probabilities (scikit-learn's {@code classes_}, as
         * strings). With an int64 ZipMap or label output, the labels are the class ids ({@code "0"},
         * {@code "7"}, …).
         */
        public Builder<I> labels(String... labels) {
            return labels(List.of(labels));
        }

        /** The labels, as a list. */
        public Builder<I> labels(List<String> labels) {
            this.labels = List.copyOf(labels);
            return this;
        }

        /** The output holding the scores (probabilities or the regression's value), when the graph has several candidates. */
        public Builder<I> output(String name) {
            this.output = Objects.requireNonNull(name, "output");
            return this;
        }

        /** The output holding a classifier's predicted class, when the graph has several candidates. */
        public Builder<I> labelOutput(String name) {
            this.labelOutput = Objects.requireNonNull(name, "labelOutput");
            return this;
        }

        /**
         * The model, a classifier or a regression as its outputs say.
         *
         * @throws ModelException if the file cannot be loaded, or does not fit the spec or the settings
         */
        @SuppressWarnings("unchecked")
        public OnnxModel<I, ?> build() {
            return (OnnxModel<I, ?>) make(null);
        }

        /** The model as a classifier (for outputs that do not tell, such as a single sigmoid column). */
        @SuppressWarnings("unchecked")
        public OnnxModel<I, Classification> classifier() {
            return (OnnxModel<I, Classification>) make(Task.CLASSIFICATION);
        }

        /** The model as a regression. */
        @SuppressWarnings("unchecked")
        public OnnxModel<I, Regression> regressor() {
            return (OnnxModel<I, Regression>) make(Task.REGRESSION);
        }

        private OnnxModel<?, ?> make(Task task) {
            if (name.isBlank()) {
                throw new IllegalArgumentException("the model needs a non-blank name");
            }
            String hash;
            try {
                hash = Sha256.of(file);
            } catch (NoSuchFileException e) {
                throw new ModelException("no ONNX file at " + file, e);
            } catch (IOException e) {
                throw new ModelException("cannot read ONNX file " + file + ": " + e.getMessage(), e);
            }
            return OnnxModel.open(null, this, file, hash, spec, task, labels, output, labelOutput, options, options);
        }
    }

    /**
     * Used by {@link OnnxFormat#load}: a model of a bundle, with its stored settings, its session created
     * with {@code options} (the stored ones, or a format's override, which saving does not store).
     */
    static OnnxModel<?, ?> load(ModelInfo info, Path file, String sha256, FeatureSpec spec, OnnxSettings settings, OnnxOptions options) {
        return open(info, null, file, sha256, spec, settings.task(), settings.labels(), settings.output(), settings.labelOutput(),
                settings.session(), options);
    }

    /** The feature spec, or null for a model of {@code float[]} rows. */
    FeatureSpec spec() {
        return spec;
    }

    @Override
    public String toString() {
        return super.toString() + " on " + (java != null ? "the pure-Java engine" : "ONNX Runtime");
    }
}

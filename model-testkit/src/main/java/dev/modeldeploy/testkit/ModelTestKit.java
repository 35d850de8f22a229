package dev.modeldeploy.testkit;

import dev.modeldeploy.api.Model;
import dev.modeldeploy.api.format.ModelFormat;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.function.Executable;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * JUnit 5 checks that a model behaves as every host expects, run against the user's own model and
 * sample records. Add {@code dev.modeldeploy:model-testkit} with test scope, then either assert
 * everything in one call:
 *
 * <pre>{@code
 * @Test
 * void modelBehaves() {
 *     ModelTestKit.forModel(model).samples(records).tolerance(Tolerance.relative(1e-5)).assertAll();
 * }
 * }</pre>
 *
 * or let each check show as its own test:
 *
 * <pre>{@code
 * @TestFactory
 * Stream<DynamicTest> modelBehaves() {
 *     return ModelTestKit.forModel(model).samples(records).invalidSample(badRecord, "visits").dynamicTests();
 * }
 * }</pre>
 *
 * <p>The {@linkplain Check checks}:
 * <ul>
 *   <li>{@link Check#BATCH_PARITY}: {@code predict(preprocess(x))} equals {@code predictRecord(x)}, the
 *       batch path ({@code newBatch}, {@code preprocess(list, batch)}, {@code predictBatch}),
 *       {@code predictRecords} and a cleared and refilled batch, for every sample.</li>
 *   <li>{@link Check#ROUND_TRIP}: saving, publishing to a temporary {@code file:} store and loading
 *       through a fresh repository and cache gives a model with the same format, schemas, types and
 *       predictions. The model's format must be installed (ServiceLoader) or given with
 *       {@link Builder#format(ModelFormat)}.</li>
 *   <li>{@link Check#THREAD_SAFETY}: concurrent {@code predict} and {@code predictRecord} calls from
 *       several threads give the sequential answers.</li>
 *   <li>{@link Check#OUTPUT_SCHEMA}: each prediction has the field names and types of
 *       {@code info().outputSchema()}. A record, bean or map is checked field by field; a single value
 *       (a {@code Double}, a {@code float[]}) must match a schema of exactly one field, whatever its
 *       name. A model whose output schema is empty declares nothing, so the check is skipped.</li>
 *   <li>{@link Check#INPUT_VALIDATION}: each {@linkplain Builder#invalidSample(Object, String) invalid
 *       sample} gets a {@code SchemaViolationException} naming the expected field, from the single path
 *       and from the batch path (which must also name the record's index), not some other exception.
 *       Skipped when no invalid sample is given.</li>
 * </ul>
 *
 * <p>Predictions are compared structurally: numbers within the {@link Tolerance} (whole numbers
 * exactly), arrays and lists element by element, maps key by key, records and beans field by field
 * through Jackson's tree model, anything else with {@code equals}. A failure names the check, the
 * model, each sample concerned (its index and the record) and what differed (expected against
 * actual, and where in the output); every broken sample is listed, not only the first.
 *
 * <p>Immutable; build it with {@link #forModel(Model)}. Its methods may be called from any thread,
 * but the model is called concurrently by the thread-safety check only.
 *
 * @param <I> the model's raw input records
 * @param <O> the model's predictions
 */
public final class ModelTestKit<I, O> {
    private final Model<I, ?, O> model;
    private final List<I> samples;
    private final List<InvalidSample<I>> invalidSamples;
    private final Tolerance tolerance;
    private final OutputComparison comparison;
    private final int threads;
    private final int callsPerThread;
    private final Duration timeout;
    private final List<ModelFormat> formats;
    private final Path workDirectory;
    private final Set<Check> skipped;

    private ModelTestKit(Builder<I, O> b) {
        if (b.samples.isEmpty()) {
            throw new IllegalStateException("give at least one valid sample record with samples(...)");
        }
        this.model = b.model;
        this.samples = List.copyOf(b.samples);
        this.invalidSamples = List.copyOf(b.invalidSamples);
        this.tolerance = b.tolerance;
        this.comparison = new OutputComparison(b.tolerance);
        this.threads = b.threads;
        this.callsPerThread = b.callsPerThread;
        this.timeout = b.timeout;
        this.formats = List.copyOf(b.formats);
        this.workDirectory = b.workDirectory;
        this.skipped = Set.copyOf(b.skipped);
    }

    /** Starts configuring the checks of a model (the caller keeps it open, and closes it afterwards). */
    public static <I, O> Builder<I, O> forModel(Model<I, ?, O> model) {
        return new Builder<>(model);
    }

    /**
     * Runs every check that is not skipped and fails with all failing checks' messages together.
     * Checks with nothing to check (no output schema, no invalid samples) pass silently; use
     * {@link #dynamicTests()} to see them reported as skipped.
     */
    public void assertAll() {
        List<Executable> applicable = checks().filter(c -> c.notApplicable().isEmpty())
                .map(c -> (Executable) c::execute).toList();
        Assertions.assertAll("model " + model.info() + " failed the model test kit", applicable.stream());
    }

    /**
     * One dynamic test per check that is not skipped, named by {@link Check#displayName()}, for a
     * {@code @TestFactory}. A check with nothing to check is reported as skipped, with the reason.
     */
    public Stream<DynamicTest> dynamicTests() {
        return checks().map(c -> DynamicTest.dynamicTest(c.kind().displayName(), c::execute));
    }

    /**
     * Runs one check (even one marked skipped), failing with what it found; when it has nothing to
     * check it aborts, which JUnit reports as skipped.
     */
    public void assertCheck(Check check) {
        check(Objects.requireNonNull(check, "check")).execute();
    }

    private Stream<KitCheck<I, O>> checks() {
        // Cheap checks first: their failures usually explain the later ones.
        return Stream.of(Check.BATCH_PARITY, Check.OUTPUT_SCHEMA, Check.INPUT_VALIDATION, Check.THREAD_SAFETY, Check.ROUND_TRIP)
                .filter(c -> !skipped.contains(c)).map(this::check);
    }

    private KitCheck<I, O> check(Check check) {
        return switch (check) {
            case BATCH_PARITY -> new BatchParityCheck<>(this);
            case OUTPUT_SCHEMA -> new OutputSchemaCheck<>(this);
            case INPUT_VALIDATION -> new InputValidationCheck<>(this);
            case THREAD_SAFETY -> new ThreadSafetyCheck<>(this);
            case ROUND_TRIP -> new RoundTripCheck<>(this);
        };
    }

    Model<I, ?, O> model() {
        return model;
    }

    /** The valid sample records, in order. */
    public List<I> samples() {
        return samples;
    }

    List<InvalidSample<I>> invalidSamples() {
        return invalidSamples;
    }

    /** The tolerance numbers are compared with. */
    public Tolerance tolerance() {
        return tolerance;
    }

    OutputComparison comparison() {
        return comparison;
    }

    int threads() {
        return threads;
    }

    int callsPerThread() {
        return callsPerThread;
    }

    Duration timeout() {
        return timeout;
    }

    List<ModelFormat> formats() {
        return formats;
    }

    /** Null for the system's temporary folder. */
    Path workDirectory() {
        return workDirectory;
    }

    /**
     * Configures a {@link ModelTestKit}; {@link #build()} it, or end with {@link #assertAll()} or
     * {@link #dynamicTests()} directly. Not thread-safe.
     */
    public static final class Builder<I, O> {
        private final Model<I, ?, O> model;
        private final List<I> samples = new ArrayList<>();
        private final List<InvalidSample<I>> invalidSamples = new ArrayList<>();
        private Tolerance tolerance = Tolerance.defaults();
        private int threads = 4;
        private int callsPerThread = 256;
        private Duration timeout = Duration.ofMinutes(2);
        private final List<ModelFormat> formats = new ArrayList<>();
        private Path workDirectory;
        private final EnumSet<Check> skipped = EnumSet.noneOf(Check.class);

        private Builder(Model<I, ?, O> model) {
            this.model = Objects.requireNonNull(model, "model");
        }

        /** Adds valid raw records to check every path with (at least one; a few varied ones are best). */
        public Builder<I, O> samples(List<? extends I> records) {
            for (int i = 0; i < records.size(); i++) {
                samples.add(Objects.requireNonNull(records.get(i), "samples[" + i + "] is null"));
            }
            return this;
        }

        /**
         * Adds a record that violates the input schema, and the field whose violation the model must
         * report with a {@code SchemaViolationException}.
         */
        public Builder<I, O> invalidSample(I record, String expectedField) {
            invalidSamples.add(new InvalidSample<>(record, expectedField));
            return this;
        }

        /** How close numbers must be (default {@link Tolerance#defaults()}: absolute and relative 1e-6). */
        public Builder<I, O> tolerance(Tolerance tolerance) {
            this.tolerance = Objects.requireNonNull(tolerance, "tolerance");
            return this;
        }

        /**
         * How hard the thread-safety check pushes: {@code threads} threads (≥ 2, default 4) each making
         * {@code callsPerThread} calls (≥ 1, default 256).
         */
        public Builder<I, O> concurrency(int threads, int callsPerThread) {
            if (threads < 2) {
                throw new IllegalArgumentException("the thread-safety check needs at least 2 threads, got " + threads);
            }
            if (callsPerThread < 1) {
                throw new IllegalArgumentException("callsPerThread must be >= 1, got " + callsPerThread);
            }
            this.threads = threads;
            this.callsPerThread = callsPerThread;
            return this;
        }

        /** How long the thread-safety check waits for its calls before reporting a hang (default 2 minutes). */
        public Builder<I, O> timeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive, got " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /**
         * A model format for the round trip besides the installed ones (it wins over an installed
         * format of the same name): for a format under test that is not registered with ServiceLoader.
         */
        public Builder<I, O> format(ModelFormat format) {
            formats.add(Objects.requireNonNull(format, "format"));
            return this;
        }

        /**
         * Where the round trip makes its temporary store and cache (default: the system's temporary
         * folder); a JUnit {@code @TempDir} works well. The folder it makes there is deleted afterwards.
         */
        public Builder<I, O> workDirectory(Path directory) {
            this.workDirectory = Objects.requireNonNull(directory, "directory");
            return this;
        }

        /** Leaves checks out, e.g. {@link Check#ROUND_TRIP} for a model that is never saved. */
        public Builder<I, O> skip(Check... checks) {
            skipped.addAll(Arrays.asList(checks));
            return this;
        }

        /** The configured kit. */
        public ModelTestKit<I, O> build() {
            return new ModelTestKit<>(this);
        }

        /** Shortcut for {@code build().assertAll()}. */
        public void assertAll() {
            build().assertAll();
        }

        /** Shortcut for {@code build().dynamicTests()}. */
        public Stream<DynamicTest> dynamicTests() {
            return build().dynamicTests();
        }
    }
}

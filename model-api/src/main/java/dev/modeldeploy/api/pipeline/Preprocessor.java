package dev.modeldeploy.api.pipeline;

import dev.modeldeploy.api.DenseBatch;
import dev.modeldeploy.api.error.SchemaViolationException;
import dev.modeldeploy.api.pipeline.CompiledFeatures.CategoryFeature;
import dev.modeldeploy.api.pipeline.CompiledFeatures.NumberFeature;
import dev.modeldeploy.api.pipeline.CompiledFeatures.TimeFeature;
import dev.modeldeploy.api.schema.FieldType;

import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * A {@link FeaturePipeline} bound to one kind of raw record: validates each record against the input
 * schema and writes its feature vector. {@link #write} and {@link #writeAll} allocate nothing per
 * record (but for parsing timestamps given as strings); the batch path writes straight into a
 * {@link DenseBatch}'s array.
 *
 * <p>Every problem with a record is a {@link SchemaViolationException} naming the record's index (0 on
 * the single-record path), the field and the value: a wrong type, a missing required field, a NaN
 * where none is allowed, an infinite number, an unknown category under {@link UnknownPolicy#ERROR}, a
 * value below -1 for {@code log1p}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param <R> the raw record type
 */
public final class Preprocessor<R> {
    private static final byte BOXED = 0;
    private static final byte PRIMITIVE_DOUBLE = 1;
    private static final byte PRIMITIVE_LONG = 2;

    private final FeaturePipeline pipeline;
    private final RecordType<R> recordType;
    private final RecordAccessor<R> accessor;
    private final CompiledInput[] inputs;
    private final byte[] readMode;
    private final int width;

    Preprocessor(FeaturePipeline pipeline, RecordType<R> recordType, RecordAccessor<R> accessor, CompiledInput[] inputs) {
        this.pipeline = pipeline;
        this.recordType = recordType;
        this.accessor = accessor;
        this.inputs = inputs;
        this.width = pipeline.width();
        this.readMode = new byte[inputs.length];
        for (CompiledInput in : inputs) {
            readMode[in.index] = readMode(in);
        }
    }

    /** How to read an input, checked once against what the record type declares. */
    private byte readMode(CompiledInput in) {
        Class<?> primitive = accessor.primitiveType(in.index);
        Class<?> declared = accessor.declaredType(in.index);
        boolean integral = primitive == long.class || primitive == int.class || primitive == short.class || primitive == byte.class;
        if (primitive != null) {
            boolean fits = switch (in.type) {
                case BOOLEAN -> primitive == boolean.class;
                case INT, LONG -> integral;
                case FLOAT, DOUBLE -> primitive != boolean.class && primitive != char.class;
                case TIMESTAMP -> primitive == long.class || primitive == int.class;
                default -> false;
            };
            if (!fits) {
                throw mismatch(in, primitive);
            }
            return in.type == FieldType.TIMESTAMP ? PRIMITIVE_LONG : PRIMITIVE_DOUBLE;
        }
        if (declared != null && declared != Object.class && !mayHold(in.type, declared)) {
            throw mismatch(in, declared);
        }
        return BOXED;
    }

    /** Whether a field declared as {@code declared} may hold a value this input accepts. */
    private static boolean mayHold(FieldType type, Class<?> declared) {
        List<Class<?>> accepted = switch (type) {
            case BOOLEAN -> List.of(Boolean.class);
            case STRING -> List.of(String.class, Enum.class);
            case TIMESTAMP -> List.of(java.time.Instant.class, java.time.OffsetDateTime.class, java.time.ZonedDateTime.class,
                    java.util.Date.class, Long.class, Integer.class, String.class);
            default -> List.of(Number.class);
        };
        for (Class<?> a : accepted) {
            if (a.isAssignableFrom(declared) || declared.isAssignableFrom(a)) {
                return true;
            }
        }
        return false;
    }

    private IllegalArgumentException mismatch(CompiledInput in, Class<?> declared) {
        return new IllegalArgumentException(recordType + " declares '" + in.name + "' as " + declared.getSimpleName()
                + ", which can never be the " + in.type + " the feature spec reads");
    }

    /** The pipeline this preprocessor runs. */
    public FeaturePipeline pipeline() {
        return pipeline;
    }

    /** The kind of record it reads. */
    public RecordType<R> recordType() {
        return recordType;
    }

    /** Length of the feature vector. */
    public int width() {
        return width;
    }

    /** The feature vector's column names, in order. */
    public List<String> featureNames() {
        return pipeline.featureNames();
    }

    /** One record's features, in a new array. */
    public float[] apply(R record) {
        float[] out = new float[width];
        write(record, out, 0);
        return out;
    }

    /**
     * Writes one record's features into {@code into[offset .. offset + width())}. On a violation the
     * range may be partly written.
     *
     * @throws SchemaViolationException (record index 0) if the record does not fit the input schema
     */
    public void write(R record, float[] into, int offset) {
        Objects.checkFromIndexSize(offset, width, into.length);
        if (record == null) {
            throw new SchemaViolationException(0, "<record>", null, "a record, not null");
        }
        // One small method per kind of input, so that the JIT inlines the hot one into this loop. A boxed
        // value is read here, in the loop, not in those methods: once the JIT has seen two map classes (the
        // predictor's warm-up rows are LinkedHashMaps, a caller's records may be HashMaps) it inlines a
        // lookup for each, and inside writeNumber that made writeNumber too big to inline here, a call per
        // field: 600-1 100 more instructions per 32-feature record (JMH perfnorm, OnlinePredictorBenchmark).
        for (CompiledInput in : inputs) {
            byte mode = readMode[in.index];
            Object raw = mode == BOXED ? accessor.get(record, in.index) : null;
            if (in.kind == CompiledInput.Kind.NUMBER) {
                writeNumber(record, in, mode, raw, into, offset);
            } else if (in.kind == CompiledInput.Kind.CATEGORY) {
                writeCategory(in, raw, into, offset);
            } else {
                writeTime(record, in, mode, raw, into, offset);
            }
        }
    }

    /** {@code raw}: the boxed value, read by the caller when the field is not primitive. */
    private void writeNumber(R record, CompiledInput in, byte mode, Object raw, float[] into, int offset) {
        double v;
        if (mode == PRIMITIVE_DOUBLE) {
            v = accessor.getDouble(record, in.index);
        } else {
            if (in.absent(raw)) {
                write(in.numbers, Double.NaN, into, offset);
                return;
            }
            v = in.toNumber(raw);
        }
        if (!Double.isFinite(v)) {
            in.checkNonFinite(v);
        }
        write(in.numbers, v, into, offset);
    }

    private static void write(NumberFeature[] features, double v, float[] into, int offset) {
        for (NumberFeature f : features) {
            f.write(v, into, offset);
        }
    }

    /** Category inputs are strings, always boxed. */
    private static void writeCategory(CompiledInput in, Object raw, float[] into, int offset) {
        String category = in.absent(raw) ? null : in.toCategory(raw);
        for (CategoryFeature f : in.categories) {
            f.write(category, raw, into, offset);
        }
    }

    private void writeTime(R record, CompiledInput in, byte mode, Object raw, float[] into, int offset) {
        long second = 0;
        boolean missing = false;
        if (mode == PRIMITIVE_LONG) {
            second = Math.floorDiv(accessor.getLong(record, in.index), 1000L);
        } else {
            missing = in.absent(raw);
            if (!missing) {
                second = in.toEpochSecond(raw);
            }
        }
        for (TimeFeature f : in.times) {
            f.write(second, missing, into, offset);
        }
    }

    /**
     * Appends one row per record to {@code batch}, written in place. If record {@code i} violates the
     * schema, the batch keeps exactly the rows of records {@code 0 .. i-1} and the exception names
     * index {@code i}, so a caller can set the record aside and go on with the rest.
     *
     * @throws IllegalArgumentException if the batch's width is not {@link #width()}
     * @throws SchemaViolationException naming the index of the offending record in {@code records}
     */
    public void writeAll(List<? extends R> records, DenseBatch batch) {
        if (batch.columns() != width) {
            throw new IllegalArgumentException("batch has " + batch.columns() + " columns, the pipeline makes " + width);
        }
        // A batch in native memory is written a row at a time from the heap.
        float[] row = batch.isDirect() ? new float[width] : null;
        int i = 0;
        for (Iterator<? extends R> it = records.iterator(); it.hasNext(); i++) {
            R record = it.next();
            int at = batch.appendRow();
            try {
                if (row == null) {
                    write(record, batch.data(), at);
                } else {
                    write(record, row, 0);
                    batch.set(at, row, 0, width);
                }
            } catch (SchemaViolationException e) {
                batch.truncate(batch.size() - 1);
                throw e.atRecord(i);
            } catch (RuntimeException e) {
                batch.truncate(batch.size() - 1);
                throw e;
            }
        }
    }

    @Override
    public String toString() {
        return "Preprocessor(" + recordType + " -> " + width + " features)";
    }
}

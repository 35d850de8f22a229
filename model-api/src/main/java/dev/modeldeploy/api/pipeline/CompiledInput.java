package dev.modeldeploy.api.pipeline;

import dev.modeldeploy.api.error.SchemaViolationException;
import dev.modeldeploy.api.pipeline.CompiledFeatures.CategoryFeature;
import dev.modeldeploy.api.pipeline.CompiledFeatures.NumberFeature;
import dev.modeldeploy.api.pipeline.CompiledFeatures.TimeFeature;
import dev.modeldeploy.api.schema.FieldType;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.Date;

/**
 * One input field, compiled: how its raw value is validated and converted, and the features that
 * read it. Features are grouped by input so that each raw value is read and checked once, whatever
 * the number of features made from it.
 */
final class CompiledInput {
    enum Kind { NUMBER, CATEGORY, TIME }

    static final String TIMESTAMP_FORMS = "a timestamp: Instant, OffsetDateTime, ZonedDateTime, Date, epoch milliseconds "
            + "(Long or Integer) or an ISO-8601 string with an offset such as 2024-03-31T01:30:00Z";

    final int index;
    final String name;
    final FieldType type;
    final boolean nullable;
    final boolean allowNaN;
    private final boolean floating;
    final Kind kind;
    final NumberFeature[] numbers;
    final CategoryFeature[] categories;
    final TimeFeature[] times;

    CompiledInput(int index, InputField field, NumberFeature[] numbers, CategoryFeature[] categories, TimeFeature[] times) {
        this.index = index;
        this.name = field.name();
        this.type = field.type();
        this.nullable = field.nullable();
        this.allowNaN = field.allowNaN();
        this.floating = type == FieldType.DOUBLE || type == FieldType.FLOAT;
        this.kind = switch (type) {
            case STRING -> Kind.CATEGORY;
            case TIMESTAMP -> Kind.TIME;
            default -> Kind.NUMBER;
        };
        this.numbers = numbers;
        this.categories = categories;
        this.times = times;
    }

    /**
     * Whether a raw value is missing (null or absent), which only a nullable field allows.
     *
     * @throws SchemaViolationException if the field is required and the value missing
     */
    boolean absent(Object raw) {
        if (raw != null) {
            return false;
        }
        if (!nullable) {
            throw missing();
        }
        return true;
    }

    /**
     * Checks a value that is NaN or infinite: NaN is a missing value where the field allows it, and an
     * error elsewhere; infinities are always errors.
     */
    void checkNonFinite(double v) {
        if (!Double.isNaN(v)) {
            throw new SchemaViolationException(0, name, v, "a finite number");
        }
        if (!allowNaN) {
            throw new SchemaViolationException(0, name, v, "a number, not NaN (the field does not allow NaN)");
        }
    }

    SchemaViolationException missing() {
        return new SchemaViolationException(0, name, null, "a " + type + " value: the field is required");
    }

    SchemaViolationException wrongType(Object raw, String expected) {
        return new SchemaViolationException(0, name, raw, expected);
    }

    /** A present raw value of a numeric or boolean input as a double (not yet checked for NaN). */
    double toNumber(Object raw) {
        // Kept small, so that the JIT inlines the common case into the preprocessor's loop.
        if (raw instanceof Double d && floating) {
            return d;
        }
        return convert(raw);
    }

    private double convert(Object raw) {
        switch (type) {
            case BOOLEAN -> {
                if (raw instanceof Boolean b) {
                    return b ? 1.0 : 0.0;
                }
                throw wrongType(raw, "a BOOLEAN (Boolean)");
            }
            case DOUBLE, FLOAT -> {
                if (raw instanceof Number n) {
                    return n.doubleValue();
                }
                throw wrongType(raw, "a " + type + " (a Number)");
            }
            default -> {
                if (raw instanceof Integer || raw instanceof Long || raw instanceof Short || raw instanceof Byte) {
                    return ((Number) raw).longValue();
                }
                if (raw instanceof Number n) {
                    double d = n.doubleValue();
                    if (d == Math.rint(d) && !Double.isInfinite(d)) {
                        return d;
                    }
                }
                throw wrongType(raw, "an " + type + " (a Number with an integral value)");
            }
        }
    }

    /** A present raw value of a STRING input as a category. */
    String toCategory(Object raw) {
        if (raw instanceof String s) {
            return s;
        }
        if (raw instanceof Enum<?> e) {
            return e.name();
        }
        throw wrongType(raw, "a STRING (String or enum)");
    }

    /** A present raw value of a TIMESTAMP input as seconds since the epoch (rounded down). */
    long toEpochSecond(Object raw) {
        if (raw instanceof Instant i) {
            return i.getEpochSecond();
        }
        if (raw instanceof Long || raw instanceof Integer) {
            return Math.floorDiv(((Number) raw).longValue(), 1000L);
        }
        if (raw instanceof OffsetDateTime o) {
            return o.toEpochSecond();
        }
        if (raw instanceof ZonedDateTime z) {
            return z.toEpochSecond();
        }
        if (raw instanceof Date d) {
            return Math.floorDiv(d.getTime(), 1000L);
        }
        if (raw instanceof String s) {
            TemporalAccessor t;
            try {
                t = DateTimeFormatter.ISO_DATE_TIME.parse(s);
            } catch (DateTimeParseException e) {
                throw wrongType(raw, TIMESTAMP_FORMS);
            }
            if (!t.isSupported(ChronoField.INSTANT_SECONDS)) {
                throw wrongType(raw, TIMESTAMP_FORMS + " (this string has no offset, so it names no instant)");
            }
            return t.getLong(ChronoField.INSTANT_SECONDS);
        }
        if (raw instanceof LocalDateTime) {
            throw wrongType(raw, TIMESTAMP_FORMS + " (a LocalDateTime has no zone, so it names no instant)");
        }
        throw wrongType(raw, TIMESTAMP_FORMS);
    }
}

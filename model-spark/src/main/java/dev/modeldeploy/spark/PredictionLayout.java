package dev.modeldeploy.spark;

import dev.modeldeploy.runtime.batch.PredictionColumns;
import dev.modeldeploy.runtime.batch.PredictionRows;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The prediction columns of a model's output type in a DataFrame: exactly the batch runner's columns
 * ({@link PredictionColumns#derive}: a number or string is one {@code prediction} column, a record or
 * bean one column per property in snake_case, arrays and maps as JSON text), each with the Spark type of
 * its Java value type. Derived from the class alone, so the driver and every executor agree. Immutable
 * and thread-safe.
 */
final class PredictionLayout {
    private final PredictionRows<Object> rows;
    private final List<String> names;
    private final List<StructField> fields;
    private final List<Function<Object, Object>> converters;

    @SuppressWarnings("unchecked")
    private PredictionLayout(Class<?> outputType, String prefix) {
        this.rows = PredictionRows.single(PredictionColumns.derive((Class<Object>) outputType));
        List<String> names = new ArrayList<>();
        List<StructField> fields = new ArrayList<>();
        List<Function<Object, Object>> converters = new ArrayList<>();
        List<Class<?>> types = rows.valueTypes();
        for (int i = 0; i < types.size(); i++) {
            String name = prefix + rows.names().get(i);
            Column column = column(types.get(i));
            names.add(name);
            fields.add(DataTypes.createStructField(name, column.type(), true));
            converters.add(column.convert());
        }
        this.names = List.copyOf(names);
        this.fields = List.copyOf(fields);
        this.converters = List.copyOf(converters);
    }

    /** The layout of a model returning {@code outputType}, each column name prefixed with {@code prefix}. */
    static PredictionLayout of(Class<?> outputType, String prefix) {
        return new PredictionLayout(outputType, prefix);
    }

    /** Column names, prefixed, in order. */
    List<String> names() {
        return names;
    }

    /** The Spark fields (all nullable: a rejected row has no prediction). */
    List<StructField> fields() {
        return fields;
    }

    /** Number of columns. */
    int width() {
        return names.size();
    }

    /** Writes one prediction's cells (nulls for a null prediction) into {@code out} from {@code offset}. */
    void write(Object prediction, Object[] out, int offset) {
        Object[] cells = rows.rows(prediction).get(0);
        for (int i = 0; i < cells.length; i++) {
            out[offset + i] = cells[i] == null ? null : converters.get(i).apply(cells[i]);
        }
    }

    /** A Spark type for a Java value type, and how its values become what Spark's row encoder takes. */
    private record Column(DataType type, Function<Object, Object> convert) {
    }

    private static Column column(Class<?> type) {
        if (type == double.class || type == Double.class) {
            return new Column(DataTypes.DoubleType, v -> ((Number) v).doubleValue());
        }
        if (type == float.class || type == Float.class) {
            return new Column(DataTypes.FloatType, v -> ((Number) v).floatValue());
        }
        if (type == int.class || type == Integer.class) {
            return new Column(DataTypes.IntegerType, v -> ((Number) v).intValue());
        }
        if (type == long.class || type == Long.class) {
            return new Column(DataTypes.LongType, v -> ((Number) v).longValue());
        }
        if (type == short.class || type == Short.class) {
            return new Column(DataTypes.ShortType, v -> ((Number) v).shortValue());
        }
        if (type == byte.class || type == Byte.class) {
            return new Column(DataTypes.ByteType, v -> ((Number) v).byteValue());
        }
        if (type == boolean.class || type == Boolean.class) {
            return new Column(DataTypes.BooleanType, v -> v);
        }
        if (type == BigDecimal.class) {
            return new Column(DataTypes.createDecimalType(38, 18), v -> v);
        }
        if (type == BigInteger.class) {
            return new Column(DataTypes.createDecimalType(38, 0), v -> new BigDecimal((BigInteger) v));
        }
        if (Number.class.isAssignableFrom(type)) {
            return new Column(DataTypes.DoubleType, v -> ((Number) v).doubleValue());
        }
        if (type == Instant.class) {
            return new Column(DataTypes.TimestampType, v -> java.sql.Timestamp.from((Instant) v));
        }
        if (type == OffsetDateTime.class) {
            return new Column(DataTypes.TimestampType, v -> java.sql.Timestamp.from(((OffsetDateTime) v).toInstant()));
        }
        if (type == ZonedDateTime.class) {
            return new Column(DataTypes.TimestampType, v -> java.sql.Timestamp.from(((ZonedDateTime) v).toInstant()));
        }
        if (type == LocalDate.class) {
            return new Column(DataTypes.DateType, v -> java.sql.Date.valueOf((LocalDate) v));
        }
        if (type == LocalDateTime.class) {
            return new Column(DataTypes.TimestampNTZType, v -> v);
        }
        // Strings, JSON text of arrays and maps, enums by name, and anything else as text.
        return new Column(DataTypes.StringType, String::valueOf);
    }
}

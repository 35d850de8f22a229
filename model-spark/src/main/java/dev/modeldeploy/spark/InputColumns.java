package dev.modeldeploy.spark;

import dev.modeldeploy.api.schema.Field;
import dev.modeldeploy.api.schema.FieldType;
import dev.modeldeploy.api.schema.Schema;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a model's raw records ({@code Map<String, Object>}, field name to value) are read from the rows of
 * a DataFrame: each field of the model's input schema from the column of the same name, or of the name
 * given for it. {@link #bind} checks names and types on the driver, once, and lists every problem;
 * {@link #record(Row)} then runs on executors. A model without an input schema gets every column, by
 * its own name.
 *
 * <p>Immutable and serializable: it holds field names, column positions and types only.
 */
final class InputColumns implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String[] fields;
    private final int[] positions;
    private final FieldType[] types;

    private InputColumns(String[] fields, int[] positions, FieldType[] types) {
        this.fields = fields;
        this.positions = positions;
        this.types = types;
    }

    /**
     * Binds the input schema's fields to the DataFrame's columns.
     *
     * @param columnOf field name to column name, for fields whose column is named otherwise
     * @param problems where each missing or mistyped column is described (nothing is bound for them)
     */
    static InputColumns bind(Schema input, StructType dataFrame, Map<String, String> columnOf, List<String> problems) {
        for (String field : columnOf.keySet()) {
            if (input.size() > 0 && input.field(field).isEmpty()) {
                problems.add("column mapping names field '" + field + "', which the model's input schema does not have; its fields are "
                        + fieldNames(input));
            }
        }
        if (input.size() == 0) {
            String[] names = dataFrame.fieldNames();
            int[] positions = new int[names.length];
            Arrays.setAll(positions, i -> i);
            return new InputColumns(names, positions, new FieldType[names.length]);
        }
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < dataFrame.fields().length; i++) {
            index.putIfAbsent(dataFrame.fields()[i].name(), i);
        }
        List<Field> fields = input.fields();
        String[] names = new String[fields.size()];
        int[] positions = new int[fields.size()];
        FieldType[] types = new FieldType[fields.size()];
        for (int i = 0; i < fields.size(); i++) {
            Field field = fields.get(i);
            String column = columnOf.getOrDefault(field.name(), field.name());
            names[i] = field.name();
            types[i] = field.type();
            Integer at = index.get(column);
            if (at == null) {
                problems.add("missing column '" + column + "' for " + describe(field)
                        + (column.equals(field.name()) ? "" : " (mapped from field '" + field.name() + "')"));
                positions[i] = -1;
                continue;
            }
            positions[i] = at;
            StructField actual = dataFrame.fields()[at];
            String why = unreadable(field.type(), actual.dataType());
            if (why != null) {
                problems.add("column '" + column + "' is " + actual.dataType().simpleString() + " but " + describe(field) + " needs "
                        + why);
            }
        }
        return new InputColumns(names, positions, types);
    }

    private static List<String> fieldNames(Schema schema) {
        return schema.fields().stream().map(Field::name).toList();
    }

    private static String describe(Field field) {
        return "input field '" + field.name() + "' (" + field.type() + (field.nullable() ? ", nullable" : "") + ")";
    }

    /** Why a column of this Spark type cannot feed a field of this type, or null if it can. */
    static String unreadable(FieldType field, DataType column) {
        boolean ok = switch (field) {
            case BOOLEAN -> column instanceof BooleanType;
            case INT, LONG -> column instanceof ByteType || column instanceof ShortType || column instanceof IntegerType
                    || column instanceof LongType || column instanceof DecimalType d && d.scale() == 0;
            case FLOAT, DOUBLE -> column instanceof NumericType;
            case STRING -> column instanceof StringType;
            // Instants only: a TIMESTAMP_NTZ names no instant (convert it with to_utc_timestamp first).
            case TIMESTAMP -> column instanceof TimestampType || column instanceof StringType || column instanceof LongType;
            case DATE -> column instanceof DateType;
            case FLOAT_ARRAY -> column instanceof ArrayType a && a.elementType() instanceof NumericType;
        };
        if (ok) {
            return null;
        }
        return switch (field) {
            case BOOLEAN -> "boolean";
            case INT, LONG -> "an integral type (tinyint, smallint, int, bigint, decimal(p,0))";
            case FLOAT, DOUBLE -> "a numeric type";
            case STRING -> "string";
            case TIMESTAMP -> column instanceof TimestampNTZType
                    ? "an instant: timestamp (with time zone), an ISO-8601 string with an offset or bigint epoch milliseconds; "
                    + "convert timestamp_ntz with to_utc_timestamp"
                    : "timestamp, an ISO-8601 string with an offset, or bigint epoch milliseconds";
            case DATE -> "date";
            case FLOAT_ARRAY -> "an array of numbers";
        };
    }

    /** The raw record of one row: the model's field names to the row's values. */
    Map<String, Object> record(Row row) {
        Map<String, Object> record = new LinkedHashMap<>(fields.length * 2);
        for (int i = 0; i < fields.length; i++) {
            int at = positions[i];
            record.put(fields[i], row.isNullAt(at) ? null : value(row, at, types[i]));
        }
        return record;
    }

    private static Object value(Row row, int at, FieldType type) {
        if (type == FieldType.FLOAT_ARRAY) {
            List<Object> values = row.getList(at);
            float[] out = new float[values.size()];
            for (int i = 0; i < out.length; i++) {
                Object v = values.get(i);
                if (v == null) {
                    throw new IllegalArgumentException("input field has a null at index " + i + " of its array");
                }
                out[i] = ((Number) v).floatValue();
            }
            return out;
        }
        Object value = row.get(at);
        if (value instanceof java.sql.Date date) {
            return date.toLocalDate();
        }
        if (value instanceof scala.collection.Seq<?>) {
            // Arrays of a model without an input schema: a Java list, as a JSON reader would give.
            return new ArrayList<>(row.getList(at));
        }
        return value;
    }
}

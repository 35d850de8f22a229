package dev.modeldeploy.onnx;

import dev.modeldeploy.api.error.SchemaViolationException;
import dev.modeldeploy.api.pipeline.FeatureSpec;
import dev.modeldeploy.api.pipeline.InputField;
import dev.modeldeploy.api.pipeline.RecordAccessor;
import dev.modeldeploy.api.pipeline.RecordType;
import dev.modeldeploy.api.schema.FieldType;

import java.util.List;

/**
 * The raw records of a model without a feature spec: {@code float[]} rows that already are the
 * features. They run through a pipeline of one pass-through feature per column
 * ({@code features[0]}, {@code features[1]}, …), so such a model shares every path with the others;
 * NaN passes through (tree models read it as missing), infinities are refused, and a row of the
 * wrong length is a schema violation of field {@value #FIELD}. Immutable.
 */
final class FloatRows implements RecordType<float[]> {
    /** The one field of the input schema of a model without a spec. */
    static final String FIELD = "features";

    private final int width;

    FloatRows(int width) {
        this.width = width;
    }

    /** The pass-through spec of {@code width} columns. */
    static FeatureSpec spec(int width) {
        FeatureSpec.Builder spec = FeatureSpec.builder();
        for (int i = 0; i < width; i++) {
            String name = FIELD + "[" + i + "]";
            spec.input(InputField.required(name, FieldType.FLOAT).withNaNAllowed()).feature(name);
        }
        return spec.build();
    }

    @Override
    public Class<?> javaType() {
        return float[].class;
    }

    @Override
    public RecordAccessor<float[]> bind(List<String> fieldNames) {
        int[] columns = new int[fieldNames.size()];
        for (int i = 0; i < columns.length; i++) {
            String name = fieldNames.get(i);
            columns[i] = Integer.parseInt(name.substring(FIELD.length() + 1, name.length() - 1));
        }
        return new RecordAccessor<>() {
            @Override
            public Object get(float[] row, int field) {
                return getDouble(row, field);
            }

            @Override
            public Class<?> primitiveType(int field) {
                return float.class;
            }

            @Override
            public double getDouble(float[] row, int field) {
                if (row.length != width) {
                    throw new SchemaViolationException(0, FIELD, "float[" + row.length + "]", "a float[] of " + width + " features");
                }
                return row[columns[field]];
            }
        };
    }

    @Override
    public String toString() {
        return "float[" + width + "] rows";
    }
}

package dev.modeldeploy.api.pipeline;

import dev.modeldeploy.api.error.SchemaViolationException;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads positional rows. */
final class RowRecordType implements RecordType<Object[]> {
    private final List<String> columns;
    private final Map<String, Integer> positions = new HashMap<>();

    RowRecordType(List<String> columns) {
        this.columns = List.copyOf(columns);
        for (int i = 0; i < this.columns.size(); i++) {
            if (positions.put(this.columns.get(i), i) != null) {
                throw new IllegalArgumentException("row column '" + this.columns.get(i) + "' is named twice");
            }
        }
    }

    @Override
    public Class<?> javaType() {
        return Object[].class;
    }

    @Override
    public RecordAccessor<Object[]> bind(List<String> fieldNames) {
        String[] names = fieldNames.toArray(String[]::new);
        int[] at = new int[names.length];
        for (int i = 0; i < names.length; i++) {
            Integer p = positions.get(names[i]);
            if (p == null) {
                throw new IllegalArgumentException("the rows have no column '" + names[i] + "' that the feature spec reads; they have " + columns);
            }
            at[i] = p;
        }
        int width = columns.size();
        return (row, field) -> {
            if (row.length != width) {
                throw new SchemaViolationException(0, names[field], row.length + " values", "a row of " + width + " values " + columns);
            }
            return row[at[field]];
        };
    }

    @Override
    public String toString() {
        return "rows " + columns;
    }
}

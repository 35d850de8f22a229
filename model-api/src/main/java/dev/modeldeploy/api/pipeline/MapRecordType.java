package dev.modeldeploy.api.pipeline;

import java.util.List;
import java.util.Map;

/** Reads maps by key. */
final class MapRecordType implements RecordType<Map<String, Object>> {
    static final MapRecordType INSTANCE = new MapRecordType();

    private MapRecordType() {
    }

    @Override
    public Class<?> javaType() {
        return Map.class;
    }

    @Override
    public RecordAccessor<Map<String, Object>> bind(List<String> fieldNames) {
        String[] keys = fieldNames.toArray(String[]::new);
        return (record, field) -> record.get(keys[field]);
    }

    @Override
    public String toString() {
        return "maps";
    }
}

package dev.modeldeploy.runtime.monitor;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.modeldeploy.api.pipeline.RecordAccessor;
import dev.modeldeploy.api.pipeline.RecordType;

import java.util.List;
import java.util.Map;

/**
 * Reads the monitored fields of raw input records: maps by key, Java records and beans through their
 * accessors ({@link RecordType}, primitives without boxing), anything else through its JSON form. A
 * number is a numeric value (a boolean counts 1 or 0); a string, boolean or enum is a category. The
 * map and record paths allocate nothing. Thread-safe.
 */
final class InputReader {
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final List<String> names;
    private final SignalKind[] kinds;
    private final int firstSlot;
    private final RecordAccessor<Object> maps;
    private volatile Bound bound = new Bound(Void.class, null);

    private record Bound(Class<?> type, RecordAccessor<Object> accessor) {
    }

    /**
     * @param names     the monitored fields; field {@code i} goes to slot {@code firstSlot + i}
     * @param kinds     each field's kind
     * @param firstSlot the slot of the first field
     */
    InputReader(List<String> names, List<SignalKind> kinds, int firstSlot) {
        this.names = List.copyOf(names);
        this.kinds = kinds.toArray(new SignalKind[0]);
        this.firstSlot = firstSlot;
        this.maps = mapAccessor();
    }

    void read(Object record, ValueSink sink) {
        if (names.isEmpty()) {
            return;
        }
        if (record == null) {
            for (int i = 0; i < kinds.length; i++) {
                sink.missing(firstSlot + i);
            }
            return;
        }
        RecordAccessor<Object> accessor = accessor(record.getClass());
        if (accessor == null) {
            readFields(JSON.convertValue(record, MAP), maps, sink);
        } else {
            readFields(record, accessor, sink);
        }
    }

    private void readFields(Object record, RecordAccessor<Object> accessor, ValueSink sink) {
        for (int i = 0; i < kinds.length; i++) {
            int slot = firstSlot + i;
            Class<?> primitive = accessor.primitiveType(i);
            if (primitive != null) {
                double v = accessor.getDouble(record, i);
                if (kinds[i] == SignalKind.NUMERIC) {
                    number(sink, slot, v);
                } else {
                    sink.category(slot, primitive == boolean.class ? (v != 0 ? "true" : "false") : Double.toString(v));
                }
                continue;
            }
            Object v = accessor.get(record, i);
            if (v == null) {
                sink.missing(slot);
            } else if (kinds[i] == SignalKind.NUMERIC) {
                if (v instanceof Number n) {
                    number(sink, slot, n.doubleValue());
                } else if (v instanceof Boolean b) {
                    sink.number(slot, b ? 1 : 0);
                } else {
                    sink.missing(slot);
                }
            } else if (v instanceof String s) {
                sink.category(slot, s);
            } else if (v instanceof Enum<?> e) {
                sink.category(slot, e.name());
            } else {
                sink.category(slot, v.toString());
            }
        }
    }

    private static void number(ValueSink sink, int slot, double v) {
        if (Double.isNaN(v)) {
            sink.missing(slot);
        } else {
            sink.number(slot, v);
        }
    }

    /** The accessor for records of this class, bound once per class; null where only JSON can read them. */
    @SuppressWarnings("unchecked")
    private RecordAccessor<Object> accessor(Class<?> type) {
        Bound b = bound;
        if (b.type == type) {
            return b.accessor;
        }
        RecordAccessor<Object> accessor;
        if (Map.class.isAssignableFrom(type)) {
            accessor = maps;
        } else {
            try {
                accessor = ((RecordType<Object>) RecordType.of(type)).bind(names);
            } catch (RuntimeException e) {
                accessor = null; // not a record or bean with these fields: read its JSON form
            }
        }
        bound = new Bound(type, accessor);
        return accessor;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private RecordAccessor<Object> mapAccessor() {
        return (RecordAccessor) RecordType.map().bind(names);
    }
}

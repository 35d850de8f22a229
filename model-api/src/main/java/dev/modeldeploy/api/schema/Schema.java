package dev.modeldeploy.api.schema;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The ordered fields of a model's input or output record. Immutable and thread-safe; field names are
 * unique.
 *
 * @param fields the fields in order
 */
public record Schema(List<Field> fields) {
    private static final Schema EMPTY = new Schema(List.of());

    public Schema {
        fields = List.copyOf(Objects.requireNonNull(fields, "fields"));
        Set<String> seen = new HashSet<>();
        for (Field f : fields) {
            if (!seen.add(f.name())) {
                throw new IllegalArgumentException("duplicate field name in schema: " + f.name());
            }
        }
    }

    /** A schema with the given fields, in order. */
    public static Schema of(Field... fields) {
        return new Schema(List.of(fields));
    }

    /** A schema with no fields (the types are not described). */
    public static Schema empty() {
        return EMPTY;
    }

    /** The field with this name, if any. */
    public Optional<Field> field(String name) {
        return fields.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    /** Number of fields. */
    public int size() {
        return fields.size();
    }
}

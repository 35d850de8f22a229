package dev.modeldeploy.api.pipeline;

import java.lang.invoke.MethodHandles;
import java.util.List;
import java.util.Map;

/**
 * A kind of raw record a {@link FeaturePipeline} can read, and how: maps by key, Java records and
 * beans by their accessors, rows by position. {@link #bind(List)} makes an {@link RecordAccessor}
 * for the pipeline's input names, once.
 *
 * <pre>{@code
 * Preprocessor<Map<String, Object>> fromMaps = pipeline.bind(RecordType.map());
 * Preprocessor<Lead> fromLeads = pipeline.bind(RecordType.of(Lead.class));      // a record or bean
 * Preprocessor<Object[]> fromRows = pipeline.bind(RecordType.rows(List.of("id", "visits", "country")));
 * }</pre>
 *
 * <p>Implementations must be immutable and thread-safe.
 *
 * @param <R> the record type
 */
public interface RecordType<R> {

    /** The class of the records, as reported by {@link dev.modeldeploy.api.Model#types()}. */
    Class<?> javaType();

    /**
     * An accessor reading these fields, in this order.
     *
     * @throws IllegalArgumentException if the record type cannot have one of the fields (a record class
     *         without such a component), naming it
     */
    RecordAccessor<R> bind(List<String> fieldNames);

    /** Maps from field name to value ({@code Map.get}); an absent key is a missing value. */
    static RecordType<Map<String, Object>> map() {
        return MapRecordType.INSTANCE;
    }

    /**
     * Instances of a Java record (read through its component accessors) or a bean (through public
     * {@code getX()} / {@code isX()} methods). The class is inspected once and its accessors kept as
     * method handles; primitive components are read without boxing. The class must be accessible to
     * this library (public, or in a package open to it); otherwise use {@link #of(Class, MethodHandles.Lookup)}.
     */
    static <R> RecordType<R> of(Class<R> type) {
        return ClassRecordType.of(type);
    }

    /**
     * Like {@link #of(Class)}, with accessors looked up through the caller's own {@code lookup}
     * ({@code MethodHandles.lookup()}), for classes this library cannot access itself.
     */
    static <R> RecordType<R> of(Class<R> type, MethodHandles.Lookup lookup) {
        return ClassRecordType.of(type, lookup);
    }

    /**
     * Positional rows ({@code Object[]}, as from a CSV reader or a JDBC result) whose values are in the
     * order of {@code columns}; columns the pipeline does not read are skipped.
     */
    static RecordType<Object[]> rows(List<String> columns) {
        return new RowRecordType(columns);
    }
}

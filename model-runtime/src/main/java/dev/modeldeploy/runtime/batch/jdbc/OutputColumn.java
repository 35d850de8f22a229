package dev.modeldeploy.runtime.batch.jdbc;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;

/**
 * One prediction column of a {@link JdbcSink}: its name, type, and how to get its value from a
 * prediction. Immutable.
 *
 * @param name  the checked column name
 * @param type  the column type
 * @param value the value of a prediction (may return null)
 * @param <O>   the prediction type
 */
record OutputColumn<O>(String name, ColumnType type, Function<? super O, ?> value) {
    /** The column of a prediction that is a single value. */
    static final String SINGLE = "prediction";

    OutputColumn {
        Identifiers.column(name);
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
    }

    /**
     * The default columns for predictions of {@code type}: one {@value #SINGLE} column for a number,
     * string, boolean or time; one column per property (named in snake case) for a record or bean, as
     * Jackson sees its properties, with nested values, arrays and maps as JSON text; one JSON column for
     * arrays, collections, maps and {@code Object}.
     */
    static <O> List<OutputColumn<O>> derive(Class<O> type, ObjectMapper json) {
        ColumnType scalar = scalarType(type);
        if (scalar != null) {
            return List.of(new OutputColumn<>(SINGLE, scalar, Function.identity()));
        }
        if (type == Object.class || type.isArray() || type.isInterface() || Collection.class.isAssignableFrom(type)
                || Map.class.isAssignableFrom(type)) {
            return List.of(new OutputColumn<>(SINGLE, ColumnType.JSON, Function.identity()));
        }
        JavaType javaType = json.constructType(type);
        BeanDescription bean = json.getSerializationConfig().introspect(javaType);
        PropertyNamingStrategies.NamingBase snake = (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;
        List<OutputColumn<O>> columns = new ArrayList<>();
        for (BeanPropertyDefinition p : bean.findProperties()) {
            AnnotatedMember accessor = p.getAccessor();
            if (accessor == null || !p.couldSerialize()) {
                continue;
            }
            accessor.fixAccess(true);
            ColumnType t = scalarType(accessor.getRawType());
            String column = snake.translate(p.getName());
            try {
                Identifiers.column(column);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the property " + p.getName() + " of " + type.getName()
                        + " makes no plain column name; map the columns explicitly", e);
            }
            columns.add(new OutputColumn<>(column, t == null ? ColumnType.JSON : t, accessor::getValue));
        }
        if (columns.isEmpty()) {
            return List.of(new OutputColumn<>(SINGLE, ColumnType.JSON, Function.identity()));
        }
        return List.copyOf(columns);
    }

    /** The column type for a Java type stored as one value, or null if it is stored as JSON. */
    static ColumnType scalarType(Class<?> t) {
        if (t == long.class || t == int.class || t == short.class || t == byte.class || t == Long.class || t == Integer.class
                || t == Short.class || t == Byte.class || t == BigInteger.class) {
            return ColumnType.BIGINT;
        }
        if (t == double.class || t == float.class || t == Double.class || t == Float.class || t == BigDecimal.class || t == Number.class) {
            return ColumnType.DOUBLE;
        }
        if (t == boolean.class || t == Boolean.class) {
            return ColumnType.BOOLEAN;
        }
        if (CharSequence.class.isAssignableFrom(t) || t == char.class || t == Character.class || t.isEnum() || t == UUID.class) {
            return ColumnType.TEXT;
        }
        if (t == LocalDate.class || t == java.sql.Date.class) {
            return ColumnType.DATE;
        }
        if (t == Instant.class || t == OffsetDateTime.class || t == ZonedDateTime.class || t == LocalDateTime.class
                || Date.class.isAssignableFrom(t)) {
            return ColumnType.TIMESTAMP;
        }
        return null;
    }
}

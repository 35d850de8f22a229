package dev.modeldeploy.api.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.modeldeploy.api.error.FeatureSpecException;
import dev.modeldeploy.api.schema.Field;
import dev.modeldeploy.api.schema.FieldType;

import java.util.EnumSet;
import java.util.Set;
import dev.modeldeploy.api.internal.Required;

/**
 * One field of the raw records a pipeline reads, with the rules it is validated against. Immutable.
 *
 * <p>Values accepted per type (anything else is a schema violation naming the field and value):
 * <ul>
 *   <li>{@code DOUBLE}, {@code FLOAT}: any {@link Number}, finite (NaN only with {@code allowNaN});</li>
 *   <li>{@code INT}, {@code LONG}: a {@link Number} with an integral value;</li>
 *   <li>{@code BOOLEAN}: a {@link Boolean} (becomes 1 or 0);</li>
 *   <li>{@code STRING}: a {@link String} or an {@link Enum} (its {@code name()});</li>
 *   <li>{@code TIMESTAMP}: an {@link java.time.Instant}, {@link java.time.OffsetDateTime},
 *       {@link java.time.ZonedDateTime}, {@link java.util.Date} (so {@code java.sql.Timestamp}), a
 *       {@link Long} or {@link Integer} of <em>epoch milliseconds</em>, or an ISO-8601 string with an offset
 *       ({@code 2024-03-31T01:30:00Z}, {@code 2024-03-31T03:30:00+02:00}). A {@code LocalDateTime} or
 *       a string without an offset is refused: it names no instant.</li>
 * </ul>
 *
 * @param name     the field name in raw records
 * @param type     its type: {@code BOOLEAN, INT, LONG, FLOAT, DOUBLE, STRING} or {@code TIMESTAMP}
 * @param nullable whether the field may be missing or null; a missing value counts as missing for
 *                 the features that read it (see {@link Transform})
 * @param allowNaN whether NaN is accepted (as a missing value) in a {@code FLOAT} or {@code DOUBLE} field;
 *                 otherwise NaN is a schema violation
 */
@JsonPropertyOrder({"name", "type", "nullable", "allowNaN"})
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
public record InputField(@Required String name,
                         @Required FieldType type,
                         boolean nullable,
                         boolean allowNaN) {
    private static final Set<FieldType> SUPPORTED = EnumSet.of(FieldType.BOOLEAN, FieldType.INT, FieldType.LONG,
            FieldType.FLOAT, FieldType.DOUBLE, FieldType.STRING, FieldType.TIMESTAMP);

    public InputField {
        if (name == null || name.isBlank()) {
            throw new FeatureSpecException("", "an input needs a non-blank 'name'");
        }
        if (type == null) {
            throw new FeatureSpecException("", "input '" + name + "' needs a 'type'");
        }
        if (!SUPPORTED.contains(type)) {
            throw new FeatureSpecException("", "input '" + name + "' has type " + type + ", which the feature pipeline does not read; use one of " + SUPPORTED);
        }
        if (allowNaN && type != FieldType.DOUBLE && type != FieldType.FLOAT) {
            throw new FeatureSpecException("", "input '" + name + "' allows NaN but is " + type + "; only FLOAT and DOUBLE fields can hold NaN");
        }
    }

    /** A field every record must have. */
    public static InputField required(String name, FieldType type) {
        return new InputField(name, type, false, false);
    }

    /** A field that may be missing or null. */
    public static InputField nullable(String name, FieldType type) {
        return new InputField(name, type, true, false);
    }

    /** This field, also accepting NaN as a missing value. */
    public InputField withNaNAllowed() {
        return new InputField(name, type, nullable, true);
    }

    /** The field as a schema field. */
    public Field toField() {
        return new Field(name, type, nullable);
    }
}

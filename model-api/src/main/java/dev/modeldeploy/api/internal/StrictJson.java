package dev.modeldeploy.api.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict Jackson mapper for files whose every property changes what a model computes (feature
 * specs, weights): unknown properties, duplicate keys, missing required values and coercions (a
 * string where a number belongs) are errors (mark required properties with {@link Required}), and errors are told in words that name the JSON
 * location but no Java class. Not public API.
 */
public final class StrictJson {
    /** Plain data binding only: no default typing; polymorphism only through closed, annotated name sets. */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private static final Pattern QUALIFIED = Pattern.compile("\\b(?:[a-z_][a-z0-9_]*\\.)+(?:[A-Za-z0-9_]+\\$)*([A-Z][A-Za-z0-9_]*)");
    private static final Pattern MISSING_CREATOR_PROPERTY = Pattern.compile("Missing required creator property '([^']*)'");

    private StrictJson() {
    }

    /** Where in the document a mapping error is, as {@code features[2].transforms[0]}; empty at the root. */
    public static String location(JsonProcessingException e) {
        if (!(e instanceof JsonMappingException m)) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference ref : m.getPath()) {
            if (ref.getFieldName() != null) {
                if (out.length() > 0) {
                    out.append('.');
                }
                out.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.toString();
    }

    /**
     * What is wrong, in words without Java class names.
     *
     * @param typeWord what a polymorphic {@code "type"} names here, e.g. {@code "transform type"}
     * @param knownTypes the names the {@code "type"} may take
     */
    public static String problem(JsonProcessingException e, String typeWord, Iterable<String> knownTypes) {
        if (e instanceof InvalidTypeIdException t) {
            return t.getTypeId() == null
                    ? "missing \"type\"; known " + typeWord + "s: " + String.join(", ", knownTypes)
                    : "unknown " + typeWord + " '" + t.getTypeId() + "'; known " + typeWord + "s: " + String.join(", ", knownTypes);
        }
        if (e instanceof UnrecognizedPropertyException u) {
            return "unknown property '" + u.getPropertyName() + "'"
                    + (u.getKnownPropertyIds() == null ? "" : "; known properties: " + u.getKnownPropertyIds());
        }
        if (e instanceof InvalidFormatException f && f.getTargetType() != null && f.getTargetType().isEnum()) {
            return "'" + f.getValue() + "' is not one of " + Arrays.toString(f.getTargetType().getEnumConstants());
        }
        if (e instanceof ValueInstantiationException v && v.getCause() != null) {
            return plain(v.getCause().getMessage());
        }
        String original = e.getOriginalMessage();
        Matcher missing = MISSING_CREATOR_PROPERTY.matcher(original == null ? "" : original);
        if (missing.find()) {
            return "missing required property '" + missing.group(1) + "'";
        }
        String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
        return plain(original) + where;
    }

    /** A message with fully-qualified class names shortened to their simple names. */
    static String plain(String message) {
        if (message == null) {
            return "malformed JSON";
        }
        String plain = message.replaceAll(" \\(but might if coercion[^)]*\\)", "")
                .replaceAll(" at \\[Source: [^;]*; line: (\\d+), column: (\\d+)]", " at line $1, column $2");
        return QUALIFIED.matcher(plain).replaceAll("$1");
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }
}

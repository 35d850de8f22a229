package dev.modeldeploy.api.pipeline;

import dev.modeldeploy.api.error.FeatureSpecException;
import dev.modeldeploy.api.schema.FieldType;

import java.util.ArrayList;
import java.util.List;

/** Which transform may follow which, and what columns a feature makes: the typing of a chain. */
final class ChainRules {
    /** What flows between two steps of a chain. */
    enum Kind {
        NUMBER("a number"), CATEGORY("a category"), TIME("a timestamp"), COLUMNS("one-hot columns");

        final String words;

        Kind(String words) {
            this.words = words;
        }
    }

    /** The suffix of the extra one-hot column of {@link UnknownPolicy#OTHER}. */
    static final String OTHER_COLUMN = "<other>";

    private ChainRules() {
    }

    static Kind start(FieldType type) {
        return switch (type) {
            case STRING -> Kind.CATEGORY;
            case TIMESTAMP -> Kind.TIME;
            default -> Kind.NUMBER;
        };
    }

    private static Kind reads(Transform t) {
        if (t instanceof Transform.OneHot || t instanceof Transform.Ordinal) {
            return Kind.CATEGORY;
        }
        if (t instanceof Transform.HourOfDay || t instanceof Transform.DayOfWeek) {
            return Kind.TIME;
        }
        return Kind.NUMBER;
    }

    private static Kind makes(Transform t) {
        return t instanceof Transform.OneHot ? Kind.COLUMNS : Kind.NUMBER;
    }

    static String typeName(Transform t) {
        return t.getClass().getAnnotation(com.fasterxml.jackson.annotation.JsonTypeName.class).value();
    }

    /**
     * Checks a feature's chain against its input and returns the names of the columns it makes.
     *
     * @throws FeatureSpecException located relative to the feature ({@code transforms[i]}) when a step does not fit
     */
    static List<String> check(Feature feature, InputField input) {
        Kind kind = start(input.type());
        List<Transform> steps = feature.transforms();
        for (int i = 0; i < steps.size(); i++) {
            Transform t = steps.get(i);
            if (reads(t) != kind) {
                throw new FeatureSpecException("transforms[" + i + "]", "'" + typeName(t) + "' takes " + reads(t).words
                        + ", but here the value is " + kind.words + " (input '" + input.name() + "' is " + input.type() + ")"
                        + hint(kind));
            }
            kind = makes(t);
        }
        if (kind == Kind.CATEGORY || kind == Kind.TIME) {
            throw new FeatureSpecException("", "input '" + input.name() + "' is " + input.type() + " and makes no number by itself"
                    + hint(kind));
        }
        String name = feature.outputName();
        if (kind == Kind.NUMBER) {
            return List.of(name);
        }
        Transform.OneHot oneHot = (Transform.OneHot) steps.get(steps.size() - 1);
        List<String> columns = new ArrayList<>();
        for (String entry : oneHot.vocabulary()) {
            columns.add(name + "=" + entry);
        }
        if (oneHot.unknown() == UnknownPolicy.OTHER) {
            columns.add(name + "=" + OTHER_COLUMN);
        }
        return columns;
    }

    private static String hint(Kind kind) {
        return switch (kind) {
            case CATEGORY -> ": encode it first with 'oneHot' or 'ordinal'";
            case TIME -> ": derive a number first with 'hourOfDay' or 'dayOfWeek'";
            case COLUMNS -> ": 'oneHot' must be the last step";
            case NUMBER -> "";
        };
    }
}

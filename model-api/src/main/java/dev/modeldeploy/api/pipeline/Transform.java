package dev.modeldeploy.api.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.modeldeploy.api.error.FeatureSpecException;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import dev.modeldeploy.api.internal.Required;

/**
 * One step of a {@link Feature}'s chain, from a raw input value towards its feature value(s). A closed
 * set: in JSON each step is an object whose {@code "type"} is one of the names below, never a class
 * name. Immutable values; invalid parameters are refused on construction with a
 * {@link FeatureSpecException}.
 *
 * <table>
 *   <caption>Transforms by what they read and make</caption>
 *   <tr><th>{@code type}</th><th>reads</th><th>makes</th><th>does</th></tr>
 *   <tr><td>{@code impute}</td><td>number</td><td>number</td><td>replaces a missing value (null, absent, or NaN where allowed) by {@code value}</td></tr>
 *   <tr><td>{@code clip}</td><td>number</td><td>number</td><td>bounds to {@code [min, max]} (either may be left out)</td></tr>
 *   <tr><td>{@code log1p}</td><td>number</td><td>number</td><td>{@code ln(1 + x)}; a value below -1 is a schema violation</td></tr>
 *   <tr><td>{@code standardize}</td><td>number</td><td>number</td><td>{@code (x - mean) / std}</td></tr>
 *   <tr><td>{@code minMax}</td><td>number</td><td>number</td><td>{@code (x - min) / (max - min)}</td></tr>
 *   <tr><td>{@code oneHot}</td><td>category</td><td>k or k+1 columns</td><td>one column per vocabulary entry (+ one for {@link UnknownPolicy#OTHER})</td></tr>
 *   <tr><td>{@code ordinal}</td><td>category</td><td>number</td><td>the value's index in the vocabulary</td></tr>
 *   <tr><td>{@code hourOfDay}</td><td>timestamp</td><td>number</td><td>0–23 in {@code zone} (default UTC)</td></tr>
 *   <tr><td>{@code dayOfWeek}</td><td>timestamp</td><td>number</td><td>Monday = 0 … Sunday = 6 in {@code zone} (pandas' {@code dayofweek})</td></tr>
 * </table>
 *
 * <p>Numeric and boolean inputs start as a number (a boolean as 1 or 0); a {@code STRING} input must
 * start with {@code oneHot} or {@code ordinal}, a {@code TIMESTAMP} input with {@code hourOfDay} or
 * {@code dayOfWeek}. A missing value travels through the numeric steps as NaN until an {@code impute}
 * replaces it; without one it reaches the model as NaN (what tree models exported to ONNX expect).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Transform.Impute.class, name = "impute"),
        @JsonSubTypes.Type(value = Transform.Clip.class, name = "clip"),
        @JsonSubTypes.Type(value = Transform.Log1p.class, name = "log1p"),
        @JsonSubTypes.Type(value = Transform.Standardize.class, name = "standardize"),
        @JsonSubTypes.Type(value = Transform.MinMax.class, name = "minMax"),
        @JsonSubTypes.Type(value = Transform.OneHot.class, name = "oneHot"),
        @JsonSubTypes.Type(value = Transform.Ordinal.class, name = "ordinal"),
        @JsonSubTypes.Type(value = Transform.HourOfDay.class, name = "hourOfDay"),
        @JsonSubTypes.Type(value = Transform.DayOfWeek.class, name = "dayOfWeek"),
})
public sealed interface Transform {

    /** The names a spec may use in {@code "type"}, in the order of the table above. */
    static List<String> typeNames() {
        return Arrays.stream(Transform.class.getAnnotation(JsonSubTypes.class).value()).map(JsonSubTypes.Type::name).toList();
    }

    /** Replace a missing value by the constant {@code value}. */
    static Impute imputeConstant(double value) {
        return new Impute(value, Impute.Strategy.CONSTANT);
    }

    /** Replace a missing value by the training mean (learned at training time, e.g. scikit-learn's {@code SimpleImputer.statistics_}). */
    static Impute imputeMean(double trainingMean) {
        return new Impute(trainingMean, Impute.Strategy.MEAN);
    }

    /** Bound to {@code [min, max]}. */
    static Clip clip(double min, double max) {
        return new Clip(min, max);
    }

    /** {@code ln(1 + x)}. */
    static Log1p log1p() {
        return new Log1p();
    }

    /** {@code (x - mean) / std} (scikit-learn's {@code StandardScaler}: {@code mean_}, {@code scale_}). */
    static Standardize standardize(double mean, double std) {
        return new Standardize(mean, std);
    }

    /** {@code (x - min) / (max - min)} (scikit-learn's {@code MinMaxScaler}: {@code data_min_}, {@code data_max_}). */
    static MinMax minMax(double min, double max) {
        return new MinMax(min, max);
    }

    /** One column per vocabulary entry, in order (scikit-learn's {@code OneHotEncoder.categories_}). */
    static OneHot oneHot(UnknownPolicy unknown, String... vocabulary) {
        return new OneHot(List.of(vocabulary), unknown);
    }

    /** The value's index in the vocabulary (scikit-learn's {@code OrdinalEncoder}). */
    static Ordinal ordinal(UnknownPolicy unknown, String... vocabulary) {
        return new Ordinal(List.of(vocabulary), unknown);
    }

    /** Hour of day (0–23) in a time zone, such as {@code "Europe/Berlin"}. */
    static HourOfDay hourOfDay(String zone) {
        return new HourOfDay(zone);
    }

    /** Day of week (Monday = 0 … Sunday = 6) in a time zone. */
    static DayOfWeek dayOfWeek(String zone) {
        return new DayOfWeek(zone);
    }

    /**
     * Replaces a missing number by {@code value}. The strategy only records how the value was learned
     * at training time (a constant, the training mean or median); at inference the value is substituted.
     *
     * @param value    the replacement (finite)
     * @param strategy how it was learned; {@code CONSTANT} when left out
     */
    @JsonTypeName("impute")
    record Impute(@Required double value, Strategy strategy) implements Transform {
        /** How an imputation value was learned. */
        public enum Strategy { CONSTANT, MEAN, MEDIAN }

        public Impute {
            requireFinite("impute", "value", value);
            strategy = strategy == null ? Strategy.CONSTANT : strategy;
        }
    }

    /**
     * Bounds a number to {@code [min, max]}; a missing bound is open.
     *
     * @param min lower bound, or null
     * @param max upper bound, or null
     */
    @JsonTypeName("clip")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Clip(Double min, Double max) implements Transform {
        public Clip {
            if (min == null && max == null) {
                throw new FeatureSpecException("", "clip needs 'min', 'max' or both");
            }
            if (min != null) {
                requireFinite("clip", "min", min);
            }
            if (max != null) {
                requireFinite("clip", "max", max);
            }
            if (min != null && max != null && min > max) {
                throw new FeatureSpecException("", "clip needs min <= max, was min " + min + " > max " + max);
            }
        }
    }

    /** {@code ln(1 + x)}, for counts and amounts with a long tail. */
    @JsonTypeName("log1p")
    record Log1p() implements Transform {
    }

    /**
     * {@code (x - mean) / std}.
     *
     * @param mean the training mean
     * @param std  the training standard deviation (&gt; 0)
     */
    @JsonTypeName("standardize")
    record Standardize(@Required double mean, @Required double std) implements Transform {
        public Standardize {
            requireFinite("standardize", "mean", mean);
            requireFinite("standardize", "std", std);
            if (std <= 0) {
                throw new FeatureSpecException("", "standardize needs std > 0, was " + std);
            }
        }
    }

    /**
     * {@code (x - min) / (max - min)}: the training range maps to {@code [0, 1]}; values outside it
     * map outside (follow with {@link Clip} to bound them).
     */
    @JsonTypeName("minMax")
    record MinMax(@Required double min, @Required double max) implements Transform {
        public MinMax {
            requireFinite("minMax", "min", min);
            requireFinite("minMax", "max", max);
            if (!(max > min)) {
                throw new FeatureSpecException("", "minMax needs max > min, was min " + min + ", max " + max);
            }
        }
    }

    /**
     * One column per vocabulary entry: 1 where the value equals the entry, 0 elsewhere. Must be the
     * last step of its feature.
     *
     * @param vocabulary the categories, in column order (non-empty, distinct)
     * @param unknown    what to do with a value outside the vocabulary (required: there is no silent default)
     */
    @JsonTypeName("oneHot")
    record OneHot(@Required List<String> vocabulary,
                  @Required UnknownPolicy unknown) implements Transform {
        public OneHot {
            vocabulary = requireVocabulary("oneHot", vocabulary);
            requirePolicy("oneHot", unknown);
        }
    }

    /**
     * The value's index in the vocabulary, as a number.
     *
     * @param vocabulary the categories, in index order (non-empty, distinct)
     * @param unknown    what to do with a value outside the vocabulary
     */
    @JsonTypeName("ordinal")
    record Ordinal(@Required List<String> vocabulary,
                   @Required UnknownPolicy unknown) implements Transform {
        public Ordinal {
            vocabulary = requireVocabulary("ordinal", vocabulary);
            requirePolicy("ordinal", unknown);
        }
    }

    /**
     * The hour of day (0–23) of a timestamp in a time zone; across a daylight-saving change the hour
     * follows the local clock (it skips or repeats an hour).
     *
     * @param zone a time-zone id such as {@code "Europe/Berlin"} or {@code "UTC"}; UTC when left out
     */
    @JsonTypeName("hourOfDay")
    record HourOfDay(String zone) implements Transform {
        public HourOfDay {
            zone = requireZone("hourOfDay", zone);
        }
    }

    /**
     * The day of week of a timestamp in a time zone: Monday = 0 … Sunday = 6 (as pandas'
     * {@code Series.dt.dayofweek} and Python's {@code datetime.weekday()}).
     *
     * @param zone a time-zone id; UTC when left out
     */
    @JsonTypeName("dayOfWeek")
    record DayOfWeek(String zone) implements Transform {
        public DayOfWeek {
            zone = requireZone("dayOfWeek", zone);
        }
    }

    private static void requireFinite(String transform, String parameter, double value) {
        if (!Double.isFinite(value)) {
            throw new FeatureSpecException("", transform + " needs a finite '" + parameter + "', was " + value);
        }
    }

    private static List<String> requireVocabulary(String transform, List<String> vocabulary) {
        if (vocabulary == null || vocabulary.isEmpty()) {
            throw new FeatureSpecException("", transform + " needs a non-empty 'vocabulary'");
        }
        Set<String> seen = new HashSet<>();
        for (String entry : vocabulary) {
            if (entry == null) {
                throw new FeatureSpecException("", transform + " vocabulary contains null");
            }
            if (!seen.add(entry)) {
                throw new FeatureSpecException("", transform + " vocabulary contains '" + entry + "' twice");
            }
        }
        return List.copyOf(vocabulary);
    }

    private static void requirePolicy(String transform, UnknownPolicy unknown) {
        if (unknown == null) {
            throw new FeatureSpecException("", transform + " needs an 'unknown' policy (ERROR, IGNORE or OTHER)");
        }
    }

    private static String requireZone(String transform, String zone) {
        if (zone == null) {
            return "UTC";
        }
        try {
            ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw new FeatureSpecException("", transform + " names an unknown time zone '" + zone + "'");
        }
        return zone;
    }
}

package dev.modeldeploy.api.pipeline;

import dev.modeldeploy.api.error.SchemaViolationException;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneRules;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The compiled writers of features, one kind per input kind, so that each call site stays monomorphic. */
final class CompiledFeatures {
    private CompiledFeatures() {
    }

    /** A feature of a numeric or boolean input: its numeric steps, written at {@code offset}. */
    record NumberFeature(int offset, NumberChain chain) {
        void write(double value, float[] out, int base) {
            out[base + offset] = (float) chain.apply(value);
        }
    }

    /** A one-hot or ordinal encoding of a category. */
    static final class CategoryFeature {
        private final int offset;
        private final boolean oneHot;
        private final int width;
        private final Map<String, Integer> index;
        private final int vocabularySize;
        private final UnknownPolicy unknown;
        private final NumberChain chain;
        private final String field;
        private final String expectation;

        CategoryFeature(String field, int offset, List<String> vocabulary, UnknownPolicy unknown, boolean oneHot, NumberChain chain) {
            this.field = field;
            this.offset = offset;
            this.oneHot = oneHot;
            this.vocabularySize = vocabulary.size();
            this.width = oneHot ? vocabularySize + (unknown == UnknownPolicy.OTHER ? 1 : 0) : 1;
            this.unknown = unknown;
            this.chain = chain;
            this.index = new HashMap<>();
            for (int i = 0; i < vocabulary.size(); i++) {
                index.put(vocabulary.get(i), i);
            }
            String shown = vocabulary.size() <= 10 ? vocabulary.toString()
                    : vocabulary.subList(0, 10).toString().replace("]", ", … (" + vocabulary.size() + " values)]");
            this.expectation = "one of " + shown + " (unknown values are errors for this feature)";
        }

        /**
         * @param value the category, or null when missing (which counts as unknown)
         * @param raw   the raw value, for the error message
         */
        void write(String value, Object raw, float[] out, int base) {
            Integer found = value == null ? null : index.get(value);
            int i;
            if (found != null) {
                i = found;
            } else if (unknown == UnknownPolicy.OTHER) {
                i = vocabularySize;
            } else if (unknown == UnknownPolicy.IGNORE) {
                i = -1;
            } else {
                throw new SchemaViolationException(0, field, raw, expectation);
            }
            if (oneHot) {
                int at = base + offset;
                for (int c = 0; c < width; c++) {
                    out[at + c] = 0f;
                }
                if (i >= 0) {
                    out[at + i] = 1f;
                }
            } else {
                out[base + offset] = (float) chain.apply(i < 0 ? Double.NaN : i);
            }
        }
    }

    /** The hour of day or day of week of a timestamp in a zone, then numeric steps. */
    static final class TimeFeature {
        private static final int NOT_FIXED = Integer.MIN_VALUE;
        private final int offset;
        private final boolean hourOfDay;
        private final ZoneRules rules;
        private final int fixedOffsetSeconds;
        private final NumberChain chain;

        TimeFeature(int offset, boolean hourOfDay, String zone, NumberChain chain) {
            this.offset = offset;
            this.hourOfDay = hourOfDay;
            this.rules = ZoneId.of(zone).getRules();
            ZoneOffset fixed = rules.isFixedOffset() ? rules.getOffset(java.time.Instant.EPOCH) : null;
            this.fixedOffsetSeconds = fixed == null ? NOT_FIXED : fixed.getTotalSeconds();
            this.chain = chain;
        }

        /** @param missing whether the timestamp is missing ({@code epochSecond} is then ignored) */
        void write(long epochSecond, boolean missing, float[] out, int base) {
            double v = missing ? Double.NaN : part(epochSecond);
            out[base + offset] = (float) chain.apply(v);
        }

        private double part(long epochSecond) {
            int zoneOffset = fixedOffsetSeconds != NOT_FIXED ? fixedOffsetSeconds
                    : rules.getOffset(java.time.Instant.ofEpochSecond(epochSecond)).getTotalSeconds();
            long local = epochSecond + zoneOffset;
            if (hourOfDay) {
                return Math.floorMod(local, 86_400L) / 3_600;
            }
            // 1970-01-01 was a Thursday: day 3 when Monday is 0.
            return Math.floorMod(Math.floorDiv(local, 86_400L) + 3, 7L);
        }
    }
}

package dev.modeldeploy.testkit;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class OutputComparisonTest {
    private final OutputComparison loose = new OutputComparison(Tolerance.absolute(0.01));
    private final OutputComparison exact = new OutputComparison(Tolerance.exact());

    record Prediction(double score, float[] probabilities, String label, Nested nested) {
    }

    record Nested(long count, List<Double> history) {
    }

    /** A bean without equals: only Jackson's view of its getters can compare it. */
    public static final class Bean {
        private final double value;
        private final String name;

        Bean(double value, String name) {
            this.value = value;
            this.name = name;
        }

        public double getValue() {
            return value;
        }

        public String getName() {
            return name;
        }
    }

    /** No properties Jackson can see: compared with equals. */
    static final class Opaque {
        private final int id;

        Opaque(int id) {
            this.id = id;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Opaque other && other.id == id;
        }

        @Override
        public int hashCode() {
            return id;
        }
    }

    @Test
    void numbersWithinToleranceMatch() {
        assertThat(loose.difference(1.0, 1.005)).isEmpty();
        assertThat(loose.difference(1.0, 1.02)).contains("at output: expected 1.0 but was 1.02 (difference 0.020000000000000018)");
        assertThat(loose.difference(1.0f, 1.001)).as("a Float against a Double compares by value").isEmpty();
        assertThat(loose.difference(Double.NaN, Double.NaN)).isEmpty();
    }

    @Test
    void wholeNumbersCompareExactlyWhateverTheTolerance() {
        OutputComparison huge = new OutputComparison(Tolerance.absolute(10));
        assertThat(huge.difference(3, 4)).contains("at output: expected 3 but was 4");
        assertThat(huge.difference(3, 3L)).isEmpty();
        assertThat(huge.difference(BigInteger.TWO.pow(70), BigInteger.TWO.pow(70).add(BigInteger.ONE))).isPresent();
        assertThat(huge.difference(3, 4.0)).as("a whole number against a fractional one uses the tolerance").isEmpty();
    }

    @Test
    void arraysCompareElementByElement() {
        assertThat(loose.difference(new float[]{0.2f, 0.8f}, new float[]{0.2001f, 0.7999f})).isEmpty();
        assertThat(loose.difference(new float[]{0.2f, 0.8f}, new float[]{0.2f, 0.5f}))
                .hasValueSatisfying(d -> assertThat(d).startsWith("at output[1]: expected 0.8 but was 0.5"));
        assertThat(loose.difference(new double[]{1, 2}, new double[]{1, 2, 3}))
                .contains("at output: expected 2 elements but was 3 (expected [1.0, 2.0] but was [1.0, 2.0, 3.0])");
        assertThat(exact.difference(new int[]{1, 2}, new int[]{1, 2})).isEmpty();
        assertThat(exact.difference(new String[]{"a"}, new String[]{"b"})).contains("at output[0]: expected \"a\" but was \"b\"");
    }

    @Test
    void mapsCompareKeyByKey() {
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("score", 0.5);
        expected.put("label", "hot");
        assertThat(loose.difference(expected, Map.of("label", "hot", "score", 0.505))).isEmpty();
        assertThat(loose.difference(expected, Map.of("label", "hot", "score", 0.6)))
                .hasValueSatisfying(d -> assertThat(d).startsWith("at output.score: expected 0.5 but was 0.6"));
        assertThat(loose.difference(expected, Map.of("score", 0.5, "rank", 1)))
                .contains("at output: keys differ: missing [label], unexpected [rank]");
    }

    @Test
    void recordsCompareFieldByFieldThroughJackson() {
        Prediction p = new Prediction(0.5, new float[]{0.25f, 0.75f}, "hot", new Nested(3, List.of(1.0, 2.0)));
        assertThat(loose.difference(p, new Prediction(0.501, new float[]{0.251f, 0.75f}, "hot", new Nested(3, List.of(1.0, 2.001)))))
                .as("record equals would compare the float[] by identity; the tree compares it by content").isEmpty();
        assertThat(loose.difference(p, new Prediction(0.5, new float[]{0.25f, 0.9f}, "hot", new Nested(3, List.of(1.0, 2.0)))))
                .hasValueSatisfying(d -> assertThat(d).startsWith("at output.probabilities[1]: expected 0.75 but was 0.9"));
        assertThat(loose.difference(p, new Prediction(0.5, new float[]{0.25f, 0.75f}, "hot", new Nested(4, List.of(1.0, 2.0)))))
                .contains("at output.nested.count: expected 3 but was 4");
        assertThat(loose.difference(p, new Prediction(0.5, new float[]{0.25f, 0.75f}, "cold", new Nested(3, List.of(1.0, 2.0)))))
                .contains("at output.label: expected \"hot\" but was \"cold\"");
    }

    @Test
    void beansCompareByTheirProperties() {
        assertThat(loose.difference(new Bean(1.0, "a"), new Bean(1.001, "a"))).isEmpty();
        assertThat(loose.difference(new Bean(1.0, "a"), new Bean(2.0, "a")))
                .hasValueSatisfying(d -> assertThat(d).startsWith("at output.value: expected 1.0 but was 2.0"));
    }

    @Test
    void othersCompareWithEquals() {
        assertThat(exact.difference(new Opaque(1), new Opaque(1))).isEmpty();
        assertThat(exact.difference(new Opaque(1), new Opaque(2))).isPresent();
        assertThat(exact.difference(Instant.EPOCH, Instant.EPOCH)).isEmpty();
        assertThat(exact.difference(Instant.EPOCH, Instant.EPOCH.plusNanos(1))).isPresent();
        assertThat(loose.difference(Optional.of(1.0), Optional.of(1.001))).isEmpty();
        assertThat(loose.difference(Optional.of(1.0), Optional.empty())).contains("at output: expected 1.0 but was null");
    }

    @Test
    void nullsAndDifferentTypes() {
        assertThat(exact.difference(null, null)).isEmpty();
        assertThat(exact.difference(null, 1.0)).contains("at output: expected null but was 1.0");
        assertThat(exact.difference("1.0", 1.0)).contains("at output: expected a String \"1.0\" but was a Double 1.0");
    }
}

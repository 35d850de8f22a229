package dev.modeldeploy.testkit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ToleranceTest {

    @Test
    void absoluteBoundServesValuesNearZero() {
        Tolerance t = Tolerance.absolute(1e-3);
        assertThat(t.accepts(0, 0.0009)).isTrue();
        assertThat(t.accepts(0, 0.0011)).isFalse();
        assertThat(t.accepts(1000, 1000.0011)).isFalse();
    }

    @Test
    void relativeBoundScalesWithTheLargerMagnitude() {
        Tolerance t = Tolerance.relative(1e-3);
        assertThat(t.accepts(1000, 1000.9)).isTrue();
        assertThat(t.accepts(1000, 1001.5)).isFalse();
        assertThat(t.accepts(0, 1e-9)).as("relative alone accepts nothing against zero").isFalse();
    }

    @Test
    void eitherBoundIsEnough() {
        Tolerance t = Tolerance.of(1e-6, 1e-3);
        assertThat(t.accepts(0, 5e-7)).isTrue();
        assertThat(t.accepts(1000, 1000.9)).isTrue();
        assertThat(t.accepts(1, 1.01)).isFalse();
    }

    @Test
    void specialValues() {
        Tolerance loose = Tolerance.of(1, 1);
        assertThat(Tolerance.exact().accepts(Double.NaN, Double.NaN)).isTrue();
        assertThat(loose.accepts(Double.NaN, 0)).isFalse();
        assertThat(Tolerance.exact().accepts(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY)).isTrue();
        assertThat(loose.accepts(Double.POSITIVE_INFINITY, Double.MAX_VALUE)).isFalse();
        assertThat(loose.accepts(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY)).isFalse();
        assertThat(Tolerance.exact().accepts(0.0, -0.0)).isTrue();
        assertThat(Tolerance.exact().accepts(0.1, Math.nextUp(0.1))).isFalse();
    }

    @Test
    void rejectsNegativeOrNonFiniteBounds() {
        assertThatThrownBy(() -> Tolerance.absolute(-1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("absolute");
        assertThatThrownBy(() -> Tolerance.relative(Double.NaN)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("relative");
        assertThatThrownBy(() -> Tolerance.of(Double.POSITIVE_INFINITY, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readsWellInMessages() {
        assertThat(Tolerance.exact()).hasToString("exact");
        assertThat(Tolerance.defaults()).hasToString("absolute 1.0E-6, relative 1.0E-6");
    }
}

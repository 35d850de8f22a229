package dev.modeldeploy.onnx.tabular;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The float exponential of the Softmax operator against {@code Math.exp}. */
class ExponentialTest {
    @Test
    void staysWithinAFewUlpsOfMathExp() {
        Random random = new Random(3);
        float worst = 0;
        for (int i = 0; i < 200_000; i++) {
            float x = i < 100_000 ? -87.3f * i / 100_000 : -random.nextFloat() * (i % 2 == 0 ? 1 : 87.3f);
            float expected = (float) Math.exp(x);
            float actual = PostTransform.expOfNonPositive(x);
            worst = Math.max(worst, Math.abs(actual - expected) / Math.ulp(expected));
        }
        assertThat(worst).as("worst error in ulps").isLessThanOrEqualTo(4f);
    }

    @Test
    void edgesAreThoseOfASoftmax() {
        assertThat(PostTransform.expOfNonPositive(0f)).isEqualTo(1f);
        assertThat(PostTransform.expOfNonPositive(-0f)).isEqualTo(1f);
        assertThat(PostTransform.expOfNonPositive(Float.NaN)).isNaN();
        assertThat(PostTransform.expOfNonPositive(Float.NEGATIVE_INFINITY)).isBetween(0f, 1.2e-38f);
        assertThat(PostTransform.expOfNonPositive(-1000f)).isBetween(0f, 1.2e-38f);
        assertThat(PostTransform.expOfNonPositive(-Float.MIN_VALUE)).isEqualTo(1f);
    }

    @Test
    void aTwoClassSoftmaxSumsToOne() {
        float[] m = {3.5f, -1.25f};
        PostTransform.softmax(m, 0, 2, true);
        assertThat(m[0] + m[1]).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-6f));
        assertThat(m[1]).isCloseTo((float) (1 / (1 + Math.exp(4.75))), org.assertj.core.data.Offset.offset(1e-7f));
    }
}

package dev.modeldeploy.onnx.tabular;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** A batch's Softmax of two scores, computed without branches, gives exactly the floats of the per-row Softmax. */
class SoftmaxBlockTest {
    private static final float[] EDGES = {0f, -0f, 1f, -1f, Float.MIN_VALUE, -Float.MIN_VALUE, 1e-30f, 88f, -88f, 200f, -200f,
        Float.MAX_VALUE, -Float.MAX_VALUE, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN};

    @Test
    void everyPairGivesTheSameBitsAsTheRowSoftmax() {
        Random random = new Random(5);
        int rows = EDGES.length * EDGES.length + 5000;
        float[] scores = new float[2 * rows];
        int r = 0;
        for (float a : EDGES) {
            for (float b : EDGES) {
                scores[2 * r] = a;
                scores[2 * r + 1] = b;
                r++;
            }
        }
        for (; r < rows; r++) {
            scores[2 * r] = (float) random.nextGaussian() * (r % 3 == 0 ? 40 : 4);
            // Ties every few rows: both classes at one half.
            scores[2 * r + 1] = r % 7 == 0 ? scores[2 * r] : (float) random.nextGaussian() * 4;
        }
        // Memory of 3 floats per row: the two scores, then one the step does not touch; the softmax is written in place.
        int stride = 3;
        float[] memory = new float[rows * stride];
        for (int i = 0; i < rows; i++) {
            memory[i * stride] = scores[2 * i];
            memory[i * stride + 1] = scores[2 * i + 1];
            memory[i * stride + 2] = 42f;
        }
        new RowStep(RowStep.Op.SOFTMAX, 0, 0, 2).applyBlock(memory, rows, stride);
        for (int i = 0; i < rows; i++) {
            float[] expected = {scores[2 * i], scores[2 * i + 1]};
            PostTransform.softmax(expected, 0, 2, true);
            for (int c = 0; c < 2; c++) {
                assertThat(Float.floatToRawIntBits(memory[i * stride + c]))
                        .as("row %d (%s, %s) class %d", i, scores[2 * i], scores[2 * i + 1], c)
                        .isEqualTo(Float.floatToRawIntBits(expected[c]));
            }
            assertThat(memory[i * stride + 2]).isEqualTo(42f);
        }
    }

    @Test
    void otherWidthsStillTakeTheRowPath() {
        float[] memory = {1f, 2f, 3f, 0f, 0f, 0f};
        new RowStep(RowStep.Op.SOFTMAX, 0, 3, 3).applyBlock(memory, 1, 6);
        float[] expected = {1f, 2f, 3f};
        PostTransform.softmax(expected, 0, 3, true);
        assertThat(new float[] {memory[3], memory[4], memory[5]}).containsExactly(expected);
    }
}

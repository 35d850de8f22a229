package dev.modeldeploy.onnx.tabular;

/**
 * The {@code post_transform} of the ai.onnx.ml operators, computed in float as ONNX Runtime computes
 * them (including its approximation of the inverse error function for {@code PROBIT}).
 */
enum PostTransform {
    NONE, LOGISTIC, SOFTMAX, SOFTMAX_ZERO, PROBIT;

    static PostTransform of(String name, String where) {
        try {
            return valueOf(name);
        } catch (IllegalArgumentException e) {
            throw new UnsupportedGraphException(where + ": post_transform '" + name + "'");
        }
    }

    /** Transforms the {@code k} scores at {@code memory[from ..]} of one row in place. */
    void apply(float[] memory, int from, int k) {
        switch (this) {
            case NONE -> { }
            case LOGISTIC -> {
                for (int i = from; i < from + k; i++) {
                    memory[i] = logistic(memory[i]);
                }
            }
            case PROBIT -> {
                for (int i = from; i < from + k; i++) {
                    memory[i] = probit(memory[i]);
                }
            }
            case SOFTMAX -> softmax(memory, from, k);
            case SOFTMAX_ZERO -> softmaxZero(memory, from, k);
            default -> throw new IllegalStateException();
        }
    }

    static float logistic(float x) {
        float v = (float) (1.0 / (1.0 + Math.exp(-Math.abs(x))));
        return x < 0 ? 1f - v : v;
    }

    static float probit(float x) {
        return 1.41421356f * erfInv(x * 2f - 1f);
    }

    /** ONNX Runtime's approximation (Winitzki), reproduced so that PROBIT scores agree with it. */
    private static float erfInv(float x) {
        float sgn = x < 0 ? -1f : 1f;
        x = (1 - x) * (1 + x);
        float log = (float) Math.log(x);
        float v = 2 / (3.14159f * 0.147f) + 0.5f * log;
        float v2 = 1 / 0.147f * log;
        float v3 = (float) Math.sqrt(v * v - v2) - v;
        return sgn * (float) Math.sqrt(v3);
    }

    static void softmax(float[] m, int from, int k) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = from; i < from + k; i++) {
            max = Math.max(max, m[i]);
        }
        float sum = 0;
        for (int i = from; i < from + k; i++) {
            m[i] = (float) Math.exp(m[i] - max);
            sum += m[i];
        }
        for (int i = from; i < from + k; i++) {
            m[i] /= sum;
        }
    }

    private static void softmaxZero(float[] m, int from, int k) {
        float max = -Float.MAX_VALUE;
        for (int i = from; i < from + k; i++) {
            max = Math.max(max, m[i]);
        }
        float expNegMax = (float) Math.exp(-max);
        float sum = 0;
        for (int i = from; i < from + k; i++) {
            if (m[i] > 0.0000001f || m[i] < -0.0000001f) {
                m[i] = (float) Math.exp(m[i] - max);
                sum += m[i];
            } else {
                m[i] *= expNegMax;
            }
        }
        for (int i = from; i < from + k; i++) {
            m[i] /= sum;
        }
    }
}

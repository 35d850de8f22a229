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

    /** Transforms the {@code k} scores at {@code memory[from ..]} of one row in place, as the tree ensembles do. */
    void apply(float[] memory, int from, int k) {
        apply(memory, from, k, false);
    }

    /**
     * Transforms the {@code k} scores at {@code memory[from ..]} of one row in place; {@code vectorised}: as
     * the linear operators do, with MLAS's logistic.
     */
    void apply(float[] memory, int from, int k, boolean vectorised) {
        switch (this) {
            case NONE -> { }
            case LOGISTIC -> {
                for (int i = from; i < from + k; i++) {
                    memory[i] = vectorised ? mlasLogistic(memory[i]) : logistic(memory[i]);
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

    /**
     * ONNX Runtime's vectorised logistic (MLAS: a rational approximation on [-18, 18]), which it uses for
     * the Sigmoid operator and for LOGISTIC over several scores; its relative error grows in the tails.
     */
    static float mlasLogistic(float x) {
        float v = Math.min(18f, Math.max(-18f, x));
        float v2 = v * v;
        float p = v2 * 4.37031012579801e-11f + 1.15627324459942e-07f;
        p = p * v2 + 6.08574864600143e-05f;
        p = p * v2 + 8.51377133304701e-03f;
        p = p * v2 + 2.48287947061529e-01f;
        p = p * v;
        float q = v2 * 6.10247389755681e-13f + 5.76102136993427e-09f;
        q = q * v2 + 6.29106785017040e-06f;
        q = q * v2 + 1.70198817374094e-03f;
        q = q * v2 + 1.16817656904453e-01f;
        q = q * v2 + 9.93151921023180e-01f;
        return p / q + 0.5f;
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
        softmax(m, from, k, false);
    }

    /**
     * Softmax of the {@code k} scores at {@code m[from ..]}. {@code asMlas}: as ONNX Runtime's Softmax
     * operator (MLAS) computes it, with a float exponential ({@link #expOfNonPositive}) and each
     * exponential multiplied by {@code 1 / sum}; else as the ai.onnx.ml post transforms, with
     * {@code Math.exp} and a division by the sum.
     */
    static void softmax(float[] m, int from, int k, boolean asMlas) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = from; i < from + k; i++) {
            max = Math.max(max, m[i]);
        }
        float sum = 0;
        for (int i = from; i < from + k; i++) {
            // The maximum's exp(0) is exactly 1: one exponential saved, which is half of them with two classes.
            float d = m[i] - max;
            m[i] = d == 0f ? 1f : asMlas ? expOfNonPositive(d) : (float) Math.exp(d);
            sum += m[i];
        }
        if (asMlas) {
            float scale = 1f / sum;
            for (int i = from; i < from + k; i++) {
                m[i] *= scale;
            }
            return;
        }
        for (int i = from; i < from + k; i++) {
            m[i] /= sum;
        }
    }

    /** Below this, {@link #expOfNonPositive} gives the value here: its result stays a float of normal exponent. */
    private static final float EXP_LOWER = -87.33654f;
    /** 1.5 * 2^23: adding it rounds a float of magnitude under 2^22 to an integer. */
    private static final float ROUNDING = 12582912f;

    /**
     * {@code e^x} for {@code x <= 0} (or NaN), in float, as MLAS's exponential kernel computes it: {@code x = n ln 2 + r}
     * with {@code n} an integer and {@code |r| <= ln 2 / 2}, a degree-6 polynomial for {@code e^r}, scaled by
     * {@code 2^n}. Within a few ulps of {@code Math.exp}, and much cheaper; below {@code -87.3} it returns
     * about {@code 1e-38} instead of a smaller number.
     */
    static float expOfNonPositive(float x) {
        float v = Math.max(x, EXP_LOWER);
        float n = Math.fma(v, 1.44269504088896341f, ROUNDING) - ROUNDING;
        float r = Math.fma(n, -6.93145752e-1f, v);
        r = Math.fma(n, -1.42860677e-6f, r);
        float p = 0x1.694000p-10f;
        p = Math.fma(p, r, 0x1.125edcp-7f);
        p = Math.fma(p, r, 0x1.555b5ap-5f);
        p = Math.fma(p, r, 0x1.555450p-3f);
        p = Math.fma(p, r, 0x1.fffff6p-2f);
        p = Math.fma(p, r, 1f);
        p = Math.fma(p, r, 1f);
        return p * Float.intBitsToFloat(((int) n + 127) << 23);
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

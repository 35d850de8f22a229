package dev.modeldeploy.api.pipeline;

import dev.modeldeploy.api.error.SchemaViolationException;

import java.util.List;

/**
 * The numeric steps of one feature, compiled into a tiny interpreter over primitive arrays: no
 * objects per step, no virtual call per step. A missing value is NaN and stays NaN until an impute.
 */
final class NumberChain {
    private static final byte IMPUTE = 0;
    private static final byte CLIP = 1;
    private static final byte LOG1P = 2;
    private static final byte STANDARDIZE = 3;
    private static final byte MIN_MAX = 4;
    static final NumberChain IDENTITY = new NumberChain("", new byte[0], new double[0], new double[0]);

    private final String field;
    private final byte[] ops;
    private final double[] a;
    private final double[] b;

    private NumberChain(String field, byte[] ops, double[] a, double[] b) {
        this.field = field;
        this.ops = ops;
        this.a = a;
        this.b = b;
    }

    /** The numeric steps among {@code steps} (the ones after the chain's encoding step, if any). */
    static NumberChain of(String field, List<Transform> steps) {
        List<Transform> numeric = steps.stream().filter(t -> !(t instanceof Transform.OneHot || t instanceof Transform.Ordinal
                || t instanceof Transform.HourOfDay || t instanceof Transform.DayOfWeek)).toList();
        if (numeric.isEmpty()) {
            return IDENTITY;
        }
        byte[] ops = new byte[numeric.size()];
        double[] a = new double[ops.length];
        double[] b = new double[ops.length];
        for (int i = 0; i < ops.length; i++) {
            Transform t = numeric.get(i);
            if (t instanceof Transform.Impute imp) {
                ops[i] = IMPUTE;
                a[i] = imp.value();
            } else if (t instanceof Transform.Clip c) {
                ops[i] = CLIP;
                a[i] = c.min() == null ? Double.NEGATIVE_INFINITY : c.min();
                b[i] = c.max() == null ? Double.POSITIVE_INFINITY : c.max();
            } else if (t instanceof Transform.Log1p) {
                ops[i] = LOG1P;
            } else if (t instanceof Transform.Standardize s) {
                ops[i] = STANDARDIZE;
                a[i] = s.mean();
                b[i] = s.std();
            } else if (t instanceof Transform.MinMax m) {
                ops[i] = MIN_MAX;
                a[i] = m.min();
                b[i] = m.max() - m.min();
            } else {
                throw new IllegalStateException("not a numeric step: " + t);
            }
        }
        return new NumberChain(field, ops, a, b);
    }

    double apply(double x) {
        for (int i = 0; i < ops.length; i++) {
            switch (ops[i]) {
                case IMPUTE -> {
                    if (Double.isNaN(x)) {
                        x = a[i];
                    }
                }
                // NaN (missing) passes through max/min unchanged.
                case CLIP -> x = Math.min(Math.max(x, a[i]), b[i]);
                case LOG1P -> {
                    if (x < -1) {
                        throw outsideLog1p(x);
                    }
                    x = Math.log1p(x);
                }
                case STANDARDIZE -> x = (x - a[i]) / b[i];
                case MIN_MAX -> x = (x - a[i]) / b[i];
                default -> throw new IllegalStateException("op " + ops[i]);
            }
        }
        return x;
    }

    private SchemaViolationException outsideLog1p(double x) {
        return new SchemaViolationException(0, field, x, "a value >= -1 for log1p");
    }
}

package dev.modeldeploy.onnx;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * Random tree ensembles, scored by the pure-Java engine and by ONNX Runtime: every branch mode,
 * missing-value tracks, NaN inputs, inputs exactly on thresholds, every aggregate function and post
 * transform, base values, and the binary and multi-class shapes that exporters produce.
 */
class TreeEnsembleParityTest {
    private static final String[] TRANSFORMS = {"NONE", "LOGISTIC", "SOFTMAX", "SOFTMAX_ZERO", "PROBIT"};
    private static final String[] AGGREGATES = {"SUM", "AVERAGE", "MIN", "MAX"};
    private static final int ROWS = 400;

    @TempDir
    Path dir;

    @Test
    void regressorsAgreeWithOnnxRuntime() throws IOException {
        for (int seed = 0; seed < 24; seed++) {
            RandomEnsembles g = new RandomEnsembles(seed, 1 + seed % 9);
            String modes = seed % 2 == 0 ? "mixed modes" : onlyMode(g, seed);
            Random r = g.random;
            int targets = r.nextBoolean() ? 1 : 3;
            String aggregate = AGGREGATES[seed % AGGREGATES.length];
            float[] base = r.nextBoolean() ? g.gaussians(targets) : null;
            String transform = targets == 1 ? "NONE" : TRANSFORMS[r.nextInt(TRANSFORMS.length)];
            boolean asTensor = seed % 3 == 0;
            Path file = g.regressor(1 + r.nextInt(20), 1 + r.nextInt(6), targets, aggregate, base, transform, asTensor)
                    .write(dir.resolve("regressor-" + seed + ".onnx"));
            String what = "regressor seed " + seed + " (" + modes + ", " + targets + " targets, " + aggregate + ", " + transform
                    + (base == null ? "" : ", base values") + (asTensor ? ", as tensors" : "") + ")";
            EngineParity.assertSamePredictions(file, null, g.rows(ROWS), what, tolerance(transform));
        }
    }

    @Test
    void opsetFiveTreeEnsemblesAgreeWithOnnxRuntime() throws IOException {
        String[] aggregates = {"AVERAGE", "SUM", "MIN", "MAX"};
        // The codes as ONNX Runtime reads them.
        String[] transforms = {"NONE", "LOGISTIC", "SOFTMAX", "SOFTMAX_ZERO", "PROBIT"};
        for (int seed = 0; seed < 24; seed++) {
            RandomEnsembles g = new RandomEnsembles(500L + seed, 1 + seed % 7);
            String modes = seed % 2 == 0 ? "mixed modes" : onlyMode(g, seed);
            Random r = g.random;
            int aggregate = seed % 4;
            int targets = aggregate >= 2 || r.nextBoolean() ? 1 : 3;
            int transform = targets == 1 ? 0 : r.nextInt(transforms.length);
            Path file = g.unified(1 + r.nextInt(20), 1 + r.nextInt(6), targets, aggregate, transform)
                    .write(dir.resolve("unified-" + seed + ".onnx"));
            String what = "TreeEnsemble seed " + seed + " (" + modes + ", " + targets + " targets, " + aggregates[aggregate] + ", "
                    + transforms[transform] + ")";
            EngineParity.assertSamePredictions(file, null, g.rows(ROWS), what, tolerance(transforms[transform]));
        }
    }

    @ParameterizedTest
    @EnumSource(RandomEnsembles.Classes.class)
    void classifiersAgreeWithOnnxRuntime(RandomEnsembles.Classes kind) throws IOException {
        for (int seed = 0; seed < 12; seed++) {
            RandomEnsembles g = new RandomEnsembles(100L * kind.ordinal() + seed, 1 + seed % 8);
            String modes = seed % 2 == 0 ? "mixed modes" : onlyMode(g, seed);
            Random r = g.random;
            String[] labels = labels(kind == RandomEnsembles.Classes.MULTI ? 3 + r.nextInt(3) : 2, r.nextBoolean(), r);
            if (kind == RandomEnsembles.Classes.BOTH && labels[0].equals("0")) {
                // ONNX Runtime names the classes of such a model 0 and 1, whatever its int64 labels.
                labels = new String[] {"0", "1"};
            }
            float[] base = switch (kind) {
                case MULTI -> r.nextBoolean() ? g.gaussians(labels.length) : null;
                case ONE_POSITIVE, ONE_MIXED -> r.nextBoolean() ? g.gaussians(1) : null;
                default -> null;
            };
            String transform = switch (kind) {
                case ONE_POSITIVE, ONE_MIXED -> r.nextBoolean() ? "LOGISTIC" : "NONE";
                default -> TRANSFORMS[seed % TRANSFORMS.length];
            };
            boolean asTensor = seed % 3 == 1;
            Path file = g.classifier(1 + r.nextInt(20), 1 + r.nextInt(6), kind, labels, base, transform, asTensor)
                    .write(dir.resolve(kind + "-" + seed + ".onnx"));
            String what = kind + " classifier seed " + seed + " (" + modes + ", labels " + String.join(",", labels) + ", " + transform
                    + (base == null ? "" : ", base values") + (asTensor ? ", as tensors" : "") + ")";
            EngineParity.assertSamePredictions(file, List.of(labels), g.rows(ROWS), what, tolerance(transform));
        }
    }

    @Test
    void edgeValuesAgreeWithOnnxRuntime() throws IOException {
        // Signed zeros, subnormals, neighbours of 1, the largest floats and infinities, as thresholds and inputs, for
        // each branch mode alone (the compiled v <= t walk for inequalities) and mixed.
        for (int seed = 0; seed < 2 * (RandomEnsembles.MODES.length + 1); seed++) {
            RandomEnsembles g = new RandomEnsembles(900L + seed, 3).withEdgeValues(seed % 2 == 1);
            int m = seed / 2;
            String modes = m == RandomEnsembles.MODES.length ? "mixed modes" : RandomEnsembles.MODES[m];
            if (m < RandomEnsembles.MODES.length) {
                g.onlyMode(modes);
            }
            Path file = g.regressor(12, 4, 1, "SUM", null, "NONE", false).write(dir.resolve("edges-" + seed + ".onnx"));
            EngineParity.assertSamePredictions(file, null, g.rows(ROWS), "edge values seed " + seed + " (" + modes
                    + (seed % 2 == 1 ? ", largest floats" : "") + ")", EngineParity.TOLERANCE);
        }
    }

    private static double tolerance(String transform) {
        return transform.equals("PROBIT") ? EngineParity.PROBIT_TOLERANCE : EngineParity.TOLERANCE;
    }

    /** Gives every node of {@code g}'s ensembles one mode, picked by the seed; returns it. */
    private static String onlyMode(RandomEnsembles g, int seed) {
        String mode = RandomEnsembles.MODES[(seed / 2) % RandomEnsembles.MODES.length];
        g.onlyMode(mode);
        return "only " + mode;
    }

    private static String[] labels(int k, boolean ids, Random r) {
        String[] labels = new String[k];
        for (int i = 0; i < k; i++) {
            labels[i] = ids ? Integer.toString(i * 3 + (i == 0 ? 0 : r.nextInt(3))) : "class-" + (char) ('a' + i);
        }
        return labels;
    }
}

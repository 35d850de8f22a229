package dev.modeldeploy.onnx;

import dev.modeldeploy.api.error.ModelException;
import dev.modeldeploy.api.prediction.Classification;
import dev.modeldeploy.api.prediction.ClassificationList;
import dev.modeldeploy.api.prediction.Regression;
import dev.modeldeploy.onnx.tabular.TabularOutput;
import dev.modeldeploy.onnx.tabular.TabularProgram;
import dev.modeldeploy.onnx.tabular.UnsupportedGraphException;

import java.util.ArrayList;
import java.util.List;

/**
 * Scores with a {@link TabularProgram} and reads its outputs as the ONNX Runtime readers read
 * ONNX Runtime's, following the same {@link OutputPlan}: a regression's value, or a classifier's
 * probabilities (one column: the second of two classes; ZipMap: by the labels' keys) and class (the
 * label output's, else the most probable). Each thread keeps its own working memory, so a single row
 * allocates only its prediction, and a batch of classifications one array of probabilities (a
 * {@link ClassificationList}). Immutable and thread-safe.
 *
 * @param <O> {@link Classification} or {@link Regression}
 */
abstract class JavaScorer<O> {
    /** Rows scored together in a batch: their working memory stays in cache while every tree or step passes over them. */
    private static final int BLOCK = 64;

    final TabularProgram program;
    final String model;
    private final ThreadLocal<float[]> one;
    private final ThreadLocal<float[]> block;

    JavaScorer(TabularProgram program, String model) {
        this.program = program;
        this.model = model;
        this.one = ThreadLocal.withInitial(() -> program.newMemory(1));
        this.block = ThreadLocal.withInitial(() -> program.newMemory(BLOCK));
    }

    /**
     * The scorer of a plan.
     *
     * @throws UnsupportedGraphException if the program's outputs do not fit the plan the way the readers need
     */
    static JavaScorer<?> of(TabularProgram program, OutputPlan plan, ClassLabels given, String model) {
        TabularOutput scores = program.output(plan.scores());
        if (plan.task() == OnnxModel.Task.REGRESSION) {
            if (scores.kind() != TabularOutput.Kind.NUMBERS || scores.width() != 1) {
                throw new UnsupportedGraphException("output '" + plan.scores() + "' is not one number per row");
            }
            return new Regressions(program, scores.offset(), model);
        }
        return Classifications.of(program, plan, scores, given, model);
    }

    /** The prediction of the row at {@code features[offset ..]}. */
    final O one(float[] features, int offset) {
        float[] memory = one.get();
        program.run(features, offset, memory);
        return read(memory, 0);
    }

    /** The predictions of {@code rows} rows of {@code data}. */
    final List<O> batch(float[] data, int rows) {
        float[] memory = block.get();
        int width = program.width();
        int stride = program.stride();
        BatchResults<O> results = newBatchResults(rows);
        for (int from = 0; from < rows; from += BLOCK) {
            int n = Math.min(BLOCK, rows - from);
            program.run(data, from * width, n, memory);
            for (int r = 0; r < n; r++) {
                results.read(memory, r * stride, from + r);
            }
        }
        return results.list();
    }

    /** The prediction of the row whose memory starts at {@code base}. */
    abstract O read(float[] memory, int base);

    /** Where the predictions of a batch of {@code rows} rows are collected. */
    abstract BatchResults<O> newBatchResults(int rows);

    /** A batch's predictions, read row by row from the working memory. */
    interface BatchResults<O> {
        /** Reads row {@code row} of the batch, whose memory starts at {@code base}. */
        void read(float[] memory, int base, int row);

        List<O> list();
    }

    /** The classifier's labels, or empty for a regression. */
    List<String> labels() {
        return List.of();
    }

    private static final class Regressions extends JavaScorer<Regression> {
        private final int at;

        Regressions(TabularProgram program, int at, String model) {
            super(program, model);
            this.at = at;
        }

        @Override
        Regression read(float[] memory, int base) {
            return new Regression(memory[base + at]);
        }

        @Override
        BatchResults<Regression> newBatchResults(int rows) {
            List<Regression> list = new ArrayList<>(rows);
            return new BatchResults<>() {
                @Override
                public void read(float[] memory, int base, int row) {
                    list.add(Regressions.this.read(memory, base));
                }

                @Override
                public List<Regression> list() {
                    return list;
                }
            };
        }
    }

    private static final class Classifications extends JavaScorer<Classification> {
        private final ClassLabels labels;
        /** Where each label's probability is, in label order; one entry for a single column (the second class). */
        private final int[] columns;
        private final TabularOutput label;

        private Classifications(TabularProgram program, ClassLabels labels, int[] columns, TabularOutput label, String model) {
            super(program, model);
            this.labels = labels;
            this.columns = columns;
            this.label = label;
        }

        static Classifications of(TabularProgram program, OutputPlan plan, TabularOutput scores, ClassLabels given, String model) {
            TabularOutput label = plan.labelOutput() == null ? null : program.output(plan.labelOutput());
            if (label != null && label.kind() != TabularOutput.Kind.LABEL) {
                throw new UnsupportedGraphException("output '" + plan.labelOutput() + "' is not a class per row");
            }
            if (label != null && given != null && label.names() == null && !given.integral()) {
                throw new ModelException("ONNX model " + model + ": its label output '" + plan.labelOutput() + "' gives int64 class ids,"
                        + " but the labels " + given + " are not integers; give the class ids (scikit-learn's classes_) as labels");
            }
            ClassLabels labels;
            int[] columns;
            if (scores.kind() == TabularOutput.Kind.MAPS) {
                labels = given != null ? given : ClassLabels.fromKeys(scores.ids() != null
                        ? java.util.Arrays.stream(scores.ids()).boxed().toList() : List.of(scores.names()));
                columns = new int[labels.size()];
                for (int i = 0; i < columns.length; i++) {
                    columns[i] = keyColumn(scores, labels.list().get(i));
                }
                if (labels.size() != scores.width()) {
                    throw new UnsupportedGraphException("the ZipMap's classes differ from the labels " + labels);
                }
            } else if (scores.kind() == TabularOutput.Kind.NUMBERS) {
                int k = scores.width() == 1 ? 2 : scores.width();
                labels = given != null ? given : ClassLabels.numbered(k);
                if (labels.size() != k) {
                    throw new ModelException("ONNX model " + model + ": output '" + plan.scores() + "' gives " + k
                            + " class probabilities but " + labels.size() + " labels were given: " + labels);
                }
                columns = new int[scores.width()];
                for (int i = 0; i < columns.length; i++) {
                    columns[i] = scores.offset() + i;
                }
            } else {
                throw new UnsupportedGraphException("output '" + plan.scores() + "' does not hold probabilities");
            }
            return new Classifications(program, labels, columns, label, model);
        }

        private static int keyColumn(TabularOutput maps, String label) {
            for (int j = 0; j < maps.width(); j++) {
                boolean same = maps.ids() != null ? Long.toString(maps.ids()[j]).equals(label) : maps.names()[j].equals(label);
                if (same) {
                    return maps.offset() + j;
                }
            }
            throw new UnsupportedGraphException("the ZipMap has no class '" + label + "'");
        }

        @Override
        Classification read(float[] memory, int base) {
            float[] p = new float[labels.size()];
            probabilities(memory, base, p, 0);
            return Classification.wrap(labels.list(), predicted(memory, base, p, 0), p);
        }

        /**
         * One array for the probabilities of the whole batch, and the predicted classes when the graph
         * gives them; a row's {@link Classification} is made only when it is read.
         */
        @Override
        BatchResults<Classification> newBatchResults(int rows) {
            int k = labels.size();
            float[] p = new float[Math.multiplyExact(rows, k)];
            int[] predicted = label == null ? null : new int[rows];
            return new BatchResults<>() {
                @Override
                public void read(float[] memory, int base, int row) {
                    probabilities(memory, base, p, row * k);
                    if (predicted != null) {
                        predicted[row] = labelIndex(memory[base + label.offset()]);
                    }
                }

                @Override
                public List<Classification> list() {
                    return predicted == null ? ClassificationList.wrap(labels.list(), p, rows)
                            : ClassificationList.wrap(labels.list(), p, predicted, rows);
                }
            };
        }

        /** Writes the row's probabilities to {@code p[at ..]}. */
        private void probabilities(float[] memory, int base, float[] p, int at) {
            if (columns.length == 1) {
                float second = memory[base + columns[0]];
                p[at] = 1f - second;
                p[at + 1] = second;
            } else {
                for (int i = 0; i < columns.length; i++) {
                    p[at + i] = memory[base + columns[i]];
                }
            }
        }

        /** The row's class: the label output's, else the most probable of {@code p[at ..]}. */
        private int predicted(float[] memory, int base, float[] p, int at) {
            return label == null ? Classification.argmax(p, at, labels.size()) : labelIndex(memory[base + label.offset()]);
        }

        private int labelIndex(float stored) {
            int i = label.names() != null ? labels.indexOf(label.names()[(int) stored]) : labels.indexOf(label.id(stored));
            if (i < 0) {
                String value = label.names() != null ? label.names()[(int) stored] : Long.toString(label.id(stored));
                throw new ModelException("ONNX model " + model + ": label output '" + label.name() + "' gave class " + value
                        + ", which is not one of the labels " + labels);
            }
            return i;
        }

        @Override
        List<String> labels() {
            return labels.list();
        }
    }
}

package dev.modeldeploy.runtime.batch;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * How one prediction becomes rows of an output table or file: one row with the prediction's columns
 * (the usual case), or several ranked rows, for models whose prediction is a list, such as the five
 * recommendations of a user. Ranked rows carry a rank column (1, 2, …) that joins the record id in the
 * output's key, so upserts stay exactly once per (run key, record id, rank).
 *
 * <pre>{@code
 * record Recommendation(String item, double score) { }
 * PredictionRows<Classification> rows = PredictionRows.ranked("rank",
 *         c -> top5(c),                                        // Classification -> List<Recommendation>
 *         PredictionColumns.derive(Recommendation.class));      // columns item, score
 * }</pre>
 *
 * Immutable and thread-safe if the row function is.
 *
 * @param <O> the prediction type
 */
public final class PredictionRows<O> {
    private final String rankColumn;
    private final Function<? super O, ? extends List<?>> split;
    private final PredictionColumns<Object> columns;

    @SuppressWarnings("unchecked")
    private PredictionRows(String rankColumn, Function<? super O, ? extends List<?>> split, PredictionColumns<?> columns) {
        this.rankColumn = rankColumn;
        this.split = split;
        this.columns = (PredictionColumns<Object>) Objects.requireNonNull(columns, "columns");
        if (rankColumn != null && columns.names().contains(rankColumn)) {
            throw new IllegalArgumentException("the rank column " + rankColumn + " is also a column of each row: " + columns.names());
        }
    }

    /** One row per prediction, with these columns; a null prediction is one row of nulls. */
    public static <O> PredictionRows<O> single(PredictionColumns<O> columns) {
        return new PredictionRows<>(null, null, columns);
    }

    /**
     * Several rows per prediction: {@code rows} turns a prediction into its rows, best first; each output
     * row holds the rank (1 for the first) in {@code rankColumn} and the row's own {@code columns}. A null
     * prediction, or an empty list, is no row.
     *
     * @throws IllegalArgumentException if the rank column is not a plain identifier or is one of the row's columns
     */
    public static <O, R> PredictionRows<O> ranked(String rankColumn, Function<? super O, ? extends List<? extends R>> rows,
                                                  PredictionColumns<R> columns) {
        return new PredictionRows<>(PredictionColumns.checkName(rankColumn), Objects.requireNonNull(rows, "rows"), columns);
    }

    /** The rank column, if a prediction makes several rows. */
    public Optional<String> rankColumn() {
        return Optional.ofNullable(rankColumn);
    }

    /** The column names of a row, in order: the rank column first, if any, then the prediction columns. */
    public List<String> names() {
        if (rankColumn == null) {
            return columns.names();
        }
        List<String> names = new ArrayList<>();
        names.add(rankColumn);
        names.addAll(columns.names());
        return List.copyOf(names);
    }

    /**
     * The Java type of each column's values, in the order of {@link #names()} ({@code Integer} for the
     * rank), as {@link PredictionColumns#valueTypes()} describes them.
     */
    public List<Class<?>> valueTypes() {
        if (rankColumn == null) {
            return columns.valueTypes();
        }
        List<Class<?>> types = new ArrayList<>();
        types.add(Integer.class);
        types.addAll(columns.valueTypes());
        return List.copyOf(types);
    }

    /** Number of columns of a row. */
    public int width() {
        return columns.names().size() + (rankColumn == null ? 0 : 1);
    }

    /** The rows of one prediction, each its cell values in the order of {@link #names()}. */
    public List<Object[]> rows(O prediction) {
        if (rankColumn == null) {
            return Collections.singletonList(prediction == null ? new Object[width()] : columns.values(prediction));
        }
        List<?> parts = prediction == null ? null : split.apply(prediction);
        if (parts == null || parts.isEmpty()) {
            return List.of();
        }
        List<Object[]> out = new ArrayList<>(parts.size());
        for (int i = 0; i < parts.size(); i++) {
            Object part = parts.get(i);
            Object[] row = new Object[width()];
            row[0] = i + 1;
            if (part != null) {
                Object[] values = columns.values(part);
                System.arraycopy(values, 0, row, 1, values.length);
            }
            out.add(row);
        }
        return out;
    }

    @Override
    public String toString() {
        return "PredictionRows" + (rankColumn == null ? "" : "[ranked]") + names();
    }
}

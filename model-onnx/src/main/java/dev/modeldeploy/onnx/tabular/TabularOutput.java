package dev.modeldeploy.onnx.tabular;

/**
 * Where one output of a {@link TabularProgram} is found in a row's working memory, and what it holds.
 * Immutable by contract: the arrays are the program's own and must not be modified.
 *
 * @param name   the graph output's name
 * @param offset its first float in the row's memory
 * @param width  its floats per row
 * @param kind   what the floats are
 * @param ids    for {@link Kind#LABEL}: the int64 classes the stored indexes stand for; for {@link Kind#MAPS}: the
 *               map keys of the columns; else null
 * @param names  the same with string classes; null unless the classes are strings
 */
public record TabularOutput(String name, int offset, int width, Kind kind, long[] ids, String[] names) {
    /** What an output holds. */
    public enum Kind {
        /** Float values (scores, probabilities, regression values). */
        NUMBERS,
        /** One class per row, as an index into {@code ids} or {@code names} (or the class id itself when both are null). */
        LABEL,
        /** ZipMap's sequence of maps: the columns are the probabilities of the keys {@code ids} or {@code names}. */
        MAPS
    }

    /** The int64 class a stored label stands for. */
    public long id(float stored) {
        return ids == null ? (long) stored : ids[(int) stored];
    }
}

package dev.modeldeploy.onnx.tabular;

/**
 * A tensor of the graph as the compiler sees it: one row of it lives at {@code memory[offset ..
 * offset + width)}. Numbers are floats; labels are indexes into {@code ids} or {@code names} (or the
 * integer itself when both are null, as ArgMax gives it); maps are ZipMap's, keyed by {@code ids} or
 * {@code names}.
 *
 * @param rank 1 for {@code [N]}, 2 for {@code [N, width]}
 */
record Value(int offset, int width, int rank, TabularOutput.Kind kind, long[] ids, String[] names) {
    static Value numbers(int offset, int width, int rank) {
        return new Value(offset, width, rank, TabularOutput.Kind.NUMBERS, null, null);
    }

    Value withRank(int newRank) {
        return new Value(offset, width, newRank, kind, ids, names);
    }
}

package dev.modeldeploy.runtime.batch;

import java.util.Objects;

/**
 * Where one chunk lies in its source, as the source describes it: the records after position
 * {@code from} up to and including position {@code to} (for a keyset-paged query, id values; for a
 * file, record numbers). The runner does not interpret positions; it records committed ranges in the
 * run ledger and hands them back to the source on resume, which skips them. Immutable.
 *
 * @param from the position before the chunk's first record (empty at the start of the source)
 * @param to   the position of the chunk's last record
 */
public record ChunkRange(String from, String to) {
    public ChunkRange {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
    }

    @Override
    public String toString() {
        return "(" + from + ", " + to + "]";
    }
}

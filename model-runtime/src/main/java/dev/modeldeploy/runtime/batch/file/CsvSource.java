package dev.modeldeploy.runtime.batch.file;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.modeldeploy.api.schema.Schema;
import dev.modeldeploy.runtime.batch.ChunkRange;
import dev.modeldeploy.runtime.batch.Source;
import dev.modeldeploy.runtime.batch.Sources;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Records from a CSV file with a header row, streamed: each row becomes a {@code Map} from column name
 * to value. Values are strings unless the column is in the given schema (usually the model's input
 * schema), which types them; a value that does not parse as its type stays a string so the model
 * rejects that one record with a schema violation naming the field, and an empty value is null.
 * Positions are row numbers. Immutable; each {@link #open} reads the file anew.
 */
public final class CsvSource implements Source<Map<String, Object>> {
    private static final CsvMapper CSV = CsvMapper.builder().enable(CsvParser.Feature.TRIM_SPACES).build();

    private final Path file;
    private final String idColumn;
    private final Schema columnTypes;
    private final char separator;

    private CsvSource(Path file, String idColumn, Schema columnTypes, char separator) {
        this.file = Objects.requireNonNull(file, "file");
        this.idColumn = Objects.requireNonNull(idColumn, "idColumn");
        this.columnTypes = Objects.requireNonNull(columnTypes, "columnTypes");
        this.separator = separator;
    }

    /** A comma-separated file whose records are keyed by {@code idColumn}, values untyped. */
    public static CsvSource of(Path file, String idColumn) {
        return new CsvSource(file, idColumn, Schema.empty(), ',');
    }

    /** The same source with columns typed by a schema (e.g. {@code model.info().inputSchema()}). */
    public CsvSource withColumnTypes(Schema schema) {
        return new CsvSource(file, idColumn, schema, separator);
    }

    /** The same source with another separator, such as {@code ';'} or {@code '\t'}. */
    public CsvSource withSeparator(char newSeparator) {
        return new CsvSource(file, idColumn, columnTypes, newSeparator);
    }

    @Override
    public Reader<Map<String, Object>> open(Set<ChunkRange> committed) throws IOException {
        java.io.Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        try {
            CsvSchema schema = CsvSchema.emptySchema().withHeader().withColumnSeparator(separator);
            MappingIterator<Map<String, String>> rows = CSV.readerForMapOf(String.class).with(schema).readValues(in);
            Iterator<Map<String, Object>> typed = new Iterator<>() {
                private long row;

                @Override
                public boolean hasNext() {
                    return rows.hasNext();
                }

                @Override
                public Map<String, Object> next() {
                    row++;
                    Map<String, Object> record = FileRecords.typed(rows.next(), columnTypes);
                    if (record.get(idColumn) == null) {
                        throw new IllegalArgumentException(file + ": row " + row + " has no value in id column '" + idColumn + "'");
                    }
                    return record;
                }
            };
            return Sources.numbered(typed, r -> r.get(idColumn), committed, in);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }
}

package dev.modeldeploy.runtime.batch.file;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.modeldeploy.runtime.batch.ChunkRange;
import dev.modeldeploy.runtime.batch.Source;
import dev.modeldeploy.runtime.batch.Sources;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Records from a JSON-Lines file (one JSON object per line), streamed; JSON numbers, booleans and
 * strings keep their types. A line that is not a JSON object fails the run naming the line, since the
 * file itself is damaged. Positions are record numbers. Immutable; each {@link #open} reads anew.
 */
public final class JsonLinesSource implements Source<Map<String, Object>> {
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, Object>> RECORD = new TypeReference<>() {
    };

    private final Path file;
    private final String idField;

    /** Records of {@code file} keyed by {@code idField}. */
    public JsonLinesSource(Path file, String idField) {
        this.file = Objects.requireNonNull(file, "file");
        this.idField = Objects.requireNonNull(idField, "idField");
    }

    @Override
    public Reader<Map<String, Object>> open(Set<ChunkRange> committed) throws IOException {
        BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        try {
            MappingIterator<Map<String, Object>> values = JSON.readerFor(RECORD).readValues(in);
            Iterator<Map<String, Object>> records = new Iterator<>() {
                @Override
                public boolean hasNext() {
                    try {
                        return values.hasNextValue();
                    } catch (IOException e) {
                        throw damaged(values, e);
                    }
                }

                @Override
                public Map<String, Object> next() {
                    try {
                        Map<String, Object> record = values.nextValue();
                        if (record.get(idField) == null) {
                            throw new IllegalArgumentException(file + ": the record at line " + values.getCurrentLocation().getLineNr()
                                    + " has no id field '" + idField + "'");
                        }
                        return record;
                    } catch (IOException e) {
                        throw damaged(values, e);
                    }
                }
            };
            return Sources.numbered(records, r -> r.get(idField), committed, in);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    private IllegalArgumentException damaged(MappingIterator<?> values, IOException e) {
        return new IllegalArgumentException(file + ": not a JSON object at line " + values.getCurrentLocation().getLineNr()
                + ": " + e.getMessage(), e);
    }
}

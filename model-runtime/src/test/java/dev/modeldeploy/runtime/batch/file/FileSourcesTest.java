package dev.modeldeploy.runtime.batch.file;

import dev.modeldeploy.api.schema.Field;
import dev.modeldeploy.api.schema.FieldType;
import dev.modeldeploy.api.schema.Schema;
import dev.modeldeploy.runtime.batch.Chunk;
import dev.modeldeploy.runtime.batch.ChunkRange;
import dev.modeldeploy.runtime.batch.Source;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FileSourcesTest {
    @TempDir
    Path tmp;

    private static List<Chunk<Map<String, Object>>> readAll(Source<Map<String, Object>> source, Set<ChunkRange> committed, int size)
            throws Exception {
        List<Chunk<Map<String, Object>>> chunks = new ArrayList<>();
        try (Source.Reader<Map<String, Object>> reader = source.open(committed)) {
            for (Chunk<Map<String, Object>> c; (c = reader.next(size)) != null; ) {
                chunks.add(c);
            }
        }
        return chunks;
    }

    @Test
    void csvRowsAreTypedByTheSchemaAndChunkedByRowNumber() throws Exception {
        Path csv = tmp.resolve("leads.csv");
        Files.writeString(csv, "id,visits,country,seen,vip\n1,12,NL,2026-11-20T03:00:00Z,true\n2, 3 ,\"Den Haag, NL\",,false\n"
                + "3,lots,DE,2026-11-20T04:00:00Z,maybe\n");
        Schema types = Schema.of(Field.required("id", FieldType.LONG), Field.required("visits", FieldType.INT),
                Field.optional("seen", FieldType.TIMESTAMP), Field.required("vip", FieldType.BOOLEAN));
        List<Chunk<Map<String, Object>>> chunks = readAll(CsvSource.of(csv, "id").withColumnTypes(types), Set.of(), 2);
        assertThat(chunks).hasSize(2);
        assertThat(chunks.get(0).range()).isEqualTo(new ChunkRange("0", "2"));
        assertThat(chunks.get(1).range()).isEqualTo(new ChunkRange("2", "3"));
        assertThat(chunks.get(0).ids()).containsExactly(1L, 2L);
        Map<String, Object> first = chunks.get(0).records().get(0);
        assertThat(first).containsEntry("visits", 12).containsEntry("country", "NL").containsEntry("vip", true)
                .containsEntry("seen", Instant.parse("2026-11-20T03:00:00Z"));
        Map<String, Object> second = chunks.get(0).records().get(1);
        assertThat(second).containsEntry("visits", 3).containsEntry("country", "Den Haag, NL").containsEntry("seen", null);
        // Unparseable values stay text, so the model can reject exactly that record naming the field.
        assertThat(chunks.get(1).records().get(0)).containsEntry("visits", "lots").containsEntry("vip", "maybe");
    }

    @Test
    void committedChunksAreSkippedOnResume() throws Exception {
        Path csv = tmp.resolve("rows.csv");
        StringBuilder text = new StringBuilder("id,x\n");
        for (int i = 0; i < 10; i++) {
            text.append(i).append(',').append(i * i).append('\n');
        }
        Files.writeString(csv, text);
        Set<ChunkRange> committed = Set.of(new ChunkRange("0", "3"), new ChunkRange("3", "6"), new ChunkRange("9", "10"));
        List<Chunk<Map<String, Object>>> chunks = readAll(CsvSource.of(csv, "id"), committed, 3);
        assertThat(chunks).extracting(Chunk::range).containsExactly(new ChunkRange("6", "9"));
        assertThat(chunks.get(0).ids()).containsExactly("6", "7", "8");
    }

    @Test
    void jsonLinesKeepJsonTypes() throws Exception {
        Path jsonl = tmp.resolve("users.jsonl");
        Files.writeString(jsonl, "{\"user\": 7, \"tz\": \"Europe/Berlin\", \"score\": 0.5, \"active\": true}\n\n"
                + "{\"user\": 8, \"tz\": \"Asia/Tokyo\", \"score\": 1, \"active\": false}\n");
        List<Chunk<Map<String, Object>>> chunks = readAll(new JsonLinesSource(jsonl, "user"), Set.of(), 10);
        assertThat(chunks).hasSize(1);
        assertThat(chunks.get(0).ids()).containsExactly(7, 8);
        assertThat(chunks.get(0).records().get(0)).containsEntry("score", 0.5).containsEntry("active", true);
    }

    @Test
    void damagedFilesAndMissingIdsFailNamingTheLine() throws Exception {
        Path jsonl = tmp.resolve("bad.jsonl");
        Files.writeString(jsonl, "{\"user\": 1}\n{\"user\": 2, oops}\n");
        assertThatThrownBy(() -> readAll(new JsonLinesSource(jsonl, "user"), Set.of(), 10)).hasMessageContaining("line 2");
        Path noId = tmp.resolve("noid.jsonl");
        Files.writeString(noId, "{\"user\": 1}\n{\"name\": \"x\"}\n");
        assertThatThrownBy(() -> readAll(new JsonLinesSource(noId, "user"), Set.of(), 10)).hasMessageContaining("user")
                .hasMessageContaining("line 2");
        Path csv = tmp.resolve("noid.csv");
        Files.writeString(csv, "id,x\n1,2\n,3\n");
        assertThatThrownBy(() -> readAll(CsvSource.of(csv, "id"), Set.of(), 10)).hasMessageContaining("row 2").hasMessageContaining("'id'");
    }
}

package dev.modeldeploy.runtime.batch.file;

import dev.modeldeploy.api.schema.Field;
import dev.modeldeploy.api.schema.FieldType;
import dev.modeldeploy.api.schema.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SampleFileTest {
    @TempDir
    Path tmp;

    private static final Schema TYPES = Schema.of(Field.required("visits", FieldType.INT), Field.required("vip", FieldType.BOOLEAN),
            Field.optional("zip", FieldType.STRING));

    @Test
    void csvValuesAreTypedByTheSchemaAndOtherwiseNumbersWhenTheyParse() throws Exception {
        Path csv = Files.writeString(tmp.resolve("train.csv"), "visits,vip,zip,spend,country\n12,true,01234,3.5,NL\n"
                + "3, FALSE ,,7,\"Den Haag, NL\"\n");
        List<Map<String, Object>> rows = SampleFile.read(csv, TYPES);
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).containsEntry("visits", 12).containsEntry("vip", true).containsEntry("zip", "01234")
                .containsEntry("spend", 3.5).containsEntry("country", "NL");
        assertThat(rows.get(1)).containsEntry("visits", 3).containsEntry("vip", false).containsEntry("zip", null)
                .containsEntry("spend", 7L).containsEntry("country", "Den Haag, NL");
        // Without a schema, numbers are numbers and the rest stays text.
        assertThat(SampleFile.read(csv, Schema.empty()).get(0)).containsEntry("visits", 12L).containsEntry("vip", "true")
                .containsEntry("zip", 1234L);
    }

    @Test
    void jsonLinesKeepTheirTypes() throws Exception {
        Path jsonl = Files.writeString(tmp.resolve("train.jsonl"), "{\"visits\": 2, \"vip\": true, \"zip\": \"0123\"}\n\n"
                + "{\"visits\": 5.5, \"vip\": false}\n");
        List<Map<String, Object>> rows = SampleFile.read(jsonl, TYPES);
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).containsEntry("visits", 2).containsEntry("vip", true).containsEntry("zip", "0123");
        assertThat(rows.get(1)).containsEntry("visits", 5.5).doesNotContainKey("zip");
    }

    @Test
    void malformedRowsFailNamingTheirLine() throws Exception {
        Path wrongType = Files.writeString(tmp.resolve("a.csv"), "visits,vip\n1,true\n2,false\nlots,true\n");
        assertThatThrownBy(() -> SampleFile.read(wrongType, TYPES)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 4").hasMessageContaining("visits is not a int").hasMessageContaining("'lots'");
        Path tooFew = Files.writeString(tmp.resolve("b.csv"), "visits,vip\n1,true\n2\n");
        assertThatThrownBy(() -> SampleFile.read(tooFew, TYPES)).hasMessageContaining("line 3")
                .hasMessageContaining("1 values, but the header has 2 columns");
        Path tooMany = Files.writeString(tmp.resolve("c.csv"), "visits,vip\n1,true\n2,true\n3,true,x\n");
        assertThatThrownBy(() -> SampleFile.read(tooMany, TYPES)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 4");
        Path notJson = Files.writeString(tmp.resolve("d.jsonl"), "{\"visits\": 1}\n{\"visits\": \n");
        assertThatThrownBy(() -> SampleFile.read(notJson, TYPES)).hasMessageContaining("line 2").hasMessageContaining("not JSON");
        Path array = Files.writeString(tmp.resolve("e.jsonl"), "[1, 2]\n");
        assertThatThrownBy(() -> SampleFile.read(array, TYPES)).hasMessageContaining("line 1: not a JSON object");
    }

    @Test
    void emptyFilesAndOtherKindsAreRefused() throws Exception {
        Path headerOnly = Files.writeString(tmp.resolve("h.csv"), "visits,vip\n");
        assertThatThrownBy(() -> SampleFile.read(headerOnly, TYPES)).hasMessageContaining("no records");
        Path blank = Files.writeString(tmp.resolve("h.jsonl"), "\n\n");
        assertThatThrownBy(() -> SampleFile.read(blank, TYPES)).hasMessageContaining("no records");
        Path parquet = Files.writeString(tmp.resolve("t.parquet"), "PAR1");
        assertThatThrownBy(() -> SampleFile.read(parquet, TYPES)).hasMessageContaining("expected a .csv file");
    }
}

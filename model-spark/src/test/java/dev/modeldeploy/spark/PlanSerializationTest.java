package dev.modeldeploy.spark;

import dev.modeldeploy.api.schema.Field;
import dev.modeldeploy.api.schema.FieldType;
import dev.modeldeploy.api.schema.Schema;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What Spark ships to executors: the partition function carries the model's source and the column
 * plan, a few hundred bytes, and after the trip its source is equal to the original (the key under
 * which each executor JVM keeps its one loaded model).
 */
class PlanSerializationTest {
    @Test
    void thePartitionFunctionCarriesTheSourceNotTheModel() throws Exception {
        ModelSource source = ModelSource.of(URI.create("s3://ml-models/lead-scoring/7")).withCacheDirectory(Path.of("/var/cache/models"));
        List<String> problems = new ArrayList<>();
        InputColumns input = InputColumns.bind(Schema.of(Field.required("visits", FieldType.DOUBLE)), Leads.SCHEMA, Map.of(), problems);
        PartitionScorer.Plan plan = new PartitionScorer.Plan(source, input, new int[] {0}, new String[] {"lead_id"}, "",
                List.of("label", "label_index", "probabilities"), 1_000, RejectPolicy.COLUMN);

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(new PartitionScorer(plan));
        }
        PartitionScorer back;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            back = (PartitionScorer) in.readObject();
        }

        assertThat(problems).isEmpty();
        assertThat(bytes.size()).isLessThan(2_048);
        String stream = new String(bytes.toByteArray(), StandardCharsets.ISO_8859_1);
        assertThat(stream).doesNotContain("dev.modeldeploy.api.linear", "dev.modeldeploy.api.Model", "dev.modeldeploy.onnx");
        assertThat(back.plan().source()).isEqualTo(source).hasSameHashCodeAs(source).isNotSameAs(source);
        assertThat(back.plan().predictions()).isEqualTo(plan.predictions());
        assertThat(back.plan().input().record(org.apache.spark.sql.RowFactory.create(5L, 12, 3, "DE", null)))
                .isEqualTo(Map.of("visits", 12));
    }
}

package dev.modeldeploy.onnx;

import dev.modeldeploy.api.DenseBatch;
import dev.modeldeploy.api.pipeline.FeatureSpec;
import dev.modeldeploy.api.prediction.Classification;
import dev.modeldeploy.api.prediction.ClassificationList;
import dev.modeldeploy.api.testing.ReadmeSnippets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs the README's batch example (a direct batch, a ClassificationList) on its churn graph on both engines. */
class ReadmeOnnxBatchTest {
    @TempDir
    Path tmp;

    static ClassificationList scoreChunk(Path onnxFile, FeatureSpec spec, OnnxOptions options, List<Map<String, Object>> records) {
        try (OnnxModel<Map<String, Object>, Classification> churn = OnnxModel.builder(onnxFile).features(spec).options(options).classifier()) {
            // README:start
            DenseBatch chunk = DenseBatch.direct(churn.preprocessor().width(), 2_000);   // reuse it: chunk.clear()
            churn.preprocess(records, chunk);
            ClassificationList scores = (ClassificationList) churn.predictBatch(chunk);
            // README:end
            for (int r = 0; r < records.size(); r++) {
                assertThat(scores.get(r)).as("record %d", r).isEqualTo(churn.predictRecord(records.get(r)));
            }
            return scores;
        }
    }

    @Test
    void theReadmeCodeRunsOnBothEngines() throws IOException {
        Path onnx = ReadmeOnnxModelTest.churnGraph(tmp.resolve("churn.onnx"));
        FeatureSpec spec = ReadmeOnnxModelTest.churnSpec();
        List<Map<String, Object>> records = new ArrayList<>();
        String[] countries = {"DE", "FR", "IT", "ES"};
        for (int i = 0; i < 2_500; i++) {
            records.add(Map.of("visits", i % 37, "country", countries[i % 4]));
        }
        for (OnnxOptions.Engine engine : List.of(OnnxOptions.Engine.ONNX_RUNTIME, OnnxOptions.Engine.JAVA)) {
            ClassificationList scores = scoreChunk(onnx, spec, OnnxOptions.builder().engine(engine).build(), records);
            assertThat(scores).as(engine.name()).hasSize(2_500);
            assertThat(scores.labels()).containsExactly("churn", "stay");
            // 12 visits from FR: z = -1.1 + 0.8 * (12 - 4.2) / 3.1 - 0.2, p(churn) = sigmoid(z) = 0.67105...
            int fr12 = records.indexOf(Map.of("visits", 12, "country", "FR"));
            assertThat(fr12).isNotNegative();
            assertThat(scores.probability(fr12, 0)).as(engine.name()).isCloseTo(0.67105f, org.assertj.core.data.Offset.offset(1e-4f));
            assertThat(scores.get(fr12).label()).isEqualTo("churn");
        }
    }

    @Test
    void readmeShowsThisCode() throws Exception {
        ReadmeSnippets.assertReadmeShows("src/test/java/dev/modeldeploy/onnx/ReadmeOnnxBatchTest.java");
    }
}

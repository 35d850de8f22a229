package dev.modeldeploy.onnx;

import dev.modeldeploy.api.pipeline.FeatureSpec;
import dev.modeldeploy.api.testing.ReadmeSnippets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs the README's engine example on its churn graph, and fails when the README's copy drifts from it. */
class ReadmeOnnxEngineTest {
    @TempDir
    Path tmp;

    static OnnxOptions.Engine engineChoice(Path onnxFile, FeatureSpec spec) {
        // README:start
        OnnxOptions onRuntime = OnnxOptions.builder().engine(OnnxOptions.Engine.ONNX_RUNTIME).build();  // JAVA: fail unless supported
        try (OnnxModel<Map<String, Object>, ?> churn = OnnxModel.builder(onnxFile).features(spec).options(onRuntime).build()) {
            OnnxOptions.Engine engine = churn.engine();                                                 // ONNX_RUNTIME (AUTO picks JAVA here)
            // README:end
            return engine;
        }
    }

    @Test
    void theReadmeCodeRuns() throws IOException {
        Path onnx = ReadmeOnnxModelTest.churnGraph(tmp.resolve("churn.onnx"));
        FeatureSpec spec = ReadmeOnnxModelTest.churnSpec();
        assertThat(engineChoice(onnx, spec)).isEqualTo(OnnxOptions.Engine.ONNX_RUNTIME);
        try (OnnxModel<Map<String, Object>, ?> auto = OnnxModel.fromFile(onnx, spec)) {
            assertThat(auto.engine()).as("what the README says AUTO picks").isEqualTo(OnnxOptions.Engine.JAVA);
        }
    }

    @Test
    void readmeShowsThisCode() throws Exception {
        ReadmeSnippets.assertReadmeShows("src/test/java/dev/modeldeploy/onnx/ReadmeOnnxEngineTest.java");
    }
}

package dev.modeldeploy.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtLoggingLevel;
import dev.modeldeploy.api.prediction.Regression;
import dev.modeldeploy.api.testing.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * modeldeploy never makes ONNX Runtime's process-wide environment its own way: when another library
 * (DJL) made it first, with global thread pools, modeldeploy's models run in it. Run in a fresh JVM,
 * since the environment lives as long as the process.
 */
class SharedEnvironmentTest {
    @TempDir
    Path tmp;

    /** Makes the environment as DJL does, then loads and scores a model. */
    public static void main(String[] args) throws Exception {
        try (OrtEnvironment.ThreadingOptions pools = new OrtEnvironment.ThreadingOptions()) {
            pools.setGlobalIntraOpNumThreads(1);
            pools.setGlobalInterOpNumThreads(1);
            OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING, "other-library", pools);
        }
        try (OnnxModel<float[], ?> model = OnnxModel.fromFile(Path.of(args[0]))) {
            System.out.println("y=" + ((Regression) model.predictRecord(new float[] {1, 2, 3})).value());
        }
    }

    @Test
    void modelsRunInAnEnvironmentAnotherLibraryMadeWithGlobalThreadPools() throws Exception {
        Path model = TestGraphs.fixedBatchOfOne(tmp.resolve("model.onnx"));
        Path log = tmp.resolve("child.log");
        ChildJvm.Result result = ChildJvm.await(ChildJvm.start(log, List.of(), SharedEnvironmentTest.class, model.toString()), log, 60);
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("y=14.0");
    }
}

package dev.modeldeploy.benchmarks;

import ai.djl.ndarray.NDList;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the ONNX benchmarks share: the peers they compare with (DJL's ONNX Runtime engine and a raw
 * {@code OrtSession}, each with one intra-op thread) over the same {@code .onnx} file, and the
 * temporary folder that file lives in.
 */
final class OnnxPeers {
    private OnnxPeers() {
    }

    /**
     * DJL's model of the file, {@code NDList} in and out. Load it before anything else creates the
     * process-wide {@code OrtEnvironment}: DJL refuses to run if it exists already.
     */
    static ZooModel<NDList, NDList> djl(Path file) throws Exception {
        return Criteria.builder().setTypes(NDList.class, NDList.class).optModelPath(file).optEngine("OnnxRuntime")
                .optOption("intraOpNumThreads", "1").optTranslator(new NoopTranslator()).build().loadModel();
    }

    /** A plain ONNX Runtime session of the file. */
    static OrtSession rawSession(OrtEnvironment environment, Path file) throws OrtException {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            return environment.createSession(file.toString(), options);
        }
    }

    /** Deletes a benchmark's temporary folder of model files (flat: no subfolders). */
    static void deleteFolder(Path directory) throws IOException {
        try (var files = Files.list(directory)) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(directory);
    }
}

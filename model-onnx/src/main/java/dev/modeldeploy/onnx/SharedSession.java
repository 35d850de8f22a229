package dev.modeldeploy.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.modeldeploy.api.error.ModelException;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One {@link OrtSession}, shared by every thread (its {@code run} is thread-safe) and by the views of
 * one loaded model ({@link OnnxModel#withRecordType}), closed when the last of them lets it go.
 */
final class SharedSession {
    private final OrtSession session;
    private final OrtEnvironment environment;
    private final AtomicInteger references = new AtomicInteger(1);

    private SharedSession(OrtSession session, OrtEnvironment environment) {
        this.session = session;
        this.environment = environment;
    }

    /**
     * Creates a session for a model file. The process-wide environment is ONNX Runtime's default one,
     * made without global thread pools (or whatever another library made first, such as DJL's).
     *
     * @throws ModelException if ONNX Runtime cannot load the file
     */
    static SharedSession open(Path file, OnnxOptions options, String model) {
        OrtEnvironment environment;
        try {
            environment = OrtEnvironment.getEnvironment();
        } catch (UnsatisfiedLinkError | IllegalStateException e) {
            throw new ModelException("ONNX Runtime does not start on this platform (" + System.getProperty("os.name") + ", "
                    + System.getProperty("os.arch") + "): " + e.getMessage(), e);
        }
        try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
            so.setIntraOpNumThreads(options.intraOpThreads());
            so.setInterOpNumThreads(options.interOpThreads());
            so.setOptimizationLevel(switch (options.optimizationLevel()) {
                case NONE -> OrtSession.SessionOptions.OptLevel.NO_OPT;
                case BASIC -> OrtSession.SessionOptions.OptLevel.BASIC_OPT;
                case EXTENDED -> OrtSession.SessionOptions.OptLevel.EXTENDED_OPT;
                case ALL -> OrtSession.SessionOptions.OptLevel.ALL_OPT;
            });
            so.setExecutionMode(options.executionMode() == OnnxOptions.ExecutionMode.PARALLEL
                    ? OrtSession.SessionOptions.ExecutionMode.PARALLEL : OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            return new SharedSession(environment.createSession(file.toString(), so), environment);
        } catch (OrtException e) {
            throw new ModelException("ONNX Runtime cannot load model " + model + " from " + file.getFileName() + ": " + e.getMessage(), e);
        }
    }

    OrtSession session() {
        return session;
    }

    OrtEnvironment environment() {
        return environment;
    }

    /** One more holder; fails if the session is already closed. */
    SharedSession retain() {
        references.getAndUpdate(n -> {
            if (n == 0) {
                throw new ModelException("the ONNX session is closed");
            }
            return n + 1;
        });
        return this;
    }

    /** One holder less; the last closes the session. */
    void release() {
        if (references.decrementAndGet() == 0) {
            try {
                session.close();
            } catch (OrtException e) {
                throw new ModelException("ONNX Runtime failed to close a session: " + e.getMessage(), e);
            }
        }
    }
}

package dev.modeldeploy.onnx;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.modeldeploy.api.internal.Required;

import java.util.Objects;

/**
 * How one model runs: which engine scores it (the pure-Java evaluator or ONNX Runtime) and ONNX
 * Runtime's thread pools and graph optimisations. Stored with the model
 * (in the bundle's {@code onnx.json}) and applied when its session is created; a host overrides them
 * at load with {@link OnnxFormat#withOptions(OnnxOptions)}.
 *
 * <pre>{@code
 * OnnxOptions options = OnnxOptions.builder()
 *         .intraOpThreads(1)            // many concurrent requests: one thread per call
 *         .optimizationLevel(OnnxOptions.OptimizationLevel.ALL)
 *         .build();
 * }</pre>
 *
 * <p>The thread pools are the session's own: modeldeploy never creates ONNX Runtime's process-wide
 * (global) pools, so that another library in the same JVM (DJL) may create the environment its way.
 *
 * <p>Immutable and thread-safe.
 *
 * @param intraOpThreads    threads one operator may use; 0 lets ONNX Runtime choose (one per physical core)
 * @param interOpThreads    threads for running independent operators at once, used only in
 *                          {@link ExecutionMode#PARALLEL}; 0 lets ONNX Runtime choose
 * @param optimizationLevel how much ONNX Runtime rewrites the graph when the session is created
 * @param executionMode     whether independent operators run one after another or in parallel
 * @param engine            which engine scores the model (null: {@link Engine#AUTO})
 */
@JsonPropertyOrder({"intraOpThreads", "interOpThreads", "optimizationLevel", "executionMode", "engine"})
public record OnnxOptions(@Required int intraOpThreads,
                          @Required int interOpThreads,
                          @Required OptimizationLevel optimizationLevel,
                          @Required ExecutionMode executionMode,
                          Engine engine) {
    private static final OnnxOptions DEFAULTS = builder().build();

    /** Which engine scores the model. */
    public enum Engine {
        /**
         * The pure-Java evaluator when it supports every node of the graph (linear models, tree
         * ensembles and their pre- and post-processing), else ONNX Runtime. The default.
         */
        AUTO,
        /** The pure-Java evaluator; loading fails if it does not support the graph. */
        JAVA,
        /** ONNX Runtime, always. */
        ONNX_RUNTIME
    }

    /** ONNX Runtime's graph optimisation levels. */
    public enum OptimizationLevel {
        /** No rewriting. */
        NONE,
        /** Semantics-preserving rewrites such as constant folding and redundant node removal. */
        BASIC,
        /** Basic plus fusions of common node patterns. */
        EXTENDED,
        /** Everything, including layout optimisations (ONNX Runtime's default). */
        ALL
    }

    /** How ONNX Runtime schedules the operators of one call. */
    public enum ExecutionMode {
        /** One operator after another (ONNX Runtime's default; best for small models). */
        SEQUENTIAL,
        /** Independent branches of the graph at once, on the inter-op threads. */
        PARALLEL
    }

    public OnnxOptions {
        if (intraOpThreads < 0) {
            throw new IllegalArgumentException("intraOpThreads must be >= 0 (0 for ONNX Runtime's choice), was " + intraOpThreads);
        }
        if (interOpThreads < 0) {
            throw new IllegalArgumentException("interOpThreads must be >= 0 (0 for ONNX Runtime's choice), was " + interOpThreads);
        }
        Objects.requireNonNull(optimizationLevel, "optimizationLevel");
        Objects.requireNonNull(executionMode, "executionMode");
        // Absent in onnx.json files written before the engine could be chosen.
        engine = engine == null ? Engine.AUTO : engine;
    }


    /** ONNX Runtime's own defaults: its choice of threads, every optimisation, sequential execution. */
    public static OnnxOptions defaults() {
        return DEFAULTS;
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these options, to derive a changed copy. */
    public Builder toBuilder() {
        return new Builder().intraOpThreads(intraOpThreads).interOpThreads(interOpThreads)
                .optimizationLevel(optimizationLevel).executionMode(executionMode).engine(engine);
    }

    /** Builds {@link OnnxOptions}. Not thread-safe. */
    public static final class Builder {
        private int intraOpThreads;
        private int interOpThreads;
        private OptimizationLevel optimizationLevel = OptimizationLevel.ALL;
        private ExecutionMode executionMode = ExecutionMode.SEQUENTIAL;
        private Engine engine = Engine.AUTO;

        private Builder() {
        }

        /** Threads one operator may use (0: ONNX Runtime's choice). */
        public Builder intraOpThreads(int threads) {
            this.intraOpThreads = threads;
            return this;
        }

        /** Threads for independent operators in {@link ExecutionMode#PARALLEL} (0: ONNX Runtime's choice). */
        public Builder interOpThreads(int threads) {
            this.interOpThreads = threads;
            return this;
        }

        /** How much the graph is optimised when the session is created. */
        public Builder optimizationLevel(OptimizationLevel level) {
            this.optimizationLevel = level;
            return this;
        }

        /** Sequential or parallel execution of independent operators. */
        public Builder executionMode(ExecutionMode mode) {
            this.executionMode = mode;
            return this;
        }

        /** Which engine scores the model (default {@link Engine#AUTO}: pure Java when it supports the graph). */
        public Builder engine(Engine engine) {
            this.engine = Objects.requireNonNull(engine, "engine");
            return this;
        }

        /**
         * The options.
         *
         * @throws IllegalArgumentException if a thread count is negative
         */
        public OnnxOptions build() {
            return new OnnxOptions(intraOpThreads, interOpThreads, optimizationLevel, executionMode, engine);
        }
    }
}

package dev.modeldeploy.spark;

import dev.modeldeploy.api.Model;
import dev.modeldeploy.api.repository.ModelRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The models of this JVM, one per {@link ModelSource}: the first task on an executor that needs a model
 * loads it through the local cache (downloading and verifying it once per machine), every later or
 * concurrent task of the JVM shares that instance, and a shutdown hook closes them all when the JVM
 * exits. This is what lets a Spark job ship only a URI to its executors.
 *
 * <p>Use it from your own {@code mapPartitions} code as well; never close a model it returns.
 * Thread-safe: concurrent callers of one source wait for a single load; sources load independently.
 * A load that fails is not remembered: the next task tries again (the task retry Spark makes anyway).
 */
public final class ExecutorModels {
    private static final Logger LOG = LoggerFactory.getLogger(ExecutorModels.class);
    private static final Map<ModelSource, Slot> MODELS = new ConcurrentHashMap<>();
    private static final Map<String, ModelRepository> REPOSITORIES = new ConcurrentHashMap<>();

    static {
        Thread hook = new Thread(ExecutorModels::closeAll, "modeldeploy-spark-models-close");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    private ExecutorModels() {
    }

    /**
     * The model of this source, loaded on first use.
     *
     * @throws dev.modeldeploy.api.error.ModelException if it cannot be loaded (not found, integrity, format)
     */
    public static Model<?, ?, ?> get(ModelSource source) {
        return MODELS.computeIfAbsent(source, Slot::new).model();
    }

    /**
     * The exact version a source's URI names now (a latest or alias URI resolved; a version URI as is),
     * looked up in the store through the source's repository.
     */
    public static ModelSource resolve(ModelSource source) {
        URI exact = repository(source).resolve(source.uri()).uri();
        return source.withUri(exact);
    }

    /** How many times this JVM loaded the source's model (1 once loaded, whatever the number of tasks). */
    static int loadCount(ModelSource source) {
        Slot slot = MODELS.get(source);
        return slot == null ? 0 : slot.loads.get();
    }

    private static ModelRepository repository(ModelSource source) {
        if (source.cacheDirectory() == null) {
            return ModelRepository.defaultRepository();
        }
        return REPOSITORIES.computeIfAbsent(source.cacheDirectory(), dir -> source.newRepository());
    }

    /** Closes every model, then the repositories opened for them; at JVM exit. */
    static void closeAll() {
        List<Slot> slots = new ArrayList<>(MODELS.values());
        MODELS.clear();
        for (Slot slot : slots) {
            slot.close();
        }
        List<ModelRepository> repositories = new ArrayList<>(REPOSITORIES.values());
        REPOSITORIES.clear();
        for (ModelRepository repository : repositories) {
            try {
                repository.close();
            } catch (RuntimeException e) {
                LOG.warn("closing a model repository failed: {}", e.toString());
            }
        }
    }

    /** One source's model: loaded once, by the first caller, while the others wait. */
    private static final class Slot {
        private final ModelSource source;
        private final AtomicInteger loads = new AtomicInteger();
        private Model<?, ?, ?> model;

        Slot(ModelSource source) {
            this.source = source;
        }

        synchronized Model<?, ?, ?> model() {
            if (model == null) {
                long start = System.nanoTime();
                model = repository(source).load(source.uri());
                loads.incrementAndGet();
                LOG.info("loaded model {} from {} in {} ms", model.info(), source, (System.nanoTime() - start) / 1_000_000);
            }
            return model;
        }

        synchronized void close() {
            if (model != null) {
                try {
                    model.close();
                } catch (RuntimeException e) {
                    LOG.warn("closing model {} failed: {}", model.info(), e.toString());
                }
                model = null;
            }
        }
    }
}

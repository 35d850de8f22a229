package dev.modeldeploy.testkit;

import dev.modeldeploy.api.Model;
import dev.modeldeploy.api.ModelInfo;
import dev.modeldeploy.api.error.FormatNotInstalledException;
import dev.modeldeploy.api.error.InvalidModelUriException;
import dev.modeldeploy.api.repository.ModelRepository;
import dev.modeldeploy.api.repository.ModelUri;
import dev.modeldeploy.api.repository.PublishOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@link Check#ROUND_TRIP}: the model is saved by its format, published to a {@code file:} store in
 * a temporary folder and loaded back through a fresh repository with its own temporary cache, as a
 * production host would load it; the loaded model must declare the same format, schemas and
 * input/output types, and predict what the original predicts, record by record and in a batch.
 * The temporary folder is deleted afterwards.
 */
final class RoundTripCheck<I, O> extends KitCheck<I, O> {

    RoundTripCheck(ModelTestKit<I, O> kit) {
        super(kit, Check.ROUND_TRIP);
    }

    @Override
    String details() {
        return " (format '" + kit.model().info().format() + "', tolerance: " + kit.tolerance() + ")";
    }

    @Override
    String referenceName() {
        return "the original model's " + ModelCalls.SINGLE;
    }

    @Override
    void run(Failures failures) {
        List<Attempt<O>> references = references(failures);
        Path work = createWorkDirectory();
        try {
            ModelRepository.Builder builder = ModelRepository.builder().cacheDirectory(work.resolve("cache"));
            kit.formats().forEach(builder::format);
            try (ModelRepository repository = builder.build()) {
                URI target = work.resolve("store").resolve(storeName()).toUri();
                Attempt<URI> published = Attempt.of(() -> repository.publish(kit.model(), target, PublishOptions.defaults()));
                if (published.failed()) {
                    failures.add("publishing to " + target + " failed: " + Describe.exception(published.error())
                            + hint(published.error()), published.error());
                    return;
                }
                Attempt<Model<?, ?, ?>> loaded = Attempt.of(() -> repository.load(published.value()));
                if (loaded.failed()) {
                    failures.add("loading " + published.value() + " back failed: " + Describe.exception(loaded.error())
                            + hint(loaded.error()), loaded.error());
                    return;
                }
                try (Model<?, ?, ?> copy = loaded.value()) {
                    compareWithOriginal(failures, copy, references);
                }
            }
        } finally {
            deleteTree(work);
        }
    }

    @SuppressWarnings("unchecked")
    private void compareWithOriginal(Failures failures, Model<?, ?, ?> copy, List<Attempt<O>> references) {
        ModelInfo original = kit.model().info();
        ModelInfo info = copy.info();
        expectSame(failures, "format", original.format(), info.format());
        expectSame(failures, "input schema", original.inputSchema(), info.inputSchema());
        expectSame(failures, "output schema", original.outputSchema(), info.outputSchema());
        expectSame(failures, "input type", kit.model().types().input(), copy.types().input());
        expectSame(failures, "output type", kit.model().types().output(), copy.types().output());

        // The input type was just checked; if it differs, the calls below fail per sample and say so.
        Model<I, ?, O> loaded = (Model<I, ?, O>) copy;
        List<I> samples = kit.samples();
        for (int i = 0; i < samples.size(); i++) {
            I sample = samples.get(i);
            compare(failures, i, "the loaded model's " + ModelCalls.SINGLE, references.get(i),
                    Attempt.of(() -> ModelCalls.single(loaded, sample)));
        }
        compareAll(failures, "the loaded model's batch path " + ModelCalls.BATCH_STEPS, references,
                Attempt.of(() -> ModelCalls.batch(loaded, samples)));
    }

    private static void expectSame(Failures failures, String what, Object original, Object loaded) {
        if (!original.equals(loaded)) {
            failures.add("the loaded model's " + what + " differs: expected " + original + " but was " + loaded);
        }
    }

    /** The model's own name when it is a valid model name, so that the store's layout reads naturally. */
    private String storeName() {
        try {
            return ModelUri.checkName(kit.model().info().name());
        } catch (InvalidModelUriException e) {
            return "model-under-test";
        }
    }

    private static String hint(RuntimeException error) {
        return error instanceof FormatNotInstalledException
                ? " (register the format in META-INF/services/dev.modeldeploy.api.format.ModelFormat on the test class path,"
                + " or pass it with ModelTestKit.Builder.format(...))"
                : "";
    }

    private Path createWorkDirectory() {
        try {
            return kit.workDirectory() == null
                    ? Files.createTempDirectory("modeldeploy-testkit-")
                    : Files.createTempDirectory(Files.createDirectories(kit.workDirectory()), "modeldeploy-testkit-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary folder for the round trip", e);
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the round trip's temporary folder " + root, e);
        }
    }
}

package dev.modeldeploy.cli;

import dev.modeldeploy.api.bundle.BundleManifest;
import dev.modeldeploy.api.bundle.Bundles;
import dev.modeldeploy.api.bundle.Compression;
import dev.modeldeploy.api.repository.ModelRepository;
import dev.modeldeploy.api.repository.PublishOptions;
import dev.modeldeploy.api.schema.Schema;
import dev.modeldeploy.runtime.batch.file.SampleFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code modeldeploy publish BUNDLE_DIR URI}: publishes a bundle directory and prints the versioned URI. */
@Command(name = "publish",
        description = {"Publish a bundle directory (as a model format saved it, with its MODEL.json) as the next "
                + "version of a model, and print the exact versioned URI.",
                "The model's format need not be installed here."},
        footer = {"", "Example:", "  modeldeploy publish ./out/lead-scoring file:/srv/models/lead-scoring \\",
                "      --description 'nightly retrain' --tag team=growth --tag run=2024-06-01"})
final class PublishCommand extends RepositoryCommand {
    @Parameters(index = "0", paramLabel = "BUNDLE_DIR", description = "The bundle directory.")
    Path bundleDirectory;

    @Parameters(index = "1", paramLabel = "URI",
            description = "The model URI, e.g. file:/srv/models/lead-scoring (or .../lead-scoring/7 for exactly version 7).")
    URI uri;

    @Option(names = "--description", paramLabel = "TEXT", description = "Replaces the bundle's description.")
    String description;

    @Option(names = "--tag", paramLabel = "KEY=VALUE",
            description = "A tag added to the bundle's own (repeatable; these win on a clash).")
    Map<String, String> tags = new LinkedHashMap<>();

    @Option(names = "--version", paramLabel = "N",
            description = "Publish exactly version N; fails if it is taken (numbers are never reused).")
    Integer version;

    @Option(names = "--compression", paramLabel = "zstd|gzip|none", defaultValue = "zstd",
            description = "The archive's compression (default: ${DEFAULT-VALUE}).")
    Compression compression;

    @Option(names = "--training-sample", paramLabel = "FILE",
            description = {"Training rows (a .csv file with a header row, or .jsonl) from which the monitoring baseline is "
                    + "computed, for drift monitoring ('batch run --monitor-drift'). CSV values are typed by the model's input "
                    + "schema, otherwise read as numbers when they parse. Needs the model's format on the class path."})
    Path trainingSample;

    @Override
    void run(ModelRepository repository) throws IOException {
        if (!Files.isDirectory(bundleDirectory)) {
            throw badArgument("not a directory: " + bundleDirectory);
        }
        if (!Files.isRegularFile(bundleDirectory.resolve(BundleManifest.FILE_NAME))) {
            throw badArgument("not a bundle directory (no " + BundleManifest.FILE_NAME + "): " + bundleDirectory
                    + "; save the model with its format first");
        }
        PublishOptions.Builder options = PublishOptions.builder().tags(tags).compression(compression);
        if (description != null) {
            options.description(description);
        }
        if (trainingSample != null) {
            if (!Files.isRegularFile(trainingSample)) {
                throw badArgument("--training-sample: no such file: " + trainingSample);
            }
            Schema inputs = Bundles.readManifest(bundleDirectory).info().inputSchema();
            options.trainingSample(SampleFile.read(trainingSample, inputs));
        }
        if (version != null) {
            if (version <= 0) {
                throw badArgument("--version must be a positive integer, was " + version);
            }
            options.version(version);
        }
        out().println(repository.publishBundle(bundleDirectory, uri, options.build()));
    }
}

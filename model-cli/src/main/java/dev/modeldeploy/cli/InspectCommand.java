package dev.modeldeploy.cli;

import dev.modeldeploy.api.ModelInfo;
import dev.modeldeploy.api.bundle.ArchiveInfo;
import dev.modeldeploy.api.bundle.BundleFile;
import dev.modeldeploy.api.bundle.PublishedManifest;
import dev.modeldeploy.api.repository.ModelRepository;
import dev.modeldeploy.api.repository.ModelUri;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.net.URI;
import java.util.List;

/** {@code modeldeploy inspect URI}: the published manifest of one version, as JSON. */
@Command(name = "inspect",
        description = {"Print the manifest of the version a URI names as JSON: the model's info (format, schemas, "
                + "description, tags, input example), the archive, and every file with its size and SHA-256.",
                "Reads the manifest only; use 'verify' to check the archive against it."})
final class InspectCommand extends RepositoryCommand {
    @Parameters(paramLabel = "URI", description = "The model URI: latest, a version (.../name/7) or an alias (.../name@production).")
    URI uri;

    /** What {@code inspect} prints. */
    record Manifest(URI uri, int bundleFormat, ArchiveInfo archive, ModelInfo info, List<BundleFile> files) {
    }

    @Override
    void run(ModelRepository repository) {
        PublishedManifest published = repository.manifest(uri);
        ModelInfo info = published.manifest().info();
        URI versioned = ModelUri.parse(uri).model().withVersion(info.version()).toUri();
        JsonOutput.print(out(), new Manifest(versioned, published.bundleFormat(), published.archive(), info,
                published.manifest().files()));
    }
}

package dev.modeldeploy.api.repository;

import dev.modeldeploy.api.ModelInfo;
import dev.modeldeploy.api.bundle.ArchiveInfo;

import java.net.URI;
import java.util.List;

/**
 * One published version as a listing shows it. Immutable.
 *
 * @param uri     the exact versioned URI
 * @param version the version number
 * @param info    the model's info
 * @param archive the archive's name, size and SHA-256
 * @param aliases the aliases pointing to this version, sorted
 */
public record ModelVersion(URI uri, int version, ModelInfo info, ArchiveInfo archive, List<String> aliases) {
    public ModelVersion {
        aliases = List.copyOf(aliases);
    }
}

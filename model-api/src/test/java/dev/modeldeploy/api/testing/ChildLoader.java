package dev.modeldeploy.api.testing;

import dev.modeldeploy.api.internal.Sha256;
import dev.modeldeploy.api.repository.ModelRepository;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * A second loading process sharing a cache folder: builds its repository, prints {@code READY}, loads
 * the model once it reads a line from stdin and prints {@code LOADED <score at x=0> <payload sha256>}.
 *
 * <p>Arguments: model URI, cache folder, and optionally a warm-up model URI and its own cache folder,
 * loaded before {@code READY} so that class loading and native code do not delay the real load.
 */
public final class ChildLoader {
    private ChildLoader() {
    }

    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0]);
        Path cache = Path.of(args[1]);
        if (args.length > 2) {
            try (ModelRepository warmUp = ModelRepository.builder().cacheDirectory(Path.of(args[3])).build()) {
                warmUp.load(URI.create(args[2])).close();
            }
        }
        try (ModelRepository repo = ModelRepository.builder().cacheDirectory(cache).build()) {
            System.out.println("READY");
            System.out.flush();
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            WeightedSumModel model = (WeightedSumModel) repo.load(uri);
            String sha = Sha256.of(model.payload().orElseThrow());
            System.out.println("LOADED " + model.predictRecord(Map.of("x", 0.0)) + " " + sha);
        }
    }
}

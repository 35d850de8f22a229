package dev.modeldeploy.api.testing;

import dev.modeldeploy.api.repository.ModelRepository;
import dev.modeldeploy.api.repository.ModelUri;
import dev.modeldeploy.api.repository.PublishOptions;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * A second publishing process: publishes {@code count} {@link WeightedSumModel}s to one model URI as
 * soon as it reads a line from stdin, printing {@code VERSION <version> <process> <index>} for each.
 *
 * <p>Arguments: model URI, cache folder, process id (an integer), count. Prints {@code READY} once warmed
 * up (store opened, classes and native code loaded by a warm-up publish to another model).
 */
public final class ChildPublisher {
    private ChildPublisher() {
    }

    /** The bias that encodes which process published which model. */
    public static float bias(int process, int index) {
        return process * 100 + index;
    }

    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0]);
        Path cache = Path.of(args[1]);
        int process = Integer.parseInt(args[2]);
        int count = Integer.parseInt(args[3]);
        try (ModelRepository repo = ModelRepository.builder().cacheDirectory(cache).build()) {
            ModelUri m = ModelUri.parse(uri);
            URI warmUp = new ModelUri(m.root(), m.name() + "-warmup-" + process, 0, null).toUri();
            repo.publish(WeightedSumModel.of("warmup", Map.of("x", 1f), 0f), warmUp, PublishOptions.defaults());
            System.out.println("READY");
            System.out.flush();
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            for (int i = 0; i < count; i++) {
                WeightedSumModel model = WeightedSumModel.of("m", Map.of("x", 1f), bias(process, i));
                PublishOptions options = PublishOptions.builder()
                        .tags(Map.of("process", Integer.toString(process), "index", Integer.toString(i))).build();
                URI published = repo.publish(model, uri, options);
                System.out.println("VERSION " + ModelUri.parse(published).version() + " " + process + " " + i);
                System.out.flush();
            }
        }
        System.out.println("DONE");
    }
}

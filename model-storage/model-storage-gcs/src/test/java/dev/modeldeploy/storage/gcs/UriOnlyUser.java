package dev.modeldeploy.storage.gcs;

import dev.modeldeploy.api.Model;
import dev.modeldeploy.api.testing.WeightedSumModel;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A user's program that knows nothing but model URIs: run in a child JVM whose only GCS
 * configuration is the environment. {@code publish <uri> <bias>} or {@code load <uri>...}.
 */
public final class UriOnlyUser {
    private UriOnlyUser() {
    }

    /** The lead-scoring model: 0.5 per visit, 2 per email, plus {@code bias}. */
    static WeightedSumModel model(float bias) {
        Map<String, Float> weights = new LinkedHashMap<>();
        weights.put("visits", 0.5f);
        weights.put("emails", 2f);
        return WeightedSumModel.of("lead-scoring", weights, bias);
    }

    @SuppressWarnings("rawtypes") // Map.class is how a user names a Map input type
    public static void main(String[] args) {
        if ("publish".equals(args[0])) {
            URI published = model(Float.parseFloat(args[2])).toRemote(URI.create(args[1]));
            System.out.println("PUBLISHED " + published);
        } else {
            for (int i = 1; i < args.length; i++) {
                try (Model<Map, ?, Double> model = Model.fromRemote(URI.create(args[i]), Map.class, Double.class)) {
                    System.out.println("SCORE " + args[i] + " " + model.predictRecord(Map.of("visits", 2, "emails", 1)));
                }
            }
        }
    }
}

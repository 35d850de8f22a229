package dev.modeldeploy.examples.recommendations;

import dev.modeldeploy.api.prediction.Classification;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * One recommended item and the model's probability that the user picks it; a row of the
 * {@code recommendations} table (columns {@code item_id}, {@code score}).
 *
 * @param itemId the catalog item
 * @param score  the model's probability for it
 */
public record Recommendation(String itemId, double score) {
    /** The {@code k} likeliest items of a prediction, best first (ties: catalog order). */
    public static List<Recommendation> top(Classification prediction, int k) {
        float[] p = prediction.probabilities();
        List<Recommendation> out = new ArrayList<>(k);
        IntStream.range(0, p.length).boxed()
                .sorted(Comparator.<Integer>comparingDouble(i -> -p[i]).thenComparingInt(i -> i))
                .limit(k)
                .forEach(i -> out.add(new Recommendation(prediction.labels().get(i), p[i])));
        return out;
    }
}

package dev.modeldeploy.runtime.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modeldeploy.api.Model;
import dev.modeldeploy.api.bundle.Bundles;
import dev.modeldeploy.api.error.IntegrityException;
import dev.modeldeploy.api.repository.ModelRepository;
import dev.modeldeploy.api.repository.PublishOptions;
import dev.modeldeploy.api.testing.TestRepositories;
import dev.modeldeploy.api.testing.WeightedSumModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class BaselinePublishTest {
    @TempDir
    Path tmp;

    static List<Map<String, Object>> sample(int rows, long seed) {
        Random random = new Random(seed);
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("age", 40 + 10 * random.nextGaussian());
            row.put("visits", (double) random.nextInt(5));
            out.add(row);
        }
        return out;
    }

    static WeightedSumModel model() {
        Map<String, Float> weights = new LinkedHashMap<>();
        weights.put("age", 0.5f);
        weights.put("visits", 2f);
        return WeightedSumModel.of("leads", weights, 1f);
    }

    @Test
    void publishingWithATrainingSampleStoresTheBaselineInsideTheVerifiedBundle() throws Exception {
        ModelRepository repository = TestRepositories.repository(tmp);
        List<Map<String, Object>> sample = sample(2000, 1);
        URI uri = repository.publish(model(), TestRepositories.modelUri(tmp, "leads"),
                PublishOptions.builder().trainingSample(sample).build());

        Path bundle = tmp.resolve("fetched");
        repository.fetch(uri, bundle);
        Baseline stored = Baseline.of(Bundles.verify(bundle).info()).orElseThrow();
        try (Model<?, ?, ?> loaded = repository.load(uri)) {
            assertThat(Baseline.of(loaded.info())).contains(stored);
        }

        assertThat(stored.rows()).isEqualTo(2000);
        assertThat(stored.inputs()).containsOnlyKeys("age", "visits");
        assertThat(stored.outputs()).containsOnlyKeys("prediction");
        SignalBaseline age = stored.inputs().get("age");
        double[] ages = sample.stream().mapToDouble(r -> (double) r.get("age")).toArray();
        assertThat(age.count()).isEqualTo(2000);
        assertThat(age.mean()).isCloseTo(java.util.Arrays.stream(ages).average().orElseThrow(), within(1e-9));
        assertThat(age.min()).isEqualTo(java.util.Arrays.stream(ages).min().orElseThrow());
        assertThat(age.std()).isCloseTo(10, within(1.0));
        // Decile edges: each inner bin holds about a tenth of the training rows, nothing outside the edges.
        long[] bins = age.bins();
        assertThat(bins[0]).isZero();
        assertThat(bins[bins.length - 1]).isZero();
        for (int i = 1; i < bins.length - 1; i++) {
            assertThat(bins[i]).isBetween(190L, 210L);
        }
        // A discrete field: the duplicated deciles merge, and every value keeps its own bin.
        SignalBaseline visits = stored.inputs().get("visits");
        assertThat(visits.edges()).containsExactly(0, 1, 2, 3, 4);
        assertThat(visits.count()).isEqualTo(2000);
        // The output: the model's score, recomputed here.
        SignalBaseline prediction = stored.outputs().get("prediction");
        double expectedMean = sample.stream().mapToDouble(r -> 0.5 * (double) r.get("age") + 2 * (double) r.get("visits") + 1)
                .average().orElseThrow();
        assertThat(prediction.mean()).isCloseTo(expectedMean, within(1e-3));
        assertThat(prediction.quantiles()).extracting(Quantile::probability).containsExactly(0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99);
    }

    @Test
    void aTamperedBaselineFailsTheIntegrityCheck() throws Exception {
        ModelRepository publisher = TestRepositories.repository(tmp.resolve("publisher"));
        URI uri = publisher.publish(model(), TestRepositories.modelUri(tmp, "leads"),
                PublishOptions.builder().trainingSample(sample(500, 2)).build());
        Path outer = tmp.resolve("store").resolve("leads").resolve("1").resolve("MODEL.json");
        ObjectMapper json = new ObjectMapper();
        JsonNode manifest = json.readTree(outer.toFile());
        ArrayNode bins = (ArrayNode) findBaseline(manifest).get("signals").get(0).get("bins");
        bins.set(1, bins.get(1).longValue() + 100);
        Files.write(outer, json.writeValueAsBytes(manifest));

        ModelRepository reader = TestRepositories.repository(tmp.resolve("reader"));
        assertThatThrownBy(() -> reader.fetch(uri, tmp.resolve("fetched"))).isInstanceOf(IntegrityException.class);
    }

    private static ObjectNode findBaseline(JsonNode node) {
        if (node.has("baseline") && node.get("baseline").isObject()) {
            return (ObjectNode) node.get("baseline");
        }
        for (JsonNode child : node) {
            if (child.isContainerNode()) {
                ObjectNode found = findBaseline(child);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    @Test
    void theJsonFormRoundTripsAndWrongDocumentsAreRefusedWithTheirReason() {
        Baseline b = HistogramBaselineComputer.baseline(model(), sample(300, 3));
        assertThat(Baseline.parse(b.toJson())).isEqualTo(b);

        ObjectNode badLayout = (ObjectNode) b.toJson();
        badLayout.put("layout", 99);
        assertThatThrownBy(() -> Baseline.parse(badLayout)).isInstanceOf(BaselineException.class).hasMessageContaining("layout 99");
        ObjectNode badBins = (ObjectNode) b.toJson();
        ((ArrayNode) badBins.get("signals").get(0).get("bins")).remove(0);
        assertThatThrownBy(() -> Baseline.parse(badBins)).isInstanceOf(BaselineException.class).hasMessageContaining("age");
    }

    @Test
    void binsPutValuesWhereTheEdgesSay() {
        SignalBaseline s = SignalBaseline.numeric("x", SignalSource.INPUT, 0, 0, 0, 0, 0, List.of(),
                new double[]{0, 1, 2}, new long[4]);
        assertThat(s.binOf(-0.1)).isZero();
        assertThat(s.binOf(0)).isEqualTo(1);
        assertThat(s.binOf(0.99)).isEqualTo(1);
        assertThat(s.binOf(1)).isEqualTo(2);
        assertThat(s.binOf(2)).isEqualTo(2);
        assertThat(s.binOf(2.01)).isEqualTo(3);
        assertThat(s.binLabels()).containsExactly("< 0.0", "[0.0, 1.0)", "[1.0, 2.0]", "> 2.0");
        SignalBaseline constant = SignalBaseline.numeric("c", SignalSource.INPUT, 0, 0, 0, 0, 0, List.of(),
                new double[]{5, 5}, new long[3]);
        assertThat(new int[]{constant.binOf(4), constant.binOf(5), constant.binOf(6)}).containsExactly(0, 1, 2);
        SignalBaseline c = SignalBaseline.categorical("country", SignalSource.INPUT, 0, List.of("fr", "de"), new long[3]);
        assertThat(new int[]{c.binOf("fr"), c.binOf("de"), c.binOf("it")}).containsExactly(0, 1, 2);
    }
}
